using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Counts emitted records and labels against the two configured rates (see <see cref="GeneratorOptions.ErrorRate"/> and
/// <see cref="GeneratorOptions.AnomalyRate"/>), and says how many labelled records each rate still lacks.
/// </summary>
internal sealed class AnomalyLedger(double errorRate, double anomalyRate)
{
    // Recent volume per interval, smoothed over about ten intervals: the budget of an incident is planned from it.
    private const double Smoothing = 0.1;

    public long Logs { get; private set; }

    public long LabelledLogs { get; private set; }

    public long OtherRecords { get; private set; }

    public long LabelledOther { get; private set; }

    public double LogsPerInterval { get; private set; }

    public double OtherRecordsPerInterval { get; private set; }

    /// <summary>
    /// Labelled ERROR lines still missing: the target is r × all logs, i.e. r / (1 − r) × unlabelled logs, because each
    /// labelled line is itself a log record. Negative when the rate is overshot.
    /// </summary>
    public double ErrorDeficit => errorRate / (1 - errorRate) * (Logs - LabelledLogs) - LabelledLogs;

    /// <summary>Labelled metrics, spans and events still missing, by the same reasoning with the anomaly rate.</summary>
    public double AnomalyDeficit => anomalyRate / (1 - anomalyRate) * (OtherRecords - LabelledOther) - LabelledOther;

    /// <summary>Labelled ERROR lines the error rate allows per interval at the recent log volume.</summary>
    public double ErrorBudgetPerInterval => errorRate / (1 - errorRate) * LogsPerInterval;

    /// <summary>Labelled other records the anomaly rate allows per interval at the recent volume.</summary>
    public double AnomalyBudgetPerInterval => anomalyRate / (1 - anomalyRate) * OtherRecordsPerInterval;

    /// <summary>Counts the records of a finished interval (<paramref name="buffer"/> after <see cref="IntervalBuffer.Finish"/>).</summary>
    public void Count(IntervalBuffer buffer)
    {
        long logs = 0, labelledLogs = 0, other = 0, labelledOther = 0;
        var items = buffer.Items;
        for (var i = 0; i < buffer.Count; i++)
        {
            var labelled = items[i].AnomalyType is not null;
            if (items[i].Kind == TelemetryKind.Log)
            {
                logs++;
                labelledLogs += labelled ? 1 : 0;
            }
            else
            {
                other++;
                labelledOther += labelled ? 1 : 0;
            }
        }

        var first = Logs == 0 && OtherRecords == 0;
        Logs += logs;
        LabelledLogs += labelledLogs;
        OtherRecords += other;
        LabelledOther += labelledOther;
        // Planning looks at normal volume, so labelled records (which a fault adds) are left out of it.
        LogsPerInterval = first ? logs - labelledLogs : LogsPerInterval + Smoothing * (logs - labelledLogs - LogsPerInterval);
        OtherRecordsPerInterval = first ? other - labelledOther : OtherRecordsPerInterval + Smoothing * (other - labelledOther - OtherRecordsPerInterval);
    }
}
