using nietras.SeparatedValues;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>Reads a whole CSV output into memory for assertions (test data is small).</summary>
internal sealed record CsvFile(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    public static CsvFile Read(string path)
    {
        using var reader = Sep.New(',').Reader(options => options with { Unescape = true }).FromFile(path);
        var header = reader.Header.ColNames.ToList();
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            Assert.Equal(header.Count, row.ColCount);
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            rows.Add(cells);
        }

        return new CsvFile(header, rows);
    }

    public int Column(string name)
    {
        var index = Header.ToList().IndexOf(name);
        Assert.True(index >= 0, $"column {name} is missing");
        return index;
    }
}
