using AnomalyPlatform.Detector;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDetector();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
