using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>The embedded pipeline end to end: every output file exists and has its documented schema.</summary>
public sealed class EmbeddedPipelineOutputTests(DefaultRunFixture fixture) : IClassFixture<DefaultRunFixture>
{
    private static readonly string[] DataHeader =
        ["record_id", "timestamp", "kind", "service", "instance", "name", "value", "level", "status", "trace_id", "span_id", "parent_span_id", "message"];

    private static readonly string[] LabelsHeader = ["record_id", "is_anomaly", "anomaly_type", "incident_id", "is_root_cause"];

    private PipelineRun Run => fixture.Run;

    [Fact]
    public void Run_succeeds_and_writes_all_six_files()
    {
        Assert.True(Run.ExitCode == 0, Run.Errors);
        foreach (var file in new[] { "synthetic_data.csv", "synthetic_labels.csv", "incidents.json", "anomalies.json", "evaluation.json", "performance.json" })
        {
            Assert.True(File.Exists(Run.PathOf(file)), $"{file} was not written");
        }
    }

    [Fact]
    public void Data_file_has_the_documented_header_and_one_row_per_record_of_every_kind()
    {
        var data = CsvFile.Read(Run.PathOf("synthetic_data.csv"));

        Assert.Equal(DataHeader, data.Header);
        Assert.Equal(DefaultRunFixture.Records, data.Rows.Count);
        Assert.Equal(Enumerable.Range(0, DefaultRunFixture.Records).Select(i => i.ToString(CultureInfo.InvariantCulture)), data.Rows.Select(r => r[0]));
        var kinds = data.Rows.Select(r => r[data.Column("kind")]).ToHashSet();
        Assert.Equal(new HashSet<string> { "metric", "event", "log", "span" }, kinds);
        Assert.All(data.Rows, row => Assert.True(
            DateTime.TryParse(row[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _), $"bad timestamp {row[1]}"));
        Assert.DoesNotContain(data.Header, column => column.Contains("anomal") || column.Contains("incident"));
    }

    [Fact]
    public void Labels_file_has_one_row_per_data_record_in_the_same_order_with_known_types()
    {
        var labels = CsvFile.Read(Run.PathOf("synthetic_labels.csv"));

        Assert.Equal(LabelsHeader, labels.Header);
        Assert.Equal(DefaultRunFixture.Records, labels.Rows.Count);
        Assert.Equal(Enumerable.Range(0, DefaultRunFixture.Records).Select(i => i.ToString(CultureInfo.InvariantCulture)), labels.Rows.Select(r => r[0]));
        var anomalous = labels.Rows.Where(r => r[1] == "true").ToList();
        Assert.NotEmpty(anomalous);
        Assert.All(labels.Rows, r => Assert.Contains(r[1], new[] { "true", "false" }));
        Assert.All(anomalous, r => Assert.Contains(r[2], AnomalyTypes.All));
        // Standalone anomalies have no incident; those of an injected incident name it.
        Assert.Contains(anomalous, r => r[3].StartsWith("INC-", StringComparison.Ordinal));
        Assert.All(anomalous.Where(r => r[3] != ""), r => Assert.StartsWith("INC-", r[3]));
        Assert.All(labels.Rows.Where(r => r[1] == "false"), r => Assert.Equal(("", "", "false"), (r[2], r[3], r[4])));
        Assert.All(anomalous.Where(r => r[3] == ""), r => Assert.Equal("false", r[4]));
    }

    [Fact]
    public void Incidents_file_lists_every_incident_the_labels_reference()
    {
        using var incidents = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("incidents.json")));
        var labels = CsvFile.Read(Run.PathOf("synthetic_labels.csv"));

        var ids = new HashSet<string>();
        foreach (var incident in incidents.RootElement.EnumerateArray())
        {
            ids.Add(incident.GetProperty("incident_id").GetString()!);
            Assert.False(string.IsNullOrEmpty(incident.GetProperty("root_cause_service").GetString()));
            Assert.False(string.IsNullOrEmpty(incident.GetProperty("root_cause_instance").GetString()));
            Assert.False(string.IsNullOrEmpty(incident.GetProperty("fault_type").GetString()));
            Assert.True(incident.GetProperty("end").GetDateTime() >= incident.GetProperty("start").GetDateTime());
            Assert.True(incident.GetProperty("affected_services").GetArrayLength() >= 1);
        }

        Assert.NotEmpty(ids);
        Assert.Subset(ids, labels.Rows.Where(r => r[1] == "true" && r[3] != "").Select(r => r[3]).ToHashSet());
    }

    [Fact]
    public void Anomalies_file_entries_carry_the_required_fields_and_point_at_real_records_and_incidents()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("anomalies.json")));
        var root = document.RootElement;
        var anomalies = root.GetProperty("anomalies").EnumerateArray().ToList();
        var incidentIds = root.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("incident_id").GetString()).ToHashSet();

        Assert.NotEmpty(anomalies);
        Assert.Equal(anomalies.Count, root.GetProperty("anomaly_count").GetInt32());
        foreach (var anomaly in anomalies)
        {
            Assert.StartsWith("ANOM-", anomaly.GetProperty("anomaly_id").GetString());
            Assert.False(string.IsNullOrWhiteSpace(anomaly.GetProperty("root_cause").GetString()));
            var confidence = anomaly.GetProperty("confidence").GetDouble();
            Assert.InRange(confidence, 0, 1);
            Assert.InRange(anomaly.GetProperty("record_id").GetInt64(), 0, DefaultRunFixture.Records - 1);
            anomaly.GetProperty("timestamp").GetDateTime();
            Assert.False(string.IsNullOrEmpty(anomaly.GetProperty("service").GetString()));
            Assert.Contains(anomaly.GetProperty("kind").GetString(), new[] { "metric", "event", "log", "span" });
            Assert.Contains(anomaly.GetProperty("detected_type").GetString(), AnomalyTypes.All);
            Assert.True(anomaly.GetProperty("scores").EnumerateObject().Any());
            Assert.Contains(anomaly.GetProperty("incident_id").GetString(), incidentIds);
            var candidates = anomaly.GetProperty("candidates").EnumerateArray().ToList();
            Assert.NotEmpty(candidates);
            Assert.Equal(Enumerable.Range(1, candidates.Count), candidates.Select(c => c.GetProperty("rank").GetInt32()));
            Assert.All(candidates, c => Assert.InRange(c.GetProperty("confidence").GetDouble(), 0, 1));
            Assert.Equal("mock", anomaly.GetProperty("root_cause_source").GetString());
        }
    }

    [Fact]
    public void Evaluation_file_has_the_stable_shape()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("evaluation.json")));
        var root = document.RootElement;

        Assert.Equal(DefaultRunFixture.Records, root.GetProperty("records").GetInt64());
        var models = root.GetProperty("models");
        Assert.True(models.TryGetProperty("statistical", out _));
        Assert.True(models.TryGetProperty("ensemble", out _));
        foreach (var model in models.EnumerateObject())
        {
            foreach (var metric in new[] { "precision", "recall", "f1" })
            {
                Assert.InRange(model.Value.GetProperty(metric).GetDouble(), 0, 1);
            }

            Assert.True(model.Value.GetProperty("per_type").EnumerateObject().Any(), $"{model.Name} has no per_type figures");
        }

        var rootCause = root.GetProperty("root_cause");
        Assert.True(rootCause.GetProperty("incidents").GetInt32() > 0);
        Assert.InRange(rootCause.GetProperty("ac_at_1").GetDouble(), 0, 1);
        Assert.InRange(rootCause.GetProperty("ac_at_3").GetDouble(), rootCause.GetProperty("ac_at_1").GetDouble(), 1);

        // One entry per injected incident, whose ranks give the accuracies above.
        var perIncident = root.GetProperty("per_incident").EnumerateArray().ToList();
        Assert.Equal(rootCause.GetProperty("incidents").GetInt32(), perIncident.Count);
        static int? RankOf(JsonElement entry) => entry.GetProperty("rank").ValueKind == JsonValueKind.Number ? entry.GetProperty("rank").GetInt32() : null;
        Assert.Equal(rootCause.GetProperty("ac_at_1").GetDouble(), (double)perIncident.Count(static e => RankOf(e) == 1) / perIncident.Count, 6);
        Assert.Equal(rootCause.GetProperty("ac_at_3").GetDouble(), (double)perIncident.Count(static e => RankOf(e) is <= 3) / perIncident.Count, 6);
    }

    [Fact]
    public void Ensemble_figures_equal_a_recount_from_the_labels_and_the_anomalies_file()
    {
        var labels = CsvFile.Read(Run.PathOf("synthetic_labels.csv"));
        using var anomaliesDocument = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("anomalies.json")));
        using var evaluationDocument = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("evaluation.json")));
        var flagged = anomaliesDocument.RootElement.GetProperty("anomalies").EnumerateArray()
            .Select(a => a.GetProperty("record_id").GetInt64()).ToHashSet();
        var truth = labels.Rows.Where(r => r[1] == "true").Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ToHashSet();

        long truePositives = flagged.Count(truth.Contains);
        long falsePositives = flagged.Count - truePositives;
        long falseNegatives = truth.Count - truePositives;
        var ensemble = evaluationDocument.RootElement.GetProperty("models").GetProperty("ensemble");

        Assert.Equal(truePositives, ensemble.GetProperty("true_positives").GetInt64());
        Assert.Equal(falsePositives, ensemble.GetProperty("false_positives").GetInt64());
        Assert.Equal(falseNegatives, ensemble.GetProperty("false_negatives").GetInt64());
        Assert.Equal(Math.Round((double)truePositives / (truePositives + falsePositives), 6), ensemble.GetProperty("precision").GetDouble(), 6);
        Assert.Equal(Math.Round((double)truePositives / truth.Count, 6), ensemble.GetProperty("recall").GetDouble(), 6);
    }

    [Fact]
    public void Performance_file_times_every_stage()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Run.PathOf("performance.json")));
        var root = document.RootElement;

        Assert.True(root.GetProperty("wall_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("peak_working_set_mb").GetDouble() > 0);
        var stages = root.GetProperty("stages");
        foreach (var stage in new[] { "generate", "detect", "root_cause", "evaluate" })
        {
            var measured = stages.GetProperty(stage);
            Assert.True(measured.GetProperty("wall_seconds").GetDouble() >= 0);
            Assert.True(measured.GetProperty("peak_working_set_mb").GetDouble() > 0);
            Assert.True(measured.GetProperty("peak_managed_heap_mb").GetDouble() > 0);
        }
    }

    [Fact]
    public void Console_shows_progress_per_stage_and_the_summary_tables()
    {
        foreach (var expected in new[] { "generate started", "detect started", "root_cause started", "evaluate", "Evaluation on", "Time and memory per stage", "ensemble" })
        {
            Assert.Contains(expected, Run.Console);
        }
    }
}
