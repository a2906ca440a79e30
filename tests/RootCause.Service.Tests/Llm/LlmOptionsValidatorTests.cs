using AnomalyPlatform.RootCause.Llm;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class LlmOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_use_the_mock()
    {
        var options = new LlmOptions();

        var result = new LlmOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.False(options.IsOpenAi);
        Assert.Equal("llama-3.1-8b-instant", options.Model);
    }

    [Fact]
    public void Openai_without_a_key_fails_naming_the_variable()
    {
        var variable = "RC_TEST_MISSING_" + Guid.NewGuid().ToString("N");
        var options = new LlmOptions { Provider = "openai", ApiKeyVariable = variable };

        var result = new LlmOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_key_variable_is_groq_api_key()
    {
        Assert.Equal("GROQ_API_KEY", new LlmOptions().ApiKeyVariable);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/v1")]
    [InlineData("/relative/v1")]
    public void Bad_base_url_fails_naming_the_setting(string baseUrl)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { BaseUrl = baseUrl });

        Assert.True(result.Failed);
        Assert.Contains("Llm:BaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_601)]
    public void Circuit_break_outside_its_range_fails_naming_the_setting_and_the_range(int seconds)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { CircuitBreakSeconds = seconds });

        Assert.True(result.Failed);
        Assert.Contains("Llm:CircuitBreakSeconds must be between 1 and 3600", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_fails_naming_the_allowed_values()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = "claude" });

        Assert.True(result.Failed);
        Assert.Contains("'mock' or 'openai'", result.FailureMessage, StringComparison.Ordinal);
    }
}
