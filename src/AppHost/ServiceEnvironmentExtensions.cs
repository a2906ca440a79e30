using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.AppHost;

/// <summary>The environment every service project gets: the shared run folder and the SQS transport.</summary>
internal static class ServiceEnvironmentExtensions
{
    /// <summary>Generator and RootCause write the files of one run into the same folder, so both get the same absolute path.</summary>
    public static IResourceBuilder<ProjectResource> WithRunOutput(this IResourceBuilder<ProjectResource> project, PlatformSettings platform) =>
        project.WithEnvironment("Output__Directory", platform.OutputDirectory);

    /// <summary>
    /// RootCause's endpoint as the generator's <c>RunStatus:BaseUrl</c>, so that the answer to <c>POST /runs</c> links the
    /// run's status where it is served (<c>http://localhost:5182/runs/{run_id}</c>), whichever port the endpoint got. The
    /// generator never calls it: the services meet only through messages.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRunStatusAt(
        this IResourceBuilder<ProjectResource> generator, IResourceBuilder<ProjectResource> rootCause) =>
        generator.WithEnvironment("RunStatus__BaseUrl", rootCause.GetEndpoint("http"));

    /// <summary>
    /// SQS with one queue prefix for all services. With the emulator: its URL and dummy credentials in the AWS SDK's
    /// standard variables, and the service waits until it is healthy (queues are created by each service at start).
    /// Without it (<c>Aws:UseEmulator=false</c>): the SDK's default chain finds real AWS, in <c>Aws:Region</c> if set.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSqs(
        this IResourceBuilder<ProjectResource> project, PlatformSettings platform, IResourceBuilder<ExecutableResource>? emulator)
    {
        project.WithEnvironment("Messaging__Transport", "Sqs")
            .WithEnvironment("Messaging__Sqs__QueuePrefix", platform.QueuePrefix);
        if (emulator is null)
        {
            return platform.AwsRegion is { Length: > 0 } region ? project.WithEnvironment("AWS_REGION", region) : project;
        }

        var endpoint = emulator.GetEndpoint(SqsEmulatorExtensions.EndpointName);
        return project
            .WithEnvironment("AWS_ENDPOINT_URL_SQS", endpoint)
            .WithEnvironment("AWS_ENDPOINT_URL_S3", endpoint)
            .WithEnvironment("AWS_ACCESS_KEY_ID", "test")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "test")
            .WithEnvironment("AWS_REGION", platform.AwsRegion ?? "us-east-1")
            .WaitFor(emulator);
    }

    /// <summary>
    /// The LLM settings given to the AppHost (<c>Llm:Provider</c>, <c>Llm:Model</c>, <c>Llm:BaseUrl</c>), and the key as
    /// the secret parameter <c>groq-api-key</c> when it has a value. An unset parameter would stop the start of every
    /// resource that uses it until someone types it into the dashboard, and the mock needs no key, so it is left out then.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLlm(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder)
    {
        foreach (var setting in (string[])["Provider", "Model", "BaseUrl"])
        {
            if (builder.Configuration[$"Llm:{setting}"] is { Length: > 0 } value)
            {
                project.WithEnvironment($"Llm__{setting}", value);
            }
        }

        // Aspire also reads Parameters:groq_api_key, so the shell variable Parameters__groq_api_key works (no hyphen in bash names).
        if (!string.IsNullOrEmpty(builder.Configuration["Parameters:groq-api-key"] ?? builder.Configuration["Parameters:groq_api_key"]))
        {
            project.WithEnvironment("GROQ_API_KEY", builder.AddParameter("groq-api-key", secret: true));
        }

        return project;
    }
}
