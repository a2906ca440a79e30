using AnomalyPlatform.Contracts.Telemetry;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Writes ground truth to <c>synthetic_labels.csv</c>: <c>record_id,is_anomaly,anomaly_type,incident_id,is_root_cause</c>,
/// one row per data row, same order; <c>is_anomaly</c> and <c>is_root_cause</c> are <c>true</c>/<c>false</c>; type and
/// incident are empty when normal, and the incident is also empty for a standalone anomaly (one outside any incident).
/// </summary>
public sealed class LabelsCsvWriter : IDisposable
{
    public static readonly string[] Columns = ["record_id", "is_anomaly", "anomaly_type", "incident_id", "is_root_cause"];

    private readonly SepWriter _writer;

    /// <summary>Writes the header to <paramref name="stream"/> at once; rows follow with each <see cref="Write"/>.</summary>
    public LabelsCsvWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = CsvFormat.Open(stream, leaveOpen);
        _writer.Header.Add(Columns);
        _writer.Header.Write();
    }

    public void Write(IReadOnlyList<RecordLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            using var row = _writer.NewRow();
            row[0].Format(label.RecordId);
            row[1].Set(label.IsAnomaly ? "true" : "false");
            row[2].Set(label.AnomalyType);
            row[3].Set(label.IncidentId);
            row[4].Set(label.IsRootCause ? "true" : "false");
        }
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
