using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>A request the fake server received.</summary>
internal sealed record CapturedRequest(string Path, string? Authorization, string Body);

/// <summary>
/// A real HTTP server on 127.0.0.1 (random port) that speaks the OpenAI chat-completions protocol; each test decides
/// the answers. It captures every request so tests can check what left the process.
/// </summary>
internal sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    /// <summary>Where a responder finds the request body it answers (<c>context.Items[BodyKey]</c>).</summary>
    public const string BodyKey = "captured-body";

    private readonly WebApplication _app;

    private FakeChatCompletionsServer(WebApplication app) => _app = app;

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>The base URL to configure, ending in <c>/v1</c> like Groq's.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <param name="respond">Given the 1-based request number, writes the response.</param>
    /// <param name="servedModels">What <c>GET /v1/models</c> lists (absent: that route answers 404).</param>
    public static async Task<FakeChatCompletionsServer> StartAsync(Func<int, HttpContext, Task> respond, IReadOnlyList<string>? servedModels = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeChatCompletionsServer(app);
        var count = 0;
        app.MapPost("/v1/chat/completions", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server.Requests.Enqueue(new CapturedRequest(context.Request.Path, context.Request.Headers.Authorization, body));
            context.Items[BodyKey] = body;
            await respond(Interlocked.Increment(ref count), context);
        });
        if (servedModels is not null)
        {
            app.MapGet("/v1/models", (HttpContext context) =>
            {
                server.Requests.Enqueue(new CapturedRequest(context.Request.Path, context.Request.Headers.Authorization, ""));
                var data = new JsonArray([.. servedModels.Select(id => (JsonNode)new JsonObject
                {
                    ["id"] = id, ["object"] = "model", ["created"] = 1_735_732_800, ["owned_by"] = "test",
                })]);
                return Results.Content(new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString(), "application/json");
            });
        }

        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>A 200 chat completion whose message content is <paramref name="content"/>.</summary>
    public static Task WriteCompletionAsync(HttpContext context, string content)
    {
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_735_732_800,
            ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(response.ToJsonString());
    }

    /// <summary>An error status, with extra response headers such as <c>retry-after</c>.</summary>
    public static Task WriteStatusAsync(HttpContext context, int status, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"error":{"message":"server error","type":"server_error"}}""");
    }

    /// <summary>An OpenAI-style error answer with its code, as a provider sends for a retired model.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = code } };
        return context.Response.WriteAsync(error.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
