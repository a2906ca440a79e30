namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// The timeline's time axis: linear over a continuous run; over several recordings (two days' exports in one input)
/// each recording gets a width in proportion to its length and the pause between two of them a narrow break of its
/// own, so that twelve hours without a record do not take a third of the chart from the hours that hold the incidents.
/// Monotone and continuous: a time inside a pause maps into its break, so a bar spanning one is still drawn whole.
/// </summary>
internal sealed class TimelineAxis
{
    /// <summary>The width of a pause between two recordings, whatever its length.</summary>
    public const double BreakWidth = 28;

    private readonly List<Piece> _pieces = [];

    /// <param name="pauses">The pauses between recordings, in time order; those not wholly inside <paramref name="from"/>..<paramref name="to"/> are ignored.</param>
    public TimelineAxis(DateTime from, DateTime to, double left, double right, IReadOnlyList<(DateTime From, DateTime To)> pauses)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        var inside = new List<(DateTime From, DateTime To)>();
        var after = from;
        foreach (var pause in pauses)
        {
            if (pause.From >= after && pause.To > pause.From && pause.To <= to)
            {
                inside.Add(pause);
                after = pause.To;
            }
        }

        var recorded = (to - from).Ticks - inside.Sum(static p => (p.To - p.From).Ticks);
        var perTick = inside.Count == 0 || recorded <= 0 ? 0 : (right - left - inside.Count * BreakWidth) / recorded;
        if (perTick <= 0)
        {
            _pieces.Add(new Piece(from, to, Scale.OfTime(from, to, left, right), IsPause: false));
            return;
        }

        var start = from;
        var x = left;
        foreach (var pause in inside.Append((From: to, To: to)))
        {
            var width = (pause.From - start).Ticks * perTick;
            _pieces.Add(new Piece(start, pause.From, Scale.OfTime(start, pause.From, x, x + width), IsPause: false));
            x += width;
            if (pause.To > pause.From)
            {
                _pieces.Add(new Piece(pause.From, pause.To, Scale.OfTime(pause.From, pause.To, x, x + BreakWidth), IsPause: true));
                x += BreakWidth;
            }

            start = pause.To;
        }
    }

    /// <summary>The recordings' stretches of the axis, in time order (one for a continuous run).</summary>
    public IEnumerable<Piece> Recordings => _pieces.Where(static p => !p.IsPause);

    /// <summary>The breaks between recordings, in time order (none for a continuous run).</summary>
    public IEnumerable<Piece> Pauses => _pieces.Where(static p => p.IsPause);

    public double Map(DateTime time)
    {
        foreach (var piece in _pieces)
        {
            if (time <= piece.To)
            {
                return piece.Scale.Map(time < piece.From ? piece.From : time);
            }
        }

        return _pieces[^1].Scale.Map(_pieces[^1].To);
    }

    /// <summary>A stretch of the axis: a recording, or a pause between two drawn as a break.</summary>
    internal sealed record Piece(DateTime From, DateTime To, Scale Scale, bool IsPause)
    {
        public double Left => Scale.RangeFrom;

        public double Right => Scale.RangeTo;
    }
}
