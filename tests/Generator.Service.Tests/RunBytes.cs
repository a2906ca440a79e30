namespace AnomalyPlatform.Generator.Tests;

/// <summary>A generator's whole run as the bytes of its data and labels CSV files.</summary>
internal static class RunBytes
{
    public static (byte[] Data, byte[] Labels) Of(TelemetryGenerator generator)
    {
        using var data = new MemoryStream();
        using var labels = new MemoryStream();
        using (var dataWriter = new SyntheticDataCsvWriter(data, leaveOpen: true))
        using (var labelsWriter = new LabelsCsvWriter(labels, leaveOpen: true))
        {
            foreach (var batch in generator.GenerateBatches())
            {
                dataWriter.Write(batch.Records);
                labelsWriter.Write(batch.Labels);
            }
        }

        return (data.ToArray(), labels.ToArray());
    }
}
