using System.ComponentModel.DataAnnotations;
using AnomalyPlatform.Generator.Runs;

namespace AnomalyPlatform.Generator.Tests.Runs;

public sealed class RunStatusOptionsTests
{
    [Theory]
    [InlineData("http://localhost:5182", "http://localhost:5182/runs/run-42-20261203-081500-1a2b")]
    [InlineData("http://localhost:5182/", "http://localhost:5182/runs/run-42-20261203-081500-1a2b")]
    [InlineData("https://platform.example/rootcause", "https://platform.example/rootcause/runs/run-42-20261203-081500-1a2b")]
    public void The_status_link_is_absolute_on_the_root_cause_service(string baseUrl, string expected)
    {
        var options = new RunStatusOptions { BaseUrl = baseUrl };

        Assert.Equal(expected, options.StatusOf("run-42-20261203-081500-1a2b")!.AbsoluteUri);
    }

    [Fact]
    public void Without_the_root_cause_address_there_is_no_status_link()
    {
        Assert.Null(new RunStatusOptions().StatusOf("run-1"));
    }

    [Fact]
    public void A_relative_address_is_refused_at_start_naming_the_setting()
    {
        var options = new RunStatusOptions { BaseUrl = "/runs" };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.StartsWith("RunStatus:BaseUrl must be an absolute http or https URL", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }
}
