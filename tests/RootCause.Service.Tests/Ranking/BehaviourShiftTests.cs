using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class BehaviourShiftTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Service_whose_log_template_surges_in_the_window_shifts_most()
    {
        var counts = new List<BehaviourCount>();
        for (var m = 0; m < 30; m++)
        {
            var inWindow = m is >= 20 and < 23;
            counts.Add(new BehaviourCount("a", "log:ok", T0.AddMinutes(m), 50, 0));
            counts.Add(new BehaviourCount("b", "log:ok", T0.AddMinutes(m), 50, 0));
            counts.Add(new BehaviourCount("b", "log:query failed <*>", T0.AddMinutes(m), inWindow ? 40 : 1, 0));
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30));

        Assert.True(scores["b"] > scores.GetValueOrDefault("a"));
    }

    [Fact]
    public void Service_whose_operation_slows_in_the_window_shifts_most()
    {
        var counts = new List<BehaviourCount>();
        for (var m = 0; m < 30; m++)
        {
            var slow = m is >= 20 and < 23;
            counts.Add(new BehaviourCount("a", "span:get", T0.AddMinutes(m), 10, 10 * Math.Log(1 + 20 + m % 3)));
            counts.Add(new BehaviourCount("b", "span:put", T0.AddMinutes(m), 10, 10 * Math.Log(1 + (slow ? 400 : 20 + m % 3))));
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22));

        Assert.Equal(1.0, scores["b"] * 2, 6);
        Assert.True(scores.GetValueOrDefault("a") < scores["b"]);
    }

    [Fact]
    public void No_counts_shift_nothing()
    {
        var shift = new BehaviourShift([]);

        Assert.True(shift.IsEmpty);
        Assert.Empty(shift.Scores(T0, T0.AddMinutes(5)));
    }
}
