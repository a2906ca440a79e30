using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class OrphanBackgroundTests
{
    private const string Charge = "POST /charge";

    /// <summary>payment's requests at one operation, <paramref name="perMinute"/> a minute for minutes 0..<paramref name="minutes"/>-1, busier in the minutes <paramref name="busy"/> lists.</summary>
    private static CallPatternShift Requests(int minutes, int perMinute, string operation = Charge, params int[] busy) =>
        new([.. Enumerable.Range(0, minutes).Select(m =>
            new CallPatternCount("payment", operation, "p1", T0.AddMinutes(m), busy.Contains(m) ? 2 * perMinute : perMinute))]);

    /// <summary>One orphan span at payment per entry of <paramref name="perMinute"/>, over minutes 0..<paramref name="minutes"/>-1.</summary>
    private static List<Detection> Orphans(int minutes, Func<int, int> perMinute, string operation = Charge)
    {
        var orphans = new List<Detection>();
        var id = 1L;
        for (var m = 0; m < minutes; m++)
        {
            for (var k = 0; k < perMinute(m); k++)
            {
                orphans.Add(At(id++, "payment", m * 60 + k, AnomalyTypes.MissingSpan, name: operation, kind: TelemetryKind.Span));
            }
        }

        return orphans;
    }

    [Fact]
    public void Orphans_at_the_share_the_rest_of_the_run_shows_blame_no_one()
    {
        // 100 requests a minute, 10 orphaned every minute: an exporter losing spans all run.
        var background = new OrphanBackground(Orphans(60, static _ => 10), Requests(60, 100));

        Assert.Equal(0, background.ExcessShare("payment", 30, T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30)), 6);
    }

    [Fact]
    public void Orphans_follow_the_traffic_so_a_busier_window_expects_more_of_them()
    {
        // Minutes 20 to 22 carry twice the requests and so twice the orphans: the same share per request.
        var background = new OrphanBackground(Orphans(60, static m => m is >= 20 and <= 22 ? 20 : 10), Requests(60, 100, Charge, 20, 21, 22));

        Assert.Equal(0, background.ExcessShare("payment", 60, T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30)), 6);
    }

    [Fact]
    public void Only_the_orphans_beyond_the_usual_share_count()
    {
        // 2 orphans a minute as a rule, 20 in minutes 20 to 22: 60 in the window where 6 were to be expected.
        var background = new OrphanBackground(Orphans(60, static m => m is >= 20 and <= 22 ? 20 : 2), Requests(60, 100));

        Assert.Equal(1 - 6.0 / 60, background.ExcessShare("payment", 60, T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30)), 6);
    }

    [Fact]
    public void A_service_with_no_orphans_elsewhere_in_the_run_expects_none()
    {
        var background = new OrphanBackground(Orphans(3, static _ => 20).Select(static o => o with { Timestamp = o.Timestamp.AddMinutes(20) }), Requests(60, 100));

        Assert.Equal(1, background.ExcessShare("payment", 60, T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30)));
        Assert.Equal(1, background.ExcessShare("inventory", 5, T0.AddMinutes(20), T0.AddMinutes(22)));
    }

    [Fact]
    public void Each_operation_is_measured_against_its_own_usual_share()
    {
        // GET /health is always orphaned (its caller is not traced); POST /charge never, until minutes 20 to 22.
        var orphans = Orphans(60, static _ => 50, "GET /health");
        orphans.AddRange(Orphans(60, static m => m is >= 20 and <= 22 ? 10 : 0).Select(static o => o with { RecordId = o.RecordId + 10_000 }));
        var requests = new CallPatternShift([.. Enumerable.Range(0, 60).SelectMany(static m => new[]
        {
            new CallPatternCount("payment", "GET /health", "p1", T0.AddMinutes(m), 50),
            new CallPatternCount("payment", Charge, "p2", T0.AddMinutes(m), 500),
        })]);
        var background = new OrphanBackground(orphans, requests);

        // The window's 150 health orphans are usual; its 30 charge orphans are not.
        Assert.Equal(30.0 / 180, background.ExcessShare("payment", 180, T0.AddMinutes(20), T0.AddMinutes(22).AddSeconds(30)), 6);
    }

    [Fact]
    public void A_caller_of_a_service_losing_spans_all_run_is_not_the_incident_s_root_cause()
    {
        // checkout calls payment; payment's spans lose their parent at a steady third of its requests all run. In
        // minutes 20 to 22 inventory slows: without the background, checkout would take the blame for payment's orphans.
        var orphans = Orphans(60, static _ => 30);
        var slow = Enumerable.Range(0, 4).Select(i => At(50_000 + i, "inventory", 20 * 60 + 30 + i * 20, AnomalyTypes.LatencySpike, confidence: 0.6, name: "GET /stock", kind: TelemetryKind.Span));
        var graph = new ServiceGraph([Edge("checkout", "payment", 1000), Edge("checkout", "inventory", 1000)]);
        var options = new RootCauseOptions();
        var inWindow = orphans.Where(static o => o.Timestamp >= T0.AddMinutes(20) && o.Timestamp < T0.AddMinutes(22)).Concat(slow).ToList();
        var incident = Assert.Single(new IncidentGrouper(options).Group(inWindow, graph));
        var ranker = new RootCauseRanker(options);

        var blind = ranker.Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow));
        var measured = ranker.Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow), orphans: new OrphanBackground([.. orphans, .. slow], Requests(60, 100)));

        Assert.Equal("checkout", blind[0].Service);
        Assert.Equal(FaultTypes.TracingLoss, blind[0].FaultKind);
        Assert.Equal("inventory", measured[0].Service);
        Assert.DoesNotContain(measured, c => c.FaultKind == FaultTypes.TracingLoss);
    }

    [Fact]
    public void A_burst_of_orphans_above_the_usual_share_blames_the_caller_and_says_how_many_were_usual()
    {
        // payment orphans 2 of its 100 requests a minute as a rule, 20 in minutes 20 and 21.
        var orphans = Orphans(60, static m => m is 20 or 21 ? 20 : 2);
        var graph = new ServiceGraph([Edge("checkout", "payment", 1000)]);
        var options = new RootCauseOptions();
        var inWindow = orphans.Where(static o => o.Timestamp >= T0.AddMinutes(20) && o.Timestamp < T0.AddMinutes(22)).ToList();
        var incident = Assert.Single(new IncidentGrouper(options).Group(inWindow, graph));

        var candidates = new RootCauseRanker(options).Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow), orphans: new OrphanBackground(orphans, Requests(60, 100)));

        // 40 orphans in minutes 20 and 21, 4 expected of their 200 requests.
        Assert.Equal("checkout", candidates[0].Service);
        Assert.Equal(FaultTypes.TracingLoss, candidates[0].FaultKind);
        Assert.Contains(candidates[0].Evidence, e => e.Contains("callees report orphan spans (payment), 36 beyond the 4 their requests usually show", StringComparison.Ordinal));
    }
}
