using AnomalyPlatform.RootCause;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRootCause();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
