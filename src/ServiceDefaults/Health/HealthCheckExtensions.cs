using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Health;

/// <summary>Liveness and readiness checks, and the <c>/health</c> and <c>/alive</c> endpoints of a standalone service.</summary>
public static class HealthCheckExtensions
{
    private const string LiveTag = "live";

    /// <summary>The readiness endpoint: every check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>The liveness endpoint: liveness checks only.</summary>
    public const string AlivePath = "/alive";

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check must pass) and <c>/alive</c> (liveness checks only).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }
}
