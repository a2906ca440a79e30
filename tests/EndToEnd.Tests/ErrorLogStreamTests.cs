using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>The CLI's console log: a record at level Error goes to standard error, a warning stays with the output.</summary>
public sealed class ErrorLogStreamTests
{
    [Fact]
    public async Task An_error_logged_during_a_run_that_still_succeeds_is_on_standard_error_and_a_warning_on_standard_output()
    {
        // The model list cannot be asked (a warning at start) and every call answers that the model does not exist
        // (an error; the explanations fall back and the run completes).
        await using var server = await FakeChatCompletionsServer.StartAsync(
            (_, context) => FakeChatCompletionsServer.WriteErrorAsync(context, 404, "model_not_found", "The model `absent-model` does not exist"));
        var keyVariable = "ERROR_LOG_STREAM_KEY_" + Guid.NewGuid().ToString("N");
        var folder = Directory.CreateTempSubdirectory("anomaly-error-log-").FullName;
        try
        {
            var (exitCode, console, output, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string> { [keyVariable] = "sk-test", ["Llm__ApiKeyVariable"] = keyVariable },
                TimeSpan.FromMinutes(3), null,
                "run", "--records", "3000", "--out", folder, "--llm", "openai", "--llm-base-url", server.BaseUrl, "--llm-model", "absent-model");

            Assert.True(exitCode == 0, console);
            Assert.Contains("LLM model absent-model is not served by the endpoint", errors);
            Assert.DoesNotContain("is not served by the endpoint", output);
            Assert.Contains("warn: AnomalyPlatform.RootCause.Llm.LlmModelCheck", output);
            Assert.DoesNotContain("warn:", errors);
            // And the last lines say that what the files hold is not the LLM's, however far the warnings scrolled.
            Assert.Matches(@"\d+ of \d+ incident explanation\(s\) are the candidates' own text, not the LLM's", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
