using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Decides when and where faults start, and writes or marks their observable records. Two deficit controllers keep the
/// labelled volume on target: error-log bursts against <see cref="GeneratorOptions.ErrorRate"/> × log records, the other
/// three kinds against <see cref="GeneratorOptions.AnomalyRate"/> × all records. A new episode starts when the
/// shortfall (target − labelled − still expected from running episodes) reaches half an episode, so the realised rate
/// stays within half an episode of its target however long the run.
/// Symptoms propagate to direct callers: error bursts as caller ERROR lines a few seconds later, metric spikes as caller
/// latency or error-rate readings one interval later, noisy events as caller health-check flaps. Propagated records
/// carry the root incident's id.
/// </summary>
internal sealed class FaultInjector
{
    private const int MaxConcurrentEpisodes = 64;
    private const int MissingSpanMaxIntervals = 6;

    private readonly GeneratorOptions _options;
    private readonly ServiceTopology _topology;
    private readonly SeededRandom _random;
    private readonly IncidentRegistry _incidents;
    private readonly LogCatalog _logs;
    private readonly EventCatalog _events;
    private readonly List<FaultEpisode> _active = [];
    private readonly FaultEpisode?[] _missingSpanAt;
    private readonly FaultEpisode?[] _metricSpikeAt;
    private readonly FaultEpisode?[] _burstAt;
    private readonly FaultEpisode?[] _noisyAt;
    private readonly FaultEpisode?[] _spikeEpisode;
    private readonly double[] _spikeFactor;
    private readonly int[] _callerInstances;
    private readonly double[] _missingSpanWeights;
    private long _labelledByAnomalyRate;
    private long _burstLogs;

    public FaultInjector(GeneratorOptions options, ServiceTopology topology, SeededRandom random, IncidentRegistry incidents, LogCatalog logs, EventCatalog events)
    {
        _options = options;
        _topology = topology;
        _random = random;
        _incidents = incidents;
        _logs = logs;
        _events = events;
        _missingSpanAt = new FaultEpisode?[topology.InstanceCount];
        _metricSpikeAt = new FaultEpisode?[topology.InstanceCount];
        _burstAt = new FaultEpisode?[topology.InstanceCount];
        _noisyAt = new FaultEpisode?[topology.InstanceCount];
        _spikeEpisode = new FaultEpisode?[topology.InstanceCount * MetricNames.Count];
        _spikeFactor = new double[topology.InstanceCount * MetricNames.Count];
        _callerInstances = new int[topology.Services.Count];
        _missingSpanWeights = new double[topology.Services.Count];
        for (var s = 0; s < topology.Services.Count; s++)
        {
            foreach (var caller in topology.CallersOf(s))
            {
                _callerInstances[s] += topology.Services[caller].Instances;
            }

            // Tracing loss is only observable where spans have children; busy services lose more spans per minute.
            _missingSpanWeights[s] = topology.CalleesOf(s).Length > 0 ? topology.ExpectedVisits[s] : 0;
        }
    }

    /// <summary>Labelled records produced so far by the <see cref="GeneratorOptions.AnomalyRate"/> kinds.</summary>
    public long LabelledByAnomalyRate => _labelledByAnomalyRate;

    /// <summary>Error-burst log lines written so far.</summary>
    public long BurstLogs => _burstLogs;

    /// <summary>Starts metric-spike, missing-span and noisy-event episodes as the anomaly-rate controller asks, and arms this interval's metric spikes.</summary>
    public void BeginInterval(long startTicks, long recordsSoFar, int lastIntervalRecords)
    {
        var rate = _options.AnomalyRate;
        if (rate > 0)
        {
            var size = Math.Clamp((int)Math.Round(rate * lastIntervalRecords * 4), 4, 200);
            var deficit = rate * (recordsSoFar + lastIntervalRecords) - (_labelledByAnomalyRate + Outstanding(FaultKind.ErrorLogBurst, exclude: true));
            while (deficit >= size / 2.0 && _active.Count < MaxConcurrentEpisodes && StartAnomalyEpisode(startTicks, size) is { } started)
            {
                deficit -= started.Planned;
            }
        }

        ArmMetricSpikes();
    }

    /// <summary>The missing-span episode active at <paramref name="instance"/> that still wants orphans, if any.</summary>
    public FaultEpisode? MissingSpanAt(int instance) =>
        _missingSpanAt[instance] is { } episode && episode.Labelled < episode.Planned ? episode : null;

    /// <summary>Counts records labelled for <paramref name="episode"/> outside this class (orphaned spans).</summary>
    public void CountLabelled(FaultEpisode episode, int count)
    {
        episode.Labelled += count;
        if (episode.Kind == FaultKind.ErrorLogBurst)
        {
            _burstLogs += count;
        }
        else
        {
            _labelledByAnomalyRate += count;
        }
    }

    /// <summary>
    /// Starts error bursts as the error-rate controller asks (after the interval's normal logs are known) and writes
    /// this interval's burst lines; returns the number of log lines written.
    /// </summary>
    public int InjectErrorBursts(IntervalBuffer buffer, long startTicks, long intervalTicks, long normalLogsSoFar, int normalLogsThisInterval)
    {
        var rate = _options.ErrorRate;
        if (rate > 0)
        {
            // Burst lines are a share r of all logs: burst = r / (1 − r) × normal.
            var ratio = rate / (1 - rate);
            var size = Math.Clamp((int)Math.Round(ratio * normalLogsThisInterval * 6), 6, 60);
            var deficit = ratio * normalLogsSoFar - (_burstLogs + Outstanding(FaultKind.ErrorLogBurst, exclude: false));
            while (deficit >= size / 2.0 && _active.Count < MaxConcurrentEpisodes && StartBurst(startTicks, intervalTicks, size) is { } started)
            {
                deficit -= started.Planned;
            }
        }

        var written = 0;
        foreach (var episode in _active)
        {
            if (episode.Kind == FaultKind.ErrorLogBurst && episode.Elapsed < episode.Duration)
            {
                written += WriteBurstLines(buffer, episode, startTicks);
            }
        }

        return written;
    }

    /// <summary>Writes this interval's events of running noisy-event episodes; returns how many.</summary>
    public int InjectNoisyEvents(IntervalBuffer buffer, long startTicks)
    {
        var written = 0;
        foreach (var episode in _active)
        {
            if (episode.Kind != FaultKind.NoisyEvent || episode.Elapsed >= episode.Duration)
            {
                continue;
            }

            var windowStart = episode.Elapsed == 0 ? episode.WindowStartTicks : startTicks + (long)(_random.NextDouble() * 20 * Ticks.PerSecond);
            var rootLines = Share(episode.RootPlanned, episode.RootWritten, episode.Duration - episode.Elapsed);
            for (var i = 0; i < rootLines; i++)
            {
                var type = _random.NextDouble() switch
                {
                    < 0.35 => EventCatalog.Restart,
                    < 0.8 => EventCatalog.HealthCheckFlap,
                    _ => EventCatalog.ConfigChange,
                };
                var ticks = Ticks.FloorMs(windowStart + (long)(_random.NextDouble() * 30 * Ticks.PerSecond));
                Label(buffer, _events.Add(buffer, ticks, episode.Instance, type, null), episode);
            }

            episode.RootWritten += rootLines;
            written += rootLines;
            if (episode.Elapsed == 0)
            {
                // Callers notice the flapping dependency a few seconds after it starts.
                var dependency = _topology.Services[episode.Service].Name;
                foreach (var caller in _topology.CallersOf(episode.Service))
                {
                    for (var n = 0; n < _topology.Services[caller].Instances; n++)
                    {
                        var ticks = Ticks.FloorMs(windowStart + (long)(_random.Uniform(2, 20) * Ticks.PerSecond));
                        Label(buffer, _events.Add(buffer, ticks, _topology.FirstInstance[caller] + n, EventCatalog.HealthCheckFlap, dependency), episode);
                        written++;
                    }
                }
            }
        }

        return written;
    }

    /// <summary>Returns the reading to emit for a metric: the normal one, or a spike; <paramref name="incident"/> is -1 when normal.</summary>
    public double ApplyMetricSpike(int instance, int metric, double normal, out int incident)
    {
        var slot = instance * MetricNames.Count + metric;
        if (_spikeEpisode[slot] is not { } episode)
        {
            incident = -1;
            return normal;
        }

        incident = episode.Incident;
        CountLabelled(episode, 1);
        var factor = _spikeFactor[slot];
        return metric switch
        {
            MetricNames.CpuPercent => Math.Min(99.9, Math.Max(normal + 40, factor)),
            MetricNames.ErrorRate => Math.Max(normal * 10, factor),
            _ => normal * factor,
        };
    }

    /// <summary>Advances running episodes by one interval and retires those that are over.</summary>
    public void EndInterval()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var episode = _active[i];
            episode.Elapsed++;
            var over = episode.Kind switch
            {
                FaultKind.MissingSpan => episode.Labelled >= episode.Planned || episode.Elapsed >= episode.Duration,
                // Caller-side metric symptoms lag one interval behind the root.
                FaultKind.MetricSpike => episode.Elapsed > episode.Duration || (!Propagates(episode.Profile) && episode.Elapsed >= episode.Duration),
                _ => episode.Elapsed >= episode.Duration,
            };
            if (!over)
            {
                continue;
            }

            _active.RemoveAt(i);
            MarkersFor(episode.Kind)[episode.Instance] = null;
        }
    }

    private long Outstanding(FaultKind kind, bool exclude)
    {
        long outstanding = 0;
        foreach (var episode in _active)
        {
            if ((episode.Kind == kind) != exclude)
            {
                outstanding += episode.Outstanding;
            }
        }

        return outstanding;
    }

    private FaultEpisode?[] MarkersFor(FaultKind kind) => kind switch
    {
        FaultKind.MissingSpan => _missingSpanAt,
        FaultKind.MetricSpike => _metricSpikeAt,
        FaultKind.ErrorLogBurst => _burstAt,
        _ => _noisyAt,
    };

    private FaultEpisode? StartAnomalyEpisode(long startTicks, int size)
    {
        var draw = _random.NextDouble();
        var kind = draw < 0.4 ? FaultKind.MetricSpike : draw < 0.7 ? FaultKind.MissingSpan : FaultKind.NoisyEvent;
        var service = kind == FaultKind.MissingSpan ? PickWeighted(_missingSpanWeights) : _random.Next(_topology.Services.Count);
        if (service < 0 || PickFreeInstance(service, MarkersFor(kind)) is not { } instance)
        {
            return null;
        }

        var callerInstances = _callerInstances[service];
        FaultEpisode episode;
        switch (kind)
        {
            case FaultKind.MetricSpike:
            {
                var profile = (SpikeProfile)_random.Next(4);
                var rootMetrics = profile is SpikeProfile.CpuHog or SpikeProfile.LatencyInjection ? 2 : 1;
                var perInterval = rootMetrics + (Propagates(profile) ? callerInstances : 0);
                var duration = Math.Clamp((int)Math.Ceiling(size / (double)perInterval), 1, 8);
                episode = NewEpisode(kind, service, instance, startTicks, perInterval * duration, duration, profile,
                    profile switch
                    {
                        SpikeProfile.CpuHog => _random.Uniform(88, 98),
                        SpikeProfile.MemoryLeak => _random.Uniform(1.9, 2.4),
                        SpikeProfile.LatencyInjection => _random.Uniform(4, 6),
                        _ => _random.Uniform(0.15, 0.5),
                    });
                break;
            }

            case FaultKind.MissingSpan:
                episode = NewEpisode(kind, service, instance, startTicks, size, MissingSpanMaxIntervals, default, 0);
                break;

            default:
            {
                var rootEvents = Math.Max(4, size - callerInstances);
                var duration = Math.Clamp((int)Math.Ceiling(rootEvents / 12.0), 1, 4);
                var windowStart = startTicks + (long)(_random.NextDouble() * 25 * Ticks.PerSecond);
                episode = NewEpisode(kind, service, instance, windowStart, rootEvents + callerInstances, duration, default, 0);
                episode.RootPlanned = rootEvents;
                episode.WindowStartTicks = windowStart;
                break;
            }
        }

        return episode;
    }

    private FaultEpisode? StartBurst(long startTicks, long intervalTicks, int size)
    {
        var service = _random.Next(_topology.Services.Count);
        if (PickFreeInstance(service, _burstAt) is not { } instance)
        {
            return null;
        }

        var callerLines = _callerInstances[service] == 0 ? 0 : Math.Max(1, (int)Math.Round(size * 0.2));
        var windowStart = startTicks + (long)(_random.NextDouble() * (intervalTicks - 20 * Ticks.PerSecond));
        var episode = NewEpisode(FaultKind.ErrorLogBurst, service, instance, windowStart, size, (int)Math.Ceiling(size / 40.0), default, 0);
        episode.RootPlanned = size - callerLines;
        episode.WindowStartTicks = windowStart;
        return episode;
    }

    private FaultEpisode NewEpisode(
        FaultKind kind, int service, int instance, long startTicks, int planned, int duration, SpikeProfile profile, double severity)
    {
        var type = kind switch
        {
            FaultKind.ErrorLogBurst => AnomalyTypes.ErrorLogBurst,
            FaultKind.MetricSpike => AnomalyTypes.MetricSpike,
            FaultKind.MissingSpan => AnomalyTypes.MissingSpan,
            _ => AnomalyTypes.NoisyEvent,
        };
        var episode = new FaultEpisode
        {
            Incident = _incidents.Open(type, service, instance, Ticks.FloorMs(startTicks)),
            Kind = kind,
            Service = service,
            Instance = instance,
            Planned = planned,
            Duration = duration,
            Profile = profile,
            Severity = severity,
        };
        _active.Add(episode);
        MarkersFor(kind)[instance] = episode;
        return episode;
    }

    private int WriteBurstLines(IntervalBuffer buffer, FaultEpisode episode, long startTicks)
    {
        var windowStart = episode.Elapsed == 0 ? episode.WindowStartTicks : startTicks;
        var remaining = episode.Duration - episode.Elapsed;
        var rootLines = Share(episode.RootPlanned, episode.RootWritten, remaining);
        var callerLines = Share(episode.Planned - episode.RootPlanned, episode.CallerWritten, remaining);
        var firstRoot = long.MaxValue;
        for (var i = 0; i < rootLines; i++)
        {
            var (template, message) = _logs.BurstRootLine(episode.Service);
            var ticks = Ticks.FloorMs(windowStart + (long)(_random.NextDouble() * 20 * Ticks.PerSecond));
            firstRoot = Math.Min(firstRoot, ticks);
            Label(buffer, _logs.Add(buffer, ticks, episode.Instance, LogLevel.Error, template, message, null), episode);
        }

        var callers = _topology.CallersOf(episode.Service);
        for (var i = 0; i < callerLines; i++)
        {
            // Callers see failures only after the root starts failing: 0.2–4 s after its first line.
            var caller = callers[_random.Next(callers.Length)];
            var instance = _topology.FirstInstance[caller] + _random.Next(_topology.Services[caller].Instances);
            var ticks = Ticks.FloorMs((firstRoot == long.MaxValue ? windowStart : firstRoot) + (long)(_random.Uniform(0.2, 4) * Ticks.PerSecond));
            Label(buffer, _logs.Add(buffer, ticks, instance, LogLevel.Error, "upstream_call_failed", _logs.BurstCallerLine(episode.Service), null), episode);
        }

        episode.RootWritten += rootLines;
        episode.CallerWritten += callerLines;
        return rootLines + callerLines;
    }

    private void Label(IntervalBuffer buffer, int slot, FaultEpisode episode)
    {
        buffer[slot].Incident = episode.Incident;
        CountLabelled(episode, 1);
    }

    private void ArmMetricSpikes()
    {
        Array.Clear(_spikeEpisode);
        foreach (var episode in _active)
        {
            if (episode.Kind != FaultKind.MetricSpike)
            {
                continue;
            }

            if (episode.Elapsed < episode.Duration)
            {
                switch (episode.Profile)
                {
                    case SpikeProfile.CpuHog:
                        Arm(episode.Instance, MetricNames.CpuPercent, episode.Severity, episode);
                        Arm(episode.Instance, MetricNames.LatencyP95, _random.Uniform(2.8, 3.5), episode);
                        break;
                    case SpikeProfile.MemoryLeak:
                        // A leak keeps growing while it lasts.
                        Arm(episode.Instance, MetricNames.MemoryMb, episode.Severity + 0.3 * episode.Elapsed, episode);
                        break;
                    case SpikeProfile.LatencyInjection:
                        Arm(episode.Instance, MetricNames.LatencyP50, episode.Severity, episode);
                        Arm(episode.Instance, MetricNames.LatencyP95, episode.Severity * 1.3, episode);
                        break;
                    default:
                        Arm(episode.Instance, MetricNames.ErrorRate, episode.Severity, episode);
                        break;
                }
            }

            if (episode.Elapsed >= 1 && episode.Elapsed <= episode.Duration && Propagates(episode.Profile))
            {
                foreach (var caller in _topology.CallersOf(episode.Service))
                {
                    for (var n = 0; n < _topology.Services[caller].Instances; n++)
                    {
                        var instance = _topology.FirstInstance[caller] + n;
                        if (episode.Profile == SpikeProfile.ErrorSpike)
                        {
                            Arm(instance, MetricNames.ErrorRate, _random.Uniform(0.05, 0.15), episode);
                        }
                        else
                        {
                            Arm(instance, MetricNames.LatencyP95, _random.Uniform(2.2, 3.0), episode);
                        }
                    }
                }
            }
        }
    }

    private void Arm(int instance, int metric, double factor, FaultEpisode episode)
    {
        var slot = instance * MetricNames.Count + metric;
        // First episode wins a reading: a record carries one label.
        if (_spikeEpisode[slot] is null)
        {
            _spikeEpisode[slot] = episode;
            _spikeFactor[slot] = factor;
        }
    }

    private static bool Propagates(SpikeProfile profile) => profile != SpikeProfile.MemoryLeak;

    private static int Share(int planned, int written, int intervalsLeft) =>
        intervalsLeft <= 0 ? 0 : (int)Math.Ceiling(Math.Max(0, planned - written) / (double)intervalsLeft);

    private int? PickFreeInstance(int service, FaultEpisode?[] markers)
    {
        var instances = _topology.Services[service].Instances;
        var first = _topology.FirstInstance[service] + _random.Next(instances);
        for (var i = 0; i < instances; i++)
        {
            var candidate = _topology.FirstInstance[service] + (first - _topology.FirstInstance[service] + i) % instances;
            if (markers[candidate] is null)
            {
                return candidate;
            }
        }

        return null;
    }

    private int PickWeighted(double[] weights)
    {
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        if (total <= 0)
        {
            return -1;
        }

        var target = _random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0 && weights[i] > 0)
            {
                return i;
            }
        }

        return Array.FindLastIndex(weights, w => w > 0);
    }
}
