using AnomalyPlatform.Generator;
using AnomalyPlatform.Generator.Runs;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGeneratorService();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRunEndpoints();
app.Run();
