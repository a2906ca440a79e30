using System.Diagnostics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using AnomalyPlatform.Detector.Ensemble;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Fits and scores every model on a run's (or a segment's) sealed telemetry columns, combines them in the ensemble and
/// builds the detections, the service edges and the change events of the rows it reports on. The models run side
/// by side, each on the shared input into its own output, and everything else is ordered, so the same input always
/// gives the same output.
/// </summary>
internal sealed class DetectionRun(DetectorOptions options)
{
    /// <summary>Analyses every row and reports on every row.</summary>
    public DetectionResult Execute(TelemetryColumns columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Execute(columns, 0, columns.Count, cancellationToken);
    }

    /// <summary>
    /// Fits and scores the models on every row, and reports (detections, scores, edges, change events) on the
    /// <paramref name="reportCount"/> rows from <paramref name="reportStart"/> only: the rows around them are context.
    /// </summary>
    public DetectionResult Execute(TelemetryColumns columns, int reportStart, int reportCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        columns.Seal();
        if (reportStart < 0 || reportCount < 0 || reportStart + reportCount > columns.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(reportCount), $"Rows {reportStart}..{reportStart + reportCount} are not within the {columns.Count} rows.");
        }

        var reported = new Range(reportStart, reportStart + reportCount);
        var stopwatch = Stopwatch.StartNew();
        var featuresBuilt = TimeSpan.Zero;
        var links = Task.Run(() => TraceLinks.Build(columns), cancellationToken);
        var metricSeries = DetectionInput.MetricSeriesOf(columns);
        var features = Task.Run(
            async () =>
            {
                var built = RecordFeatures.Build(columns, await links.ConfigureAwait(false), metricSeries.Value, FeatureOptions.From(options));
                featuresBuilt = stopwatch.Elapsed;
                return built;
            },
            cancellationToken);
        var models = RecordModelCatalog.Create(options);
        var running = StartModels(models, new DetectionInput(columns, metricSeries, links, features), cancellationToken);
        // The call patterns are counted while the models run: they need the links but none of the models.
        var summarised = Task.Run(
            async () =>
            {
                var linked = await links.ConfigureAwait(false);
                var summary = CallPatternSummariser.Summarise(columns, linked, reportStart, reportCount);
                // Without spans, the calls and their time between services are read from the requests' log lines; with
                // them, the time between services of the requests whose traces were not kept (sampled) is.
                var edges = linked.EdgesAmong(reportStart, reportStart + reportCount);
                if (edges.Count > 0)
                {
                    return (summary, CallTransitSummariser.Summarise(columns, linked, reportStart, reportCount), edges,
                        LogHandoverSummariser.Summarise(columns, RequestHandovers.Of(columns, reportStart, reportCount, untracedOnly: true)));
                }

                // One pass over the requests' lines gives both.
                var handovers = RequestHandovers.Of(columns, reportStart, reportCount);
                return (summary, [], LogCallEdges.Of(columns, handovers), LogHandoverSummariser.Summarise(columns, handovers));
            },
            cancellationToken);
        var outputs = Finish(running);
        var (callPatterns, callTransits, edges, logHandovers) = summarised.GetAwaiter().GetResult();
        // Every model but the LSTM waited for them; with the LSTM alone selected they may still be under way.
        features.GetAwaiter().GetResult();
        var timings = new List<StageTiming> { new("features", featuresBuilt) };
        for (var m = 0; m < models.Count; m++)
        {
            timings.Add(new StageTiming(models[m].Name, running[m].Elapsed));
        }

        var normalised = new double[models.Count][];
        // One column per model and one for the ensemble (filled while the detections are built).
        var quantised = new ushort[models.Count + 1][];
        for (var m = 0; m < models.Count; m++)
        {
            normalised[m] = new double[columns.Count];
            ScoreNormaliser.Normalise(outputs[m].Raw, outputs[m].Threshold, normalised[m]);
            quantised[m] = Quantise(normalised[m].AsSpan(reported));
        }

        quantised[models.Count] = new ushort[reportCount];

        stopwatch.Restart();
        var lostParents = LostParentCallers.Of(columns, links.Result);
        var lostInstances = LostParentInstances.Of(columns, links.Result);
        var detections = BuildDetections(columns, reportStart, outputs, normalised, quantised[models.Count], lostParents, lostInstances, cancellationToken);
        var names = new List<string>(models.Count + 1);
        foreach (var output in outputs)
        {
            names.Add(output.Model);
        }

        names.Add(ModelNames.Ensemble);
        timings.Add(new StageTiming(ModelNames.Ensemble, stopwatch.Elapsed));
        var reportedIds = columns.RecordIds[reported];
        var scores = new RunScores(reportCount, reportCount > 0 ? reportedIds[0] : 0, RunScores.IdsUnlessConsecutive(reportedIds), names, quantised);
        return new DetectionResult(
            reportCount, detections, names, edges, ChangeEvents(columns, reported), timings)
        {
            Scores = scores,
            CallPatterns = callPatterns.Patterns,
            CallPatternOutlines = callPatterns.Outlines,
            CallTransits = callTransits,
            LogHandovers = logHandovers,
            OperationEdges = callPatterns.Edges,
            Instances = InstancesOf(columns, reported),
        };
    }

    /// <summary>Per service, the instances of <paramref name="rows"/> with their first and last record, services and instances in ordinal order.</summary>
    private static List<ServiceInstances> InstancesOf(TelemetryColumns columns, Range rows)
    {
        var seen = new Dictionary<(int Service, int Instance), (long First, long Last)>();
        var (start, length) = rows.GetOffsetAndLength(columns.Count);
        var services = columns.ServiceIds;
        var instances = columns.InstanceIds;
        var ticks = columns.Ticks;
        for (var row = start; row < start + length; row++)
        {
            var key = (services[row], instances[row]);
            seen[key] = seen.TryGetValue(key, out var known)
                ? (Math.Min(known.First, ticks[row]), Math.Max(known.Last, ticks[row]))
                : (ticks[row], ticks[row]);
        }

        return [.. seen.GroupBy(static pair => pair.Key.Service)
            .Select(group => new ServiceInstances(
                columns.Services[group.Key],
                [.. group
                    .Select(pair => new InstanceSeen(
                        columns.Instances[pair.Key.Instance],
                        new DateTime(pair.Value.First, DateTimeKind.Utc),
                        new DateTime(pair.Value.Last, DateTimeKind.Utc)))
                    .OrderBy(static seen => seen.Instance, StringComparer.Ordinal)]))
            .OrderBy(static entry => entry.Service, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Starts every model at once, each on a thread of its own: each reads the shared, sealed input and writes only its
    /// own output, so the outputs do not depend on the order they finish in. The LSTM's training is sequential and
    /// starts before the features are built; the others fill the remaining cores meanwhile.
    /// </summary>
    private static RunningModel[] StartModels(IReadOnlyList<IRecordModel> models, DetectionInput input, CancellationToken cancellationToken)
    {
        var running = new RunningModel[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            running[m] = new RunningModel(models[m], input, cancellationToken);
        }

        return running;
    }

    private static ModelOutput[] Finish(RunningModel[] running)
    {
        try
        {
            Task.WaitAll([.. running.Select(model => model.Output)]);
        }
        catch (AggregateException)
        {
            // The first failure in model order, as the models would have failed one after another.
            var first = running.First(model => model.Output.IsFaulted || model.Output.IsCanceled).Output;
            first.GetAwaiter().GetResult();
            throw;
        }

        return [.. running.Select(model => model.Output.Result)];
    }

    private static ushort[] Quantise(ReadOnlySpan<double> normalised)
    {
        var quantised = new ushort[normalised.Length];
        for (var row = 0; row < normalised.Length; row++)
        {
            quantised[row] = ScoreQuantisation.Quantise(normalised[row]);
        }

        return quantised;
    }

    /// <param name="firstRow">The first reported row; <paramref name="ensembleScores"/> has one entry per reported row from there.</param>
    /// <param name="ensembleScores">Receives the ensemble's quantised score of every reported row, flagged or not.</param>
    /// <param name="lostParents">Per orphan span row, the callers that may have lost its parent (<see cref="LostParentCallers"/>).</param>
    /// <param name="lostInstances">Per orphan span row, the callers' instances that logged in its request (<see cref="LostParentInstances"/>).</param>
    private List<Detection> BuildDetections(
        TelemetryColumns columns, int firstRow, ModelOutput[] outputs, double[][] normalised, ushort[] ensembleScores,
        Dictionary<int, string[]> lostParents, Dictionary<int, string[]> lostInstances, CancellationToken cancellationToken)
    {
        var weights = new double[outputs.Length];
        var roles = new EnsembleRole[outputs.Length];
        for (var m = 0; m < outputs.Length; m++)
        {
            weights[m] = outputs[m].Weight;
            roles[m] = outputs[m].Role;
        }

        var combiner = new EnsembleCombiner(options.EnsembleStrategy, outputs.Length, weights, roles);
        var scores = new double[outputs.Length];
        var flags = new bool[outputs.Length];
        var decides = new bool[outputs.Length];
        var detections = new List<Detection>();
        for (var row = firstRow; row < firstRow + ensembleScores.Length; row++)
        {
            var anyFlag = false;
            for (var m = 0; m < outputs.Length; m++)
            {
                scores[m] = normalised[m][row];
                flags[m] = outputs[m].Flags[row];
                decides[m] = outputs[m].DecidesAt?[row] ?? false;
                anyFlag |= flags[m];
            }

            if ((row & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Combined for every row: the evaluation ranks all records by the ensemble's score, not only flagged ones.
            var (confidence, isAnomaly, lead) = combiner.Combine(scores, flags, decides);
            ensembleScores[row - firstRow] = ScoreQuantisation.Quantise(confidence);
            if (!anyFlag)
            {
                continue;
            }

            var modelScores = new ModelScore[outputs.Length];
            var reasons = new List<string>(outputs.Length);
            if (lead >= 0 && flags[lead])
            {
                reasons.Add(outputs[lead].ReasonFor(row));
            }

            for (var m = 0; m < outputs.Length; m++)
            {
                var score = double.IsNaN(scores[m]) ? 0.0 : scores[m];
                modelScores[m] = new ModelScore(outputs[m].Model, score, flags[m]);
                if (flags[m] && m != lead)
                {
                    reasons.Add(outputs[m].ReasonFor(row));
                }
            }

            var type = (lead >= 0 ? AnomalyTypeCodes.NameOf(outputs[lead].Types[row]) : null) ?? DefaultType(columns.KindAt(row));
            detections.Add(new Detection(
                columns.RecordIds[row], columns.TimestampAt(row), columns.KindAt(row), columns.ServiceAt(row), columns.InstanceAt(row),
                columns.NameAt(row), isAnomaly, confidence, type, modelScores, reasons)
            {
                LostParentCallers = lostParents.GetValueOrDefault(row),
                LostParentInstances = lostInstances.GetValueOrDefault(row),
            });
        }

        return detections;
    }

    /// <summary>The type a record of this kind most plausibly shows, for a model that does not name one.</summary>
    private static string DefaultType(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Log => AnomalyTypes.ErrorLogBurst,
        TelemetryKind.Event => AnomalyTypes.NoisyEvent,
        TelemetryKind.Span => AnomalyTypes.LatencySpike,
        _ => AnomalyTypes.MetricSpike,
    };

    private static List<ChangeEvent> ChangeEvents(TelemetryColumns columns, Range rows)
    {
        var changes = new List<ChangeEvent>();
        var kinds = columns.Kinds;
        var (start, length) = rows.GetOffsetAndLength(columns.Count);
        for (var row = start; row < start + length; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Event && EventTypes.Changes.Contains(columns.NameAt(row)))
            {
                changes.Add(new ChangeEvent(columns.RecordIds[row], columns.TimestampAt(row), columns.ServiceAt(row), columns.InstanceAt(row), columns.NameAt(row)));
            }
        }

        return changes;
    }
}
