using System.Text;
using AnomalyPlatform.Generator.Runs;

namespace AnomalyPlatform.Generator.Tests.Runs;

/// <summary>The body of <c>POST /runs</c>: a bad one is answered per field in the request's own terms, never with a .NET type.</summary>
public sealed class RunRequestReaderTests
{
    [Theory]
    [InlineData("""{"records": "abc"}""", "records", """records must be a whole number, not the string "abc".""")]
    [InlineData("""{"seed": 1.5}""", "seed", "seed must be a whole number from -2147483648 to 2147483647, not the number 1.5.")]
    [InlineData("""{"error_rate": [0.1]}""", "error_rate", "error_rate must be a number, not an array.")]
    [InlineData("""{"run_id": 7}""", "run_id", "run_id must be a string, not the number 7.")]
    [InlineData("""{"recrods": 5}""", "recrods",
        "recrods is not a field of a run; the fields are records, seed, error_rate, anomaly_rate, segment_records, run_id.")]
    [InlineData("""[1, 2]""", "body",
        "The body must be a JSON object of a run's fields (records, seed, error_rate, anomaly_rate, segment_records, run_id), not an array.")]
    [InlineData("""{"records": 5""", "body", "The body is not valid JSON (line 1, byte 14).")]
    public async Task A_field_of_the_wrong_kind_is_named_with_what_it_takes(string body, string field, string message)
    {
        var (request, errors) = await ReadAsync(body);

        Assert.Null(request);
        var (named, messages) = Assert.Single(errors!);
        Assert.Equal(field, named);
        Assert.Equal(message, Assert.Single(messages));
        Assert.DoesNotContain("AnomalyPlatform", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_field_of_a_request_is_named_at_once()
    {
        var (_, errors) = await ReadAsync("""{"records": "abc", "seed": true, "anomaly_rate": 0.01}""");

        Assert.Equal(["records", "seed"], errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_request_of_known_fields_reads_as_the_run_it_asks_for()
    {
        var (request, errors) = await ReadAsync("""{"records": 50000, "seed": 42, "error_rate": 0.02, "run_id": null}""");

        Assert.Null(errors);
        Assert.Equal(new RunRequest(Records: 50000, Seed: 42, ErrorRate: 0.02), request);
    }

    private static Task<(RunRequest? Request, Dictionary<string, string[]>? Errors)> ReadAsync(string body) =>
        RunRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);
}
