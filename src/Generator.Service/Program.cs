using AnomalyPlatform.Generator;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGenerator();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
