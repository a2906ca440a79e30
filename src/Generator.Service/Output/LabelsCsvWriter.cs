using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Writes ground truth to <c>synthetic_labels.csv</c>: <c>record_id,is_anomaly,anomaly_type,incident_id,is_root_cause</c>,
/// one row per data row, same order; <c>is_anomaly</c> and <c>is_root_cause</c> are <c>true</c>/<c>false</c>; type and
/// incident are empty when normal, and the incident is also empty for a standalone anomaly (one outside any incident).
/// </summary>
public sealed class LabelsCsvWriter : IDisposable
{
    public static readonly string[] Columns = ["record_id", "is_anomaly", "anomaly_type", "incident_id", "is_root_cause"];

    private readonly Utf8CsvWriter _writer;

    /// <summary>Writes the header to <paramref name="stream"/> at once; rows follow with each <see cref="Write"/>.</summary>
    public LabelsCsvWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new Utf8CsvWriter(stream, leaveOpen);
        _writer.Row(Columns);
    }

    public void Write(IReadOnlyList<RecordLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            _writer.Integer(label.RecordId);
            _writer.Text(label.IsAnomaly ? "true" : "false");
            _writer.Text(label.AnomalyType);
            _writer.Text(label.IncidentId);
            _writer.Text(label.IsRootCause ? "true" : "false");
            _writer.EndRow();
        }
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
