using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class BehaviourShiftTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Service_that_starts_writing_a_new_line_in_the_window_is_the_one_that_shifted()
    {
        var counts = Steady(30);
        for (var m = 20; m < 23; m++)
        {
            counts.Add(new BehaviourCount("b", "query failed for order <*>", T0.AddMinutes(m), 40));
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30));

        Assert.True(scores["b"] > 0.9, $"b shifted by {scores["b"]}");
        // a's share of the lines falls while b writes more, so a moves too, but far less.
        Assert.True(scores.GetValueOrDefault("a") < scores["b"] - 0.1);
    }

    [Fact]
    public void Service_whose_usual_line_vanishes_in_the_window_shifted()
    {
        var counts = new List<BehaviourCount>();
        for (var m = 0; m < 30; m++)
        {
            counts.Add(new BehaviourCount("a", "served <*>", T0.AddMinutes(m), 50));
            if (m is < 20 or >= 23)
            {
                counts.Add(new BehaviourCount("b", "route found <*>", T0.AddMinutes(m), 50));
            }
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22));

        Assert.True(scores["b"] > 0.5, $"b shifted by {scores["b"]}");
    }

    [Fact]
    public void Service_that_writes_more_of_every_line_it_writes_is_no_shift()
    {
        // b is three times as busy in minutes 20 to 22 (more requests, or retries from a caller), writing the same lines in
        // the same proportions: more traffic, the same behaviour. Against the run's lines, every b line would surge.
        var counts = new List<BehaviourCount>();
        for (var m = 0; m < 30; m++)
        {
            var load = m is >= 20 and < 23 ? 3 : 1;
            counts.Add(new BehaviourCount("a", "served <*>", T0.AddMinutes(m), 50 + m % 5));
            counts.Add(new BehaviourCount("b", "order <*> stored", T0.AddMinutes(m), load * (30 + m % 3)));
            counts.Add(new BehaviourCount("b", "order <*> read", T0.AddMinutes(m), load * (20 + m % 2)));
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30));

        Assert.False(scores.ContainsKey("b"), $"b shifted by {scores.GetValueOrDefault("b")}");
    }

    [Fact]
    public void Ordinary_minute_to_minute_variation_is_left_to_chance()
    {
        var counts = Steady(60);

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(30), T0.AddMinutes(33));

        Assert.Empty(scores);
    }

    [Fact]
    public void A_line_that_prints_different_words_is_one_template_not_a_new_one_per_word()
    {
        var counts = Steady(30);
        // The same statement with a different station in every minute: clustered, it is a steady line, not 30 new ones.
        var stations = new[] { "shanghai", "beijing", "nanjing", "suzhou", "taiyuan", "wuxi" };
        for (var m = 0; m < 30; m++)
        {
            counts.Add(new BehaviourCount("b", $"left ticket info start {stations[m % stations.Length]} dest {stations[(m + 1) % stations.Length]} seats <*>", T0.AddMinutes(m), 20));
        }

        var scores = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22));

        Assert.False(scores.ContainsKey("b"));
    }

    [Fact]
    public void Counts_gathered_segment_by_segment_in_any_order_give_the_shift_of_the_whole_run()
    {
        var counts = Steady(30);
        for (var m = 20; m < 23; m++)
        {
            counts.Add(new BehaviourCount("b", "query failed for order <*>", T0.AddMinutes(m), 40));
        }

        // Two segments meeting inside minute 21, each counting its own part of it, arriving last first.
        var builder = new BehaviourShift.Builder();
        builder.Add(counts.Where(c => c.Minute >= T0.AddMinutes(21)).Select(c => c.Minute == T0.AddMinutes(21) ? c with { Count = c.Count / 2 } : c));
        builder.Add(counts.Where(c => c.Minute <= T0.AddMinutes(21)).Select(c => c.Minute == T0.AddMinutes(21) ? c with { Count = c.Count - c.Count / 2 } : c));

        var whole = new BehaviourShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22));
        var gathered = builder.Build().Scores(T0.AddMinutes(20), T0.AddMinutes(22));

        Assert.Equal(whole.OrderBy(s => s.Key, StringComparer.Ordinal), gathered.OrderBy(s => s.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void No_counts_shift_nothing()
    {
        var shift = new BehaviourShift([]);

        Assert.True(shift.IsEmpty);
        Assert.Empty(shift.Scores(T0, T0.AddMinutes(5)));
    }

    /// <summary>Two services writing their usual lines with a little minute-to-minute noise.</summary>
    private static List<BehaviourCount> Steady(int minutes)
    {
        var counts = new List<BehaviourCount>();
        for (var m = 0; m < minutes; m++)
        {
            counts.Add(new BehaviourCount("a", "served <*>", T0.AddMinutes(m), 50 + m % 5));
            counts.Add(new BehaviourCount("b", "order <*> stored", T0.AddMinutes(m), 30 + m % 3));
        }

        return counts;
    }
}
