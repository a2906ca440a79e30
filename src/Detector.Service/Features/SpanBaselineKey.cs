namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The baseline a span's duration is judged against: its service and operation, and the operation of its caller (the
/// parent span). A generic operation such as a gateway's "route" takes as long as the endpoint it routes to, so one
/// baseline per operation is a wide mixture in which a slow call hides; per calling context it is one narrow mode.
/// </summary>
internal static class SpanBaselineKey
{
    /// <summary>The caller-name id of root spans and orphans.</summary>
    public const int NoCaller = -1;

    public static (int Service, int Name, int CallerName) Of(TelemetryColumns columns, TraceLinks links, int row)
    {
        var parent = links.ParentRowOf(row);
        return (columns.ServiceIds[row], columns.NameIds[row], parent < 0 ? NoCaller : columns.NameIds[parent]);
    }

    public static string Label(TelemetryColumns columns, (int Service, int Name, int CallerName) key) =>
        key.CallerName == NoCaller
            ? $"{columns.Services[key.Service]} {columns.Names[key.Name]}"
            : $"{columns.Services[key.Service]} {columns.Names[key.Name]} (called from {columns.Names[key.CallerName]})";
}
