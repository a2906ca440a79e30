using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads metrics as Prometheus' HTTP API answers (and Amazon Managed Service for Prometheus', the same API):
/// <c>/api/v1/query_range</c>'s matrix (<c>{"data": {"resultType": "matrix", "result": [{"metric": {labels}, "values":
/// [[seconds, "value"], ...]}]}}</c>) or <c>/api/v1/query</c>'s vector, one answer or several, pretty-printed or one a
/// line (<see cref="JsonValues"/>). A series' service is the first of its <c>container</c>, <c>service</c>,
/// <c>service_name</c>, <c>app_kubernetes_io_name</c>, <c>app</c> and <c>job</c> labels, its instance the first of
/// <c>pod</c>, <c>pod_name</c> and <c>instance</c>, and its name <c>__name__</c> with the labels that tell its series
/// apart (<c>http_requests_total{code=500,route=/cart}</c>; <see cref="SeriesNames"/>); an expression's series, which
/// have no <c>__name__</c>, are named after the file (<c>cpu.json</c>: <c>cpu</c>). A counter (<c>_total</c>) is read
/// as its increases, as any input's (<see cref="CounterSeries"/>). "NaN" is a gap in its series; a value that is not a
/// number, or infinite, is rejected on its own with its line and field. cAdvisor's series of a pod's total
/// (<c>container=""</c>) and of its pause container (<c>container="POD"</c>) repeat its containers' and are counted,
/// not read. Grafana Loki's query API answers in the same shape; its log streams are read as log lines
/// (<see cref="LokiStreams"/>).
/// </summary>
internal sealed class PrometheusJsonReader : IJsonTelemetryFormat
{
    private static readonly string[] ServiceLabels = ["container", "service", "service_name", "app_kubernetes_io_name", "app", "job"];
    private static readonly string[] InstanceLabels = ["pod", "pod_name", "instance"];

    /// <summary>Labels that say where a series was scraped from, not which series of a metric it is: not joined to its name.</summary>
    private static readonly HashSet<string> PlaceLabels = new(StringComparer.Ordinal)
    {
        "__name__", "container", "service", "service_name", "app_kubernetes_io_name", "app", "job", "pod", "pod_name", "instance",
        "namespace", "node", "endpoint", "cluster", "id", "image", "name", "uid", "metrics_path", "prometheus", "prometheus_replica",
        "app_kubernetes_io_instance", "app_kubernetes_io_version", "pod_template_hash", "kubernetes_namespace", "kubernetes_pod_name",
    };

    /// <summary>An answer of Prometheus' (or Loki's) query API names its <c>resultType</c>, or is a failed query's.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && (text.Contains("\"resultType\"", StringComparison.Ordinal)
                || (text.Contains("\"status\"", StringComparison.Ordinal) && text.Contains("\"errorType\"", StringComparison.Ordinal)));
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file)
    {
        var unnamed = file.Strings.Get(FileStem(file.Path));
        return (line, value) => ReadAnswers(new Place(file.Path, line, file.Records, file.Strings, file.Rejects, unnamed), value, "");
    }

    private sealed record Place(string Path, long Line, List<TelemetryRecord> Records, StringPool Strings, InputRejects Rejects, string Unnamed);

    private static void ReadAnswers(Place place, JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var answer in value.EnumerateArray())
            {
                ReadAnswers(place, answer, $"{at}[{index++}].");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at.Length > 0 ? at.TrimEnd('.') : "line", "is not an answer of Prometheus' query API");
            return;
        }

        if (OtlpValues.Text(value, "status") == "error")
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at + "status",
                $"the query failed ({UntrustedText.Cut(OtlpValues.Text(value, "errorType") ?? "")}: {UntrustedText.Cut(OtlpValues.Text(value, "error") ?? "")}): it holds no series");
            return;
        }

        var data = value.TryGetMember("data", out var answerData) ? answerData : value;
        var resultType = OtlpValues.Text(data, "resultType");
        if (resultType == "streams" && data.TryGetMember("result", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            LokiStreams.Read(place.Path, place.Line, streams, at + "data.result", place.Records, place.Strings, place.Rejects);
            return;
        }

        if (resultType is not ("matrix" or "vector") || !data.TryGetMember("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at + "data.resultType",
                resultType is null ? "missing: the answer holds no series" : $"'{UntrustedText.Cut(resultType)}' holds no series: query a range (matrix), an instant vector or Loki's log streams");
            return;
        }

        var position = 0;
        foreach (var series in result.EnumerateArray())
        {
            ReadSeries(place, series, $"{at}data.result[{position++}]");
        }
    }

    private static void ReadSeries(Place place, JsonElement series, string at)
    {
        var labels = new QueryLabels(series, "metric");
        if (labels["container"] is "" or "POD")
        {
            place.Rejects.AddAggregateSeries(1);
            return;
        }

        var service = place.Strings.Get(labels.First(ServiceLabels) ?? "unknown_service");
        var instance = labels.First(InstanceLabels) is { } named ? place.Strings.Get(named) : service;
        var name = place.Strings.Get(SeriesNames.Of(
            labels["__name__"] ?? place.Unnamed,
            labels.All.Where(static l => !PlaceLabels.Contains(l.Key)).Select(static l => (l.Key, (string?)l.Value))));
        if (series.TryGetMember("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var sample in values.EnumerateArray())
            {
                ReadSample(place, sample, $"{at}.values[{index++}]", service, instance, name);
            }
        }
        else if (series.TryGetMember("value", out var sample))
        {
            ReadSample(place, sample, $"{at}.value", service, instance, name);
        }
    }

    /// <summary>A sample, <c>[seconds since 1970, "value"]</c>.</summary>
    private static void ReadSample(Place place, JsonElement sample, string at, string service, string instance, string name)
    {
        if (sample.ValueKind != JsonValueKind.Array || sample.GetArrayLength() != 2
            || sample[0].ValueKind != JsonValueKind.Number || !sample[0].TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds <= 0)
        {
            place.Rejects.Add(place.Path, place.Line, at, $"{UntrustedText.Cut(sample.GetRawText())} is not a sample [seconds since 1970, \"value\"]");
            return;
        }

        var text = sample[1].ValueKind == JsonValueKind.String ? sample[1].GetString() : sample[1].GetRawText();
        // Prometheus writes infinities as Go does, "+Inf" and "-Inf".
        var reading = text switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null,
        };
        if (reading is not { } value)
        {
            place.Rejects.Add(place.Path, place.Line, $"{at}[1]", $"'{UntrustedText.Cut(text ?? "")}' is not a number");
            return;
        }

        if (double.IsNaN(value))
        {
            place.Rejects.Valueless.Add(place.Path, place.Line, $"{at}[1]", name);
            return;
        }

        if (double.IsInfinity(value))
        {
            place.Rejects.Add(place.Path, place.Line, $"{at}[1]", $"'{UntrustedText.Cut(text ?? "")}' is infinite: not a reading");
            return;
        }

        place.Records.Add(new TelemetryRecord(
            -1, DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1e6) * (TimeSpan.TicksPerMillisecond / 1000)), TelemetryKind.Metric,
            service, instance, name, value));
    }

    /// <summary>The file's name without its extensions (<c>cpu.json.gz</c>: <c>cpu</c>); a pipe's is "value".</summary>
    private static string FileStem(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = dot > 0 ? name[..dot] : name;
        return stem.Length == 0 || path.StartsWith("/dev/", StringComparison.Ordinal) ? "value" : stem;
    }
}
