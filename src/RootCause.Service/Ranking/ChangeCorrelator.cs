using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>The change event that best explains a service's part in an incident, and how strongly (0..1).</summary>
public sealed record ChangeCorrelation(ChangeEvent Change, double Score, double SecondsBeforeStart);

/// <summary>
/// Correlates change events (deploys, config changes, scaling, restarts) with incidents: a change at a service shortly
/// before the incident began is the classic trigger, so it scores 1 at the start and fades linearly to 0 over the
/// window; a change during the incident may be a consequence (an automatic restart), so it scores only
/// <see cref="DuringIncidentScore"/>.
/// </summary>
public sealed class ChangeCorrelator
{
    public const double DuringIncidentScore = 0.3;

    private readonly Dictionary<string, List<ChangeEvent>> _byService = new(StringComparer.Ordinal);
    private readonly TimeSpan _window;

    public ChangeCorrelator(IEnumerable<ChangeEvent> changes, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _window = window;
        foreach (var change in changes)
        {
            if (!_byService.TryGetValue(change.Service, out var list))
            {
                list = [];
                _byService[change.Service] = list;
            }

            list.Add(change);
        }

        foreach (var list in _byService.Values)
        {
            list.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.RecordId.CompareTo(b.RecordId));
        }
    }

    /// <summary>The strongest change at <paramref name="service"/> for an incident spanning <paramref name="start"/>..<paramref name="end"/>, or null.</summary>
    public ChangeCorrelation? Correlate(string service, DateTime start, DateTime end)
    {
        ChangeCorrelation? best = null;
        foreach (var change in Near(service, start, end))
        {
            var before = start - change.Timestamp;
            var score = Score(before);
            if (best is null || score > best.Score)
            {
                best = new ChangeCorrelation(change, score, before.TotalSeconds);
            }
        }

        return best;
    }

    /// <summary>
    /// The deploy or config change at <paramref name="service"/> from <paramref name="lead"/> before
    /// <paramref name="start"/> to <paramref name="slack"/> after it that best explains an incident starting then, or
    /// null. Scored as <see cref="Correlate"/> does; other change types (scale, restart) are consequences, not triggers.
    /// </summary>
    public ChangeCorrelation? Trigger(string service, DateTime start, TimeSpan lead, TimeSpan slack)
    {
        ChangeCorrelation? best = null;
        foreach (var change in Near(service, start, start + slack))
        {
            var before = start - change.Timestamp;
            if (before > lead || change.EventType is not (EventTypes.Deploy or EventTypes.ConfigChange))
            {
                continue;
            }

            var score = Score(before);
            if (best is null || score > best.Score)
            {
                best = new ChangeCorrelation(change, score, before.TotalSeconds);
            }
        }

        return best;
    }

    private double Score(TimeSpan before) => before >= TimeSpan.Zero
        ? (_window == TimeSpan.Zero ? 1.0 : 1.0 - before.TotalSeconds / _window.TotalSeconds)
        : DuringIncidentScore;

    /// <summary>Changes at <paramref name="service"/> from the window before <paramref name="start"/> up to <paramref name="end"/>, in time order.</summary>
    public IEnumerable<ChangeEvent> Near(string service, DateTime start, DateTime end)
    {
        if (!_byService.TryGetValue(service, out var changes))
        {
            yield break;
        }

        // Binary search for the first change inside the window: a run may hold many thousands of change events.
        var from = start - _window;
        int low = 0, high = changes.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (changes[middle].Timestamp < from)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < changes.Count && changes[i].Timestamp <= end; i++)
        {
            yield return changes[i];
        }
    }
}
