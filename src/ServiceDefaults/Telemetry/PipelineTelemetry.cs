using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// The spans and instruments of the pipeline's own work (generate, detect, fit, score, rank, explain), as opposed to
/// the plumbing that carries it (<see cref="Messaging.MessagingTelemetry"/>). Every span carries the run id.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string SourceName = "AnomalyPlatform.Pipeline";

    /// <summary>The run a span or a measurement belongs to.</summary>
    public const string RunIdTag = "anomaly.run_id";

    /// <summary>The index of the run segment a span belongs to.</summary>
    public const string SegmentTag = "anomaly.segment";

    public const string ModelTag = "anomaly.model";
    public const string RecordKindTag = "anomaly.record_kind";
    public const string AnomalyTypeTag = "anomaly.type";
    public const string IncidentIdTag = "anomaly.incident_id";
    public const string OutcomeTag = "outcome";
    public const string QueueTag = "messaging.destination.name";

    /// <summary>Gauge: messages available for retrieval from a queue this process consumes.</summary>
    public const string QueueMessagesWaiting = "anomaly.queue.messages_waiting";

    /// <summary>Gauge: messages received from a queue this process consumes and not yet deleted (in flight).</summary>
    public const string QueueMessagesInFlight = "anomaly.queue.messages_in_flight";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    private static readonly Counter<long> Generated = Meter.CreateCounter<long>(
        "anomaly.records.generated", "{record}", "Telemetry records the generator produced.");

    private static readonly Histogram<double> SegmentDuration = Meter.CreateHistogram<double>(
        "anomaly.detection.segment.duration", "s", "Time the detector took to analyse one run segment (features, every model, the ensemble).");

    private static readonly Counter<long> Anomalies = Meter.CreateCounter<long>(
        "anomaly.anomalies", "{anomaly}", "Records the ensemble judged anomalous, by detected type.");

    private static readonly Counter<long> Incidents = Meter.CreateCounter<long>(
        "anomaly.incidents", "{incident}", "Incidents the root-cause stage grouped and ranked.");

    private static readonly Counter<long> LlmCalls = Meter.CreateCounter<long>(
        "anomaly.llm.calls", "{call}", "Root-cause explanations asked of the LLM, by outcome (ok, failed, fallback).");

    private static readonly Counter<long> LlmTokens = Meter.CreateCounter<long>(
        "anomaly.llm.tokens", "{token}", "Tokens the LLM reported, by direction (input, output).");

    private static readonly Histogram<double> LlmDuration = Meter.CreateHistogram<double>(
        "anomaly.llm.duration", "s", "Time an LLM call took, retries included.");

    private static readonly Counter<long> LlmFailures = Meter.CreateCounter<long>(
        "anomaly.llm.failures", "{call}", "LLM calls that failed (HTTP status, timeout, connection), by error type.");

    /// <summary>Starts the generator's span of one run segment (records generated, cut and published).</summary>
    public static Activity? StartGenerateSegment(string runId, int segmentIndex, DateTimeOffset? startedAt = null) =>
        StartRunSpan("generate segment", runId, segmentIndex, startedAt);

    /// <summary>Starts the detector's span of one run segment: features, every model's fit and score, the ensemble.</summary>
    public static Activity? StartDetectSegment(string runId, int segmentIndex) => StartRunSpan("detect segment", runId, segmentIndex);

    /// <summary>Starts the root-cause stage's span of a run's evaluation.</summary>
    public static Activity? StartEvaluate(string runId) => StartRunSpan("evaluate run", runId, null);

    /// <summary>Starts the root-cause stage's span of grouping a run's anomalies into incidents, ranking and explaining them.</summary>
    public static Activity? StartRankIncidents(string runId) => StartRunSpan("rank incidents", runId, null);

    /// <summary>Starts the span of fitting <paramref name="model"/>, a child of the current span whose run and segment it carries.</summary>
    /// <param name="recordKind">The kind of record the model is fitted on, for models fitted once per kind; null otherwise.</param>
    public static Activity? StartFit(string model, string? recordKind = null) => StartModelSpan("fit ", model, recordKind);

    /// <summary>Starts the span of scoring with <paramref name="model"/>, a child of the current span whose run and segment it carries.</summary>
    public static Activity? StartScore(string model, string? recordKind = null) => StartModelSpan("score ", model, recordKind);

    /// <summary>Starts the span of one LLM call for an incident, with the GenAI semantic-convention attributes.</summary>
    public static Activity? StartLlmCall(string runId, string incidentId, string model)
    {
        var activity = Source.StartActivity("llm call", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(RunIdTag, runId);
            activity.SetTag(IncidentIdTag, incidentId);
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", model);
        }

        return activity;
    }

    /// <summary>Counts <paramref name="count"/> records the generator produced for <paramref name="runId"/>.</summary>
    public static void RecordsGenerated(long count, string runId) => Generated.Add(count, new KeyValuePair<string, object?>(RunIdTag, runId));

    /// <summary>Records how long the detector took over one segment.</summary>
    public static void SegmentDetected(TimeSpan elapsed) => SegmentDuration.Record(elapsed.TotalSeconds);

    /// <summary>Counts <paramref name="count"/> records the ensemble judged anomalous as <paramref name="anomalyType"/>.</summary>
    public static void AnomaliesDetected(string anomalyType, long count, string runId) =>
        Anomalies.Add(count, new KeyValuePair<string, object?>(AnomalyTypeTag, anomalyType), new KeyValuePair<string, object?>(RunIdTag, runId));

    /// <summary>Counts the incidents of a run's ranking.</summary>
    public static void IncidentsRanked(int count, string runId) => Incidents.Add(count, new KeyValuePair<string, object?>(RunIdTag, runId));

    /// <summary>
    /// Records an explanation's outcome: <see cref="LlmOutcomes.Ok"/> and <see cref="LlmOutcomes.Failed"/> for calls made
    /// (with their duration and tokens), <see cref="LlmOutcomes.Fallback"/> for an answer that could not be used or a
    /// call not made (budget spent, endpoint given up on). Sets the outcome, tokens and error on <paramref name="activity"/>.
    /// </summary>
    public static void LlmCallEnded(Activity? activity, string outcome, TimeSpan? elapsed, long inputTokens, long outputTokens, Exception? error)
    {
        LlmCalls.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        if (elapsed is { } duration)
        {
            LlmDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }

        if (inputTokens > 0)
        {
            LlmTokens.Add(inputTokens, new KeyValuePair<string, object?>("direction", "input"));
        }

        if (outputTokens > 0)
        {
            LlmTokens.Add(outputTokens, new KeyValuePair<string, object?>("direction", "output"));
        }

        if (error is not null)
        {
            LlmFailures.Add(1, new KeyValuePair<string, object?>("error.type", error.GetType().Name));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        activity.SetTag("gen_ai.usage.input_tokens", inputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", outputTokens);
        if (error is not null)
        {
            activity.SetTag("error.type", error.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    /// <summary>Creates the queue-depth gauges on <paramref name="meter"/>, read from the callbacks (one measurement per queue).</summary>
    public static void CreateQueueDepthGauges(
        Meter meter, Func<IEnumerable<Measurement<long>>> observeWaiting, Func<IEnumerable<Measurement<long>>> observeInFlight)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge(QueueMessagesWaiting, observeWaiting, "{message}", "Messages waiting in a queue this process consumes.");
        meter.CreateObservableGauge(QueueMessagesInFlight, observeInFlight, "{message}",
            "Messages received from a queue this process consumes and not yet deleted.");
    }

    private static Activity? StartRunSpan(string name, string runId, int? segmentIndex, DateTimeOffset? startedAt = null)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, startTime: startedAt ?? default);
        if (activity is not null)
        {
            activity.SetTag(RunIdTag, runId);
            if (segmentIndex is { } segment)
            {
                activity.SetTag(SegmentTag, segment);
            }
        }

        return activity;
    }

    private static Activity? StartModelSpan(string verb, string model, string? recordKind)
    {
        // The model code knows no run: the run and the segment come from the span it runs in.
        var parent = Activity.Current;
        var activity = Source.StartActivity(string.Concat(verb, model));
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(ModelTag, model);
        if (recordKind is not null)
        {
            activity.SetTag(RecordKindTag, recordKind);
        }

        if (parent is not null)
        {
            activity.SetTag(RunIdTag, parent.GetTagItem(RunIdTag));
            activity.SetTag(SegmentTag, parent.GetTagItem(SegmentTag));
        }

        return activity;
    }
}
