using System.Text;

namespace AnomalyPlatform.AppHost;

/// <summary>Dashboard buttons on the generator.</summary>
internal static class GeneratorCommandExtensions
{
    public const string StartRunCommand = "start-run";

    /// <summary>"Start run": <c>POST /runs</c> with <c>{}</c>, a run with the generator's configured defaults and a fresh run id.</summary>
    public static IResourceBuilder<ProjectResource> WithStartRunCommand(this IResourceBuilder<ProjectResource> generator) =>
        generator.WithHttpCommand("/runs", "Start run", commandName: StartRunCommand, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "POST /runs: generate a run with the configured defaults; RootCause reports it at GET /runs/{run_id}",
            IconName = "Play",
            IsHighlighted = true,
            ResultMode = HttpCommandResultMode.Json,
            PrepareRequest = context =>
            {
                context.Request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                return Task.CompletedTask;
            },
        });
}
