using AnomalyPlatform.Cli.Analyze;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Small MELT CSV inputs made in the test: one record a line, metrics, logs and spans of three services, 100 ms apart.</summary>
internal static class MeltCsvText
{
    public const string Header = "record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message";

    public static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Services = ["frontend", "cart", "payment"];

    /// <summary>The header, then <paramref name="records"/> lines (record i is line i + 2).</summary>
    public static List<string> Lines(int records)
    {
        var lines = new List<string>(records + 1) { Header };
        for (var i = 0; i < records; i++)
        {
            var service = Services[i % Services.Length];
            var time = Start.AddMilliseconds(100 * i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            lines.Add((i % 4) switch
            {
                0 => $"{i},{time},metric,{service},{service}-1,cpu_percent,{20 + (i % 13)}.5,,,,,,",
                1 => $"{i},{time},log,{service},{service}-1,app,0,{(i % 40 == 1 ? "ERROR" : "INFO")},,,,,request {i} served",
                2 => $"{i},{time},span,{service},{service}-1,GET /{service},{10 + (i % 17)},,OK,{i:x32},{i:x16},,",
                _ => $"{i},{time},metric,{service},{service}-1,latency_ms,{100 + (i % 29)},,,,,,",
            });
        }

        return lines;
    }

    public static string Text(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    /// <summary>Writes the header and <paramref name="lines"/> to <c>telemetry.csv</c> in <paramref name="folder"/> and reads it as <c>analyze</c> does.</summary>
    public static TelemetryInput ReadInput(string folder, params string[] lines)
    {
        var csv = Path.Combine(folder, "telemetry.csv");
        File.WriteAllText(csv, Text([Header, .. lines]));
        return TelemetryInputReader.Read([csv], (_, _) => { }, CancellationToken.None);
    }

    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
