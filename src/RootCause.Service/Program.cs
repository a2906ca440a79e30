using AnomalyPlatform.RootCause;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRootCauseService();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRunEndpoints();
app.Run();
