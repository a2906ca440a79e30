using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AnomalyPlatform.ServiceDefaults.Tests.Configuration;

public sealed class CheckedRunTests
{
    private sealed class ServiceSettings
    {
        public int Replicas { get; set; }
    }

    [Fact]
    public void A_service_whose_settings_are_wrong_says_so_in_one_line_and_exits_with_2_without_starting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Service:Replicas"] = "0";
        builder.Services.AddOptions<ServiceSettings>().BindConfiguration("Service")
            .Validate(settings => settings.Replicas > 0, "Service:Replicas must be at least 1.").ValidateOnStart();
        using var app = builder.Build();
        using var errors = new StringWriter();

        var exitCode = app.RunCheckingSettings(errors);

        Assert.Equal(CheckedRun.InvalidConfiguration, exitCode);
        Assert.Equal("Invalid configuration: Service:Replicas must be at least 1." + Environment.NewLine, errors.ToString());
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_named_with_what_the_setting_takes()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Service:Replicas"] = "two";
        builder.Services.AddOptions<ServiceSettings>().BindConfiguration("Service").ValidateOnStart();
        using var app = builder.Build();
        using var errors = new StringWriter();

        var exitCode = app.RunCheckingSettings(errors);

        Assert.Equal(CheckedRun.InvalidConfiguration, exitCode);
        Assert.Equal("Invalid configuration: Service:Replicas is 'two', which is not a whole number." + Environment.NewLine, errors.ToString());
    }
}
