using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class CallTransitShiftTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Caller, string Callee)[] Calls =
        [("gateway", "cart"), ("gateway", "checkout"), ("checkout", "cart"), ("checkout", "payment"), ("checkout", "shipping")];

    [Fact]
    public void Calls_into_one_service_from_every_caller_taking_longer_point_at_that_service()
    {
        var counts = Steady(60, slowFrom: 30, slowTo: 32, slow: c => c.Callee == "cart");

        var changes = new CallTransitShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Equal(["cart"], changes.Keys);
        Assert.True(changes["cart"].Score > 0.8, $"cart shifted by {changes["cart"].Score}");
        Assert.StartsWith("calls into it (checkout, gateway): 120 of 120 in the incident's minutes", changes["cart"].Evidence);
    }

    [Fact]
    public void A_caller_whose_calls_to_everyone_take_longer_is_the_one_that_changed_not_its_callees()
    {
        var counts = Steady(60, slowFrom: 30, slowTo: 32, slow: c => c.Caller == "checkout");

        var changes = new CallTransitShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Equal(["checkout"], changes.Keys);
        Assert.StartsWith("calls out of it (cart, payment, shipping): 180 of 180", changes["checkout"].Evidence);
    }

    [Fact]
    public void A_service_whose_calls_in_and_its_only_call_out_took_longer_is_the_one_that_changed_not_its_callee()
    {
        // checkout's CPU is starved: gateway's calls reach it late, and its calls to payment, its only callee here,
        // leave late; payment's other caller sees nothing.
        var counts = Steady(60, slowFrom: 30, slowTo: 32, slow: c => c is ("gateway", "checkout") or ("checkout", "payment"))
            .Where(c => c.CalleeService is not ("cart" or "shipping") || c.CallerService != "checkout").ToList();
        for (var m = 0; m < 60; m++)
        {
            counts.Add(new CallTransitCount("orders", "payment", T0.AddMinutes(m), 1, 18));
            counts.Add(new CallTransitCount("orders", "payment", T0.AddMinutes(m), 1.41, 2));
        }

        var changes = new CallTransitShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Equal(["checkout"], changes.Keys);
    }

    [Fact]
    public void Calls_taking_as_long_as_ever_or_a_single_slow_call_are_no_change()
    {
        var steady = Steady(60, slowFrom: 0, slowTo: -1, slow: _ => false);
        var oneSlow = new List<CallTransitCount>(steady) { new("gateway", "cart", T0.AddMinutes(31), 80, 1) };

        Assert.Empty(new CallTransitShift(steady).Changes(T0.AddMinutes(30), T0.AddMinutes(32)));
        Assert.Empty(new CallTransitShift(oneSlow).Changes(T0.AddMinutes(30), T0.AddMinutes(32)));
        Assert.True(new CallTransitShift([]).IsEmpty);
    }

    [Fact]
    public void A_delay_seen_by_a_handful_of_traced_calls_is_told_by_the_untraced_requests_log_lines_beside_them()
    {
        // One request a minute traced on each edge: the two calls into cart in the delay's minute are too few to decide,
        // and the other requests' log lines, each pair of services its own edge with its own threshold, join them.
        var all = Steady(60, slowFrom: 30, slowTo: 30, slow: c => c.Callee == "cart");
        var traced = all.Where(static c => c.TransitMs is 1 or 50).Select(static c => c with { Count = 1 }).ToList();
        var untraced = all.Select(static c => c with { TransitMs = c.TransitMs + 10, Count = c.TransitMs is 1 or 50 ? c.Count - 1 : c.Count }).ToList();

        var spansOnly = new CallTransitShift(traced).Changes(T0.AddMinutes(30), T0.AddMinutes(30));
        var pooled = new CallTransitShift(traced, untraced).Changes(T0.AddMinutes(30), T0.AddMinutes(30));

        Assert.Empty(spansOnly);
        Assert.Equal(["cart"], pooled.Keys);
        Assert.StartsWith("calls into it (checkout, gateway): 2 of 2 in the incident's minutes spent longer outside the callee's span (network, queueing) and untraced requests' log lines passing into it (checkout, gateway): 38 of 38 took longer", pooled["cart"].Evidence);
    }

    [Fact]
    public void Where_the_traces_kept_were_chosen_for_being_slow_the_untraced_requests_fast_hand_overs_do_not_hide_the_delay()
    {
        // Tail sampling: in the delay's minute the six slow requests were traced, the forty others left untraced.
        var (traced, untraced) = (new List<CallTransitCount>(), new List<CallTransitCount>());
        for (var m = 0; m < 60; m++)
        {
            if (m == 30)
            {
                traced.Add(new CallTransitCount("gateway", "cart", T0.AddMinutes(m), 50, 6));
                untraced.Add(new CallTransitCount("gateway", "cart", T0.AddMinutes(m), 11, 40));
                continue;
            }

            traced.AddRange([new("gateway", "cart", T0.AddMinutes(m), 1, 14), new("gateway", "cart", T0.AddMinutes(m), 1.19, 4), new("gateway", "cart", T0.AddMinutes(m), 1.41, 2)]);
            untraced.AddRange([new("gateway", "cart", T0.AddMinutes(m), 11, 14), new("gateway", "cart", T0.AddMinutes(m), 11.19, 4), new("gateway", "cart", T0.AddMinutes(m), 11.41, 2)]);
        }

        var changes = new CallTransitShift(traced, untraced).Changes(T0.AddMinutes(30), T0.AddMinutes(30));

        Assert.StartsWith("calls into it (gateway): 6 of 6 in the incident's minutes spent longer outside the callee's span", changes["cart"].Evidence);
    }

    [Fact]
    public void Built_segment_by_segment_it_scores_as_from_the_whole_run()
    {
        var counts = Steady(40, slowFrom: 20, slowTo: 22, slow: c => c.Callee == "cart");
        var builder = new CallTransitShift.Builder();
        builder.Add(counts.Where(c => c.Minute < T0.AddMinutes(21)).ToList());
        builder.Add(counts.Where(c => c.Minute >= T0.AddMinutes(21)).ToList());

        var whole = new CallTransitShift(counts).Changes(T0.AddMinutes(20), T0.AddMinutes(22));

        Assert.Equal(whole, builder.Build().Changes(T0.AddMinutes(20), T0.AddMinutes(22)));
        Assert.Equal(["cart"], whole.Keys);
    }

    [Fact]
    public void With_one_caller_either_end_may_be_slow_and_the_end_all_of_whose_calls_slowed_scores_higher()
    {
        var counts = Steady(60, slowFrom: 30, slowTo: 32, slow: c => c.Callee == "payment");

        var changes = new CallTransitShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Equal(["checkout", "payment"], changes.Keys.Order());
        Assert.True(changes["payment"].Score > changes["checkout"].Score, $"payment {changes["payment"].Score}, checkout {changes["checkout"].Score}");
        // A third of its calls out slowed (the usual one in ten of the others counts too).
        Assert.StartsWith("calls out of it (cart, payment, shipping): 72 of 180", changes["checkout"].Evidence);
    }

    /// <summary>
    /// 20 calls a minute on every edge, most within a millisecond and one in ten slower; from <paramref name="slowFrom"/>
    /// to <paramref name="slowTo"/> the calls <paramref name="slow"/> picks all take 50 ms more outside the callee.
    /// </summary>
    private static List<CallTransitCount> Steady(int minutes, int slowFrom, int slowTo, Func<(string Caller, string Callee), bool> slow)
    {
        var counts = new List<CallTransitCount>();
        for (var m = 0; m < minutes; m++)
        {
            foreach (var call in Calls)
            {
                if (m >= slowFrom && m <= slowTo && slow(call))
                {
                    counts.Add(new CallTransitCount(call.Caller, call.Callee, T0.AddMinutes(m), 50, 20));
                    continue;
                }

                counts.Add(new CallTransitCount(call.Caller, call.Callee, T0.AddMinutes(m), 1, 14));
                counts.Add(new CallTransitCount(call.Caller, call.Callee, T0.AddMinutes(m), 1.19, 4));
                counts.Add(new CallTransitCount(call.Caller, call.Callee, T0.AddMinutes(m), 1.41, 2));
            }
        }

        return counts;
    }
}
