using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class MetricNoveltyTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_reading_held_far_beyond_anything_else_in_the_run_is_novel()
    {
        var peaks = Cpu("contacts", m => m is >= 50 and < 54 ? 100 : 1 + m % 3);

        var scores = new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56));

        Assert.True(scores["contacts"] > 0.9, $"novelty {scores["contacts"]}");
    }

    [Fact]
    public void A_spiky_service_reaching_its_usual_peaks_is_not_novel()
    {
        // An idle service with a short burst every 20 minutes: the burst in the window was reached before.
        var peaks = Cpu("ticket-office", m => m % 20 == 10 ? 6 : 0.001);

        var scores = new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56));

        Assert.False(scores.ContainsKey("ticket-office"));
    }

    [Fact]
    public void A_request_rate_the_run_never_reached_is_a_load_sent_to_the_service_not_a_novelty_of_its_own()
    {
        // The database's request rate held far beyond anything else in the run, as its callers' retries drive it, and
        // its CPU as usual: no novelty. The same shape in its CPU is one.
        var peaks = Cpu("database", m => 1 + m % 3)
            .Concat(Cpu("database", m => m is >= 50 and < 54 ? 100 : 1 + m % 3).Select(p => p with { Name = "request_rate" }))
            .ToList();

        var scores = new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56));

        Assert.False(scores.ContainsKey("database"));
        Assert.True(new MetricNovelty(Cpu("database", m => m is >= 50 and < 54 ? 100 : 1 + m % 3)).Scores(T0.AddMinutes(48), T0.AddMinutes(56))["database"] > 0.9);
    }

    [Fact]
    public void One_stray_minute_is_not_a_new_level()
    {
        var peaks = Cpu("station", m => m == 50 ? 100 : 1 + m % 3);

        var scores = new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56));

        Assert.False(scores.ContainsKey("station"));
    }

    [Fact]
    public void A_rise_only_a_little_beyond_the_runs_earlier_highs_scores_low()
    {
        var peaks = Cpu("route", m => m is >= 50 and < 54 ? 11 : m == 20 ? 10 : 1);

        var scores = new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56));

        Assert.InRange(scores["route"], 0.05, 0.15);
    }

    [Fact]
    public void Peaks_gathered_segment_by_segment_in_any_order_give_the_novelty_of_the_whole_run()
    {
        var peaks = Cpu("contacts", m => m is >= 50 and < 54 ? 100 : 1 + m % 3);
        var builder = new MetricNovelty.Builder();
        builder.Add(peaks.Where(p => p.Minute >= T0.AddMinutes(51)));
        builder.Add(peaks.Where(p => p.Minute <= T0.AddMinutes(51)).Select(p => p.Minute == T0.AddMinutes(51) ? p with { Max = 7 } : p));

        Assert.Equal(
            new MetricNovelty(peaks).Scores(T0.AddMinutes(48), T0.AddMinutes(56))["contacts"],
            builder.Build().Scores(T0.AddMinutes(48), T0.AddMinutes(56))["contacts"]);
    }

    private static List<MetricPeak> Cpu(string service, Func<int, double> reading)
    {
        var peaks = new List<MetricPeak>();
        for (var m = 0; m < 100; m++)
        {
            peaks.Add(new MetricPeak(service, "cpu_percent", T0.AddMinutes(m), reading(m)));
        }

        return peaks;
    }
}
