using System.Diagnostics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.Tests.Messaging;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AnomalyPlatform.Detector.Tests.Telemetry;

public sealed class DetectSegmentTracingTests
{
    private static readonly string[] Models =
        [ModelNames.Statistical, TraceStructureDetector.ModelName, ModelNames.IsolationForest, ModelNames.OneClassSvm, ModelNames.LstmAutoencoder];

    [Fact]
    public async Task Analysing_a_segment_gives_one_detect_segment_span_with_a_fit_and_a_score_child_per_model_all_tagged_with_the_run()
    {
        // A run id of this test alone: other tests of the process analyse segments at the same time.
        var runId = $"trace-{Guid.NewGuid():N}";
        var exported = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
                   .AddSource(OpenTelemetryExtensions.SourcePrefix + ".*")
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            var worker = new DetectorWorker(new CapturingBus(), new RecordingProgress(), Options.Create(new DetectorOptions()), NullLogger<DetectorWorker>.Instance);
            var scenario = TelemetryScenario.Build(seed: 31);

            await worker.AnalyseSegmentAsync(TestSegments.Split(runId, scenario.Records, size: scenario.Records.Count, context: 0)[0], CancellationToken.None);
        }

        List<Activity> spans;
        lock (exported)
        {
            spans = exported.Where(span => span.GetTagItem(PipelineTelemetry.RunIdTag) as string == runId).ToList();
        }

        var detect = Assert.Single(spans, span => span.DisplayName == "detect segment");
        Assert.Equal(PipelineTelemetry.SourceName, detect.Source.Name);
        Assert.Equal(0, detect.GetTagItem(PipelineTelemetry.SegmentTag));
        var children = spans.Where(span => span.ParentSpanId == detect.SpanId).ToList();
        foreach (var model in Models)
        {
            Assert.Contains(children, span => span.DisplayName == $"fit {model}");
            Assert.Contains(children, span => span.DisplayName == $"score {model}");
        }

        Assert.All(children.Where(span => span.DisplayName.StartsWith("fit ", StringComparison.Ordinal) || span.DisplayName.StartsWith("score ", StringComparison.Ordinal)),
            span =>
            {
                Assert.Equal(detect.TraceId, span.TraceId);
                Assert.Equal(0, span.GetTagItem(PipelineTelemetry.SegmentTag));
                Assert.True(span.StartTimeUtc >= detect.StartTimeUtc && span.StartTimeUtc + span.Duration <= detect.StartTimeUtc + detect.Duration);
            });
    }
}
