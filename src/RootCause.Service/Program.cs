using AnomalyPlatform.RootCause;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Health;

// The container's HEALTHCHECK: the image has no shell or curl, so the service's own assembly asks /health.
if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRootCauseService();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRunEndpoints();
return app.RunCheckingSettings();
