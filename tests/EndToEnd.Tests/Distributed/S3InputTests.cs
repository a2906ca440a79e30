using System.IO.Compression;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using AnomalyPlatform.Cli.Commands;
using Spectre.Console.Testing;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// <c>analyze</c> reads telemetry archived in S3 (fauxqs's S3, over the real S3 protocol) as it reads the same files on
/// disk, and says what S3 refuses naming the input.
/// </summary>
[Collection(SqsEmulatorCollection.Name)]
public sealed class S3InputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("s3-input-").FullName;
    private readonly string _bucket = "telemetry-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Objects_under_a_prefix_are_read_as_the_same_files_on_disk_are()
    {
        using var generated = await PipelineRun.StartAsync("--records", "2000", "--seed", "5");
        Assert.True(generated.ExitCode == 0, generated.Errors);
        var csv = await File.ReadAllLinesAsync(generated.PathOf("synthetic_data.csv"));
        var half = csv.Length / 2;
        var first = Write("first.csv", [.. csv[..half]]);
        var second = Write("second.csv.gz", [csv[0], .. csv[half..]], gzip: true);
        using var s3 = Client();
        await s3.PutBucketAsync(_bucket);
        await Put(s3, "archive/2026/01/05/first.csv", first);
        await Put(s3, "archive/2026/01/05/second.csv.gz", second);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "archive/2026/", ContentBody = "" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "archive-old/stale.csv", ContentBody = "not telemetry" });

        var (diskCode, diskConsole, diskErrors) = await AnalyzeAsync(first, second);
        var (s3Code, s3Console, s3Errors) = await AnalyzeAsync($"s3://{_bucket}/archive");

        Assert.True(diskCode == 0, diskErrors);
        Assert.True(s3Code == 0, s3Errors + s3Console);
        Assert.Contains("Read 2,000 records", s3Console);
        Assert.Equal(Anomalies(first), Anomalies($"s3://{_bucket}/archive"));
    }

    [Fact]
    public async Task A_bucket_or_prefix_that_holds_nothing_is_said_naming_the_input()
    {
        using var s3 = Client();
        await s3.PutBucketAsync(_bucket);

        var (missingCode, _, missing) = await AnalyzeAsync($"s3://no-such-{_bucket}/day.csv");
        var (emptyCode, _, empty) = await AnalyzeAsync($"s3://{_bucket}/nothing/");

        Assert.Equal(2, missingCode);
        Assert.Contains($"s3://no-such-{_bucket}/day.csv: no such bucket", missing.ReplaceLineEndings(""));
        Assert.Equal(2, emptyCode);
        Assert.Contains($"s3://{_bucket}/nothing/: no object has that key, and none is under it", empty.ReplaceLineEndings(""));
    }

    private static AmazonS3Client Client() => new(new AmazonS3Config { ForcePathStyle = true });

    private async Task Put(IAmazonS3 s3, string key, string path) =>
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, FilePath = path });

    private string Write(string name, string[] lines, bool gzip = false)
    {
        var path = Path.Combine(_folder, name);
        var text = string.Join('\n', lines) + "\n";
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    private readonly Dictionary<string, string> _outputs = [];

    private async Task<(int ExitCode, string Console, string Errors)> AnalyzeAsync(params string[] inputs)
    {
        var output = Path.Combine(_folder, "out-" + _outputs.Count);
        _outputs[inputs[0]] = output;
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var code = await PlatformCli.Create(console, errors).Parse(["analyze", "--input", .. inputs, "--out", output]).InvokeAsync();
        return (code, console.Output, errors.Output);
    }

    /// <summary>What was found, without the run's id (a time): the same input gives the same anomalies.</summary>
    private string Anomalies(string firstInput)
    {
        var anomalies = JsonNode.Parse(File.ReadAllText(Path.Combine(_outputs[firstInput], "anomalies.json")))!.AsObject();
        anomalies.Remove("run_id");
        return anomalies.ToJsonString();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
