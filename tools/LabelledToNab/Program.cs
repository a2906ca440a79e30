using System.Globalization;
using System.Text.Json;

// Turns a folder of point-labelled series (category/name.csv with a header timestamp,value,label in any letter case;
// values and times may be quoted; label 1 marks an anomalous point) into a NAB folder that `evaluate-nab --data` and
// tools/NabSweep read: data/category/name.csv (timestamp,value, in time order), labels/combined_windows.json, files.txt.
// Windows are drawn as NAB draws its own: each run of labelled points is centred in a window 10 % of the file's length
// divided by the number of runs (at least the run itself), and windows that overlap are merged.
// Made for Microsoft's cloud monitoring dataset (github.com/microsoft/cloud-monitoring-dataset, MIT licence, its data/
// folder), a second real benchmark the detector was never tuned on.
// Usage: LabelledToNab SOURCE_FOLDER OUTPUT_FOLDER
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LabelledToNab SOURCE_FOLDER OUTPUT_FOLDER");
    return 2;
}

var (source, output) = (args[0], args[1]);
var windows = new SortedDictionary<string, List<string[]>>(StringComparer.Ordinal);
var skippedTotal = 0;
foreach (var path in Directory.EnumerateFiles(source, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    var name = Path.GetRelativePath(source, path).Replace(Path.DirectorySeparatorChar, '/');
    List<(DateTime Time, double Value, bool Anomaly)> rows;
    int skipped;
    try
    {
        (rows, skipped) = Read(path);
    }
    catch (InvalidDataException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }

    skippedTotal += skipped;
    var target = Path.Combine(output, "data", name);
    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
    File.WriteAllLines(target, ["timestamp,value", .. rows.Select(static r => $"{r.Time:yyyy-MM-dd HH:mm:ss},{r.Value.ToString("R", CultureInfo.InvariantCulture)}")]);
    var drawn = Windows(rows);
    windows[name] = [.. drawn.Select(w => new[] { Stamp(rows[w.Start].Time), Stamp(rows[w.End].Time) })];
    Console.WriteLine($"{name}: {rows.Count} points, {drawn.Count} windows{(skipped > 0 ? $", {skipped} rows without a value left out" : "")}");
}

Directory.CreateDirectory(Path.Combine(output, "labels"));
File.WriteAllText(Path.Combine(output, "labels", "combined_windows.json"), JsonSerializer.Serialize(windows, new JsonSerializerOptions { WriteIndented = true }));
File.WriteAllLines(Path.Combine(output, "files.txt"), windows.Keys);
Console.WriteLine($"{windows.Count} files, {windows.Values.Sum(static w => w.Count)} windows, {skippedTotal} rows without a value left out: {output}");
return 0;

static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + ".000000";

static (List<(DateTime Time, double Value, bool Anomaly)> Rows, int Skipped) Read(string path)
{
    var lines = File.ReadAllLines(path);
    var header = lines[0].Split(',').Select(static h => h.Trim().Trim('"').ToLowerInvariant()).ToList();
    int time = header.IndexOf("timestamp"), value = header.IndexOf("value"), label = header.IndexOf("label");
    if (time < 0 || value < 0 || label < 0)
    {
        throw new InvalidDataException($"{path}: the header must have timestamp, value and label columns (found: {lines[0]})");
    }

    var rows = new List<(DateTime, double, bool)>();
    var skipped = 0;
    for (var i = 1; i < lines.Length; i++)
    {
        var fields = lines[i].Split(',').Select(static f => f.Trim().Trim('"')).ToArray();
        if (fields.Length <= Math.Max(time, Math.Max(value, label)) || fields[value].Length == 0)
        {
            skipped += lines[i].Length > 0 ? 1 : 0;
            continue;
        }

        if (!DateTime.TryParse(fields[time], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new InvalidDataException($"{path}, line {i + 1}, timestamp: '{fields[time]}' is not a date and time");
        }

        if (!double.TryParse(fields[value], NumberStyles.Float, CultureInfo.InvariantCulture, out var reading) || !double.IsFinite(reading))
        {
            throw new InvalidDataException($"{path}, line {i + 1}, value: '{fields[value]}' is not a finite number");
        }

        var anomaly = fields[label].Length > 0 && double.TryParse(fields[label], NumberStyles.Float, CultureInfo.InvariantCulture, out var mark) && mark == 1;
        rows.Add((at, reading, anomaly));
    }

    rows.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
    return (rows, skipped);
}

static List<(int Start, int End)> Windows(List<(DateTime Time, double Value, bool Anomaly)> rows)
{
    var runs = new List<(int Start, int End)>();
    for (var i = 0; i < rows.Count; i++)
    {
        if (!rows[i].Anomaly)
        {
            continue;
        }

        var end = i;
        while (end + 1 < rows.Count && rows[end + 1].Anomaly)
        {
            end++;
        }

        runs.Add((i, end));
        i = end;
    }

    var merged = new List<(int Start, int End)>();
    if (runs.Count == 0)
    {
        return merged;
    }

    var width = Math.Max(1, (int)(0.1 * rows.Count / runs.Count));
    foreach (var (start, end) in runs)
    {
        var centre = (start + end) / 2.0;
        var half = Math.Max(width / 2.0, (end - start) / 2.0);
        var from = Math.Max(0, (int)(centre - half));
        var to = Math.Min(rows.Count - 1, (int)(centre + half));
        if (merged.Count > 0 && from <= merged[^1].End)
        {
            merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, to));
        }
        else
        {
            merged.Add((from, to));
        }
    }

    return merged;
}
