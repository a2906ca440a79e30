using System.IO.Compression;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Xunit.Abstractions;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>The wire format and queue naming, without the emulator.</summary>
public sealed class SqsWireTests(ITestOutputHelper output)
{
    private readonly SqsMessageCodec _codec = new(new MessageTypeInfos([new MessageSerializationContext(TestMessagesJsonContext.Default)]));

    [Fact]
    public void Encoded_message_decodes_to_an_equal_message()
    {
        var ping = new Ping(42) { RunId = "wire" };

        var decoded = _codec.DecodeBase64<Ping>(Convert.ToBase64String(_codec.Encode(ping).Compressed));

        Assert.Equal(ping, decoded);
    }

    [Fact]
    public void Body_that_is_not_brotli_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => _codec.DecodeBase64<Ping>(Convert.ToBase64String("{\"number\":1}"u8)));
    }

    [Fact]
    public void Message_with_a_newer_schema_version_is_rejected_naming_both_versions()
    {
        var future = new Ping(1) { RunId = "wire", SchemaVersion = IntegrationMessage.CurrentSchemaVersion + 1 };

        var error = Assert.Throws<NotSupportedException>(() => _codec.DecodeBase64<Ping>(Convert.ToBase64String(_codec.Encode(future).Compressed)));

        Assert.Contains($"schema version {IntegrationMessage.CurrentSchemaVersion + 1}", error.Message);
    }

    [Fact]
    public void Brotli_body_of_a_telemetry_batch_is_smaller_than_gzip_of_the_same_json()
    {
        var batch = RealisticMessages.TelemetrySegment(0, 4096, seed: 42);
        var payload = _codec.Encode(batch);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, AnomalyPlatform.Contracts.Json.ContractsJsonContext.Default.TelemetrySegment);
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        output.WriteLine($"4096 records: JSON {json.Length} B, GZip(optimal) {gzipped.Length} B, Brotli q{SqsMessageCodec.BrotliQuality} {payload.Compressed.Length} B");
        Assert.True(payload.Compressed.Length < gzipped.Length);
    }

    [Theory]
    [InlineData("TelemetrySegmentHandler", "telemetry-segment-handler")]
    [InlineData("DetectionCollector", "detection-collector")]
    [InlineData("LLMExplainer", "llm-explainer")]
    [InlineData("Capturing`1", "capturing1")]
    public void Type_names_become_kebab_case_queue_name_parts(string typeName, string expected)
    {
        Assert.Equal(expected, SqsQueueNames.Kebab(typeName));
    }

    [Fact]
    public void Over_long_queue_names_are_shortened_the_same_way_every_time_and_leave_room_for_the_dead_letter_suffix()
    {
        var group = new string('g', 70);

        var first = SqsQueueNames.ForGroup("anomaly-dev-", typeof(TelemetrySegment), group);
        var second = SqsQueueNames.ForGroup("anomaly-dev-", typeof(TelemetrySegment), group);

        Assert.Equal(first, second);
        Assert.True(SqsQueueNames.DeadLetter(first).Length <= 80);
        Assert.NotEqual(first, SqsQueueNames.ForGroup("anomaly-dev-", typeof(TelemetrySegment), group + "x"));
    }
}
