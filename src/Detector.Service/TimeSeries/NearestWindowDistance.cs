namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// The rarity of the series' recent shape, in the spirit of KNN-CAD and ARTime's "new category": the distance from the
/// window of the last <c>windowLength</c> values to its <c>neighbours</c>-th nearest neighbour among the windows of the
/// past <c>historyLength</c> points (windows overlapping the current one are left out, so a point never matches itself).
/// A pattern the series has already shown a few times is near something; a new one is far from everything. Values are
/// kept in one contiguous buffer so that every candidate window is a span, compared with early abandoning.
/// </summary>
internal sealed class NearestWindowDistance
{
    private readonly int _windowLength;
    private readonly int _historyLength;
    private readonly double[] _buffer;
    private readonly double[] _best;
    private int _end;

    public NearestWindowDistance(int windowLength, int historyLength, int neighbours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, windowLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        _windowLength = windowLength;
        _historyLength = historyLength;
        _buffer = new double[2 * (historyLength + (2 * windowLength))];
        _best = new double[neighbours];
    }

    /// <summary>
    /// Adds <paramref name="value"/> and returns the root-mean-square distance of the newest window to its k-th nearest
    /// past window, or -1 while fewer than k past windows exist.
    /// </summary>
    public double Update(double value) => Update(value, _best.Length);

    /// <summary>As <see cref="Update(double)"/>, with the <paramref name="neighbours"/>-th nearest window (at most the constructor's count).</summary>
    public double Update(double value, int neighbours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(neighbours, _best.Length);
        if (_end == _buffer.Length)
        {
            var keep = _historyLength + (2 * _windowLength);
            Array.Copy(_buffer, _end - keep, _buffer, 0, keep);
            _end = keep;
        }

        _buffer[_end++] = value;
        var w = _windowLength;
        // Candidate windows end at least one window before the current one starts.
        var lastEnd = _end - w - w;
        var firstEnd = Math.Max(w, _end - _historyLength);
        if (lastEnd - firstEnd + 1 < neighbours)
        {
            return -1.0;
        }

        var current = _buffer.AsSpan(_end - w, w);
        var best = _best.AsSpan(0, neighbours);
        best.Fill(double.PositiveInfinity);
        var worst = double.PositiveInfinity;
        for (var end = lastEnd; end >= firstEnd; end--)
        {
            var candidate = _buffer.AsSpan(end - w, w);
            var sum = 0.0;
            for (var i = 0; i < w && sum < worst; i++)
            {
                var d = current[i] - candidate[i];
                sum += d * d;
            }

            if (sum < worst)
            {
                worst = Insert(best, sum);
            }
        }

        return Math.Sqrt(worst / w);
    }

    /// <summary>Inserts a squared distance into the sorted k best; returns the new k-th best.</summary>
    private static double Insert(Span<double> best, double distance)
    {
        var i = best.Length - 1;
        while (i > 0 && best[i - 1] > distance)
        {
            best[i] = best[i - 1];
            i--;
        }

        best[i] = distance;
        return best[^1];
    }
}
