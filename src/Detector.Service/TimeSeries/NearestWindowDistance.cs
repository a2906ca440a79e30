using System.Runtime.Intrinsics;

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
    /// <summary>Candidate windows compared at once: the doubles in a 256-bit vector.</summary>
    private static int Lanes => Vector256<double>.Count;

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
        var end = lastEnd;
        if (Vector256.IsHardwareAccelerated)
        {
            Span<double> sums = stackalloc double[Lanes];
            for (; end - (Lanes - 1) >= firstEnd; end -= Lanes)
            {
                if (!SquaredDistances(current, _buffer.AsSpan(end - (Lanes - 1) - w, w + Lanes - 1), worst, sums))
                {
                    continue;
                }

                // In the order the one-at-a-time loop meets them (the newest first), each against the k-th best so far.
                for (var k = Lanes - 1; k >= 0; k--)
                {
                    if (sums[k] < worst)
                    {
                        worst = Insert(best, sums[k]);
                    }
                }
            }
        }

        for (; end >= firstEnd; end--)
        {
            var sum = SquaredDistance(current, _buffer.AsSpan(end - w, w), worst);
            if (sum < worst)
            {
                worst = Insert(best, sum);
            }
        }

        return Math.Sqrt(worst / w);
    }

    /// <summary>
    /// The squared distance between two windows, summed in index order, or a partial sum once it reaches
    /// <paramref name="bound"/> (no nearer than the k-th best, so the rest cannot matter). The bound is looked at every
    /// four terms rather than every term: the sum of non-negative terms only grows, so the verdict and every sum that
    /// stays under the bound are the same, with fewer branches in the loop the detector spends most of its time in.
    /// </summary>
    private static double SquaredDistance(ReadOnlySpan<double> current, ReadOnlySpan<double> candidate, double bound)
    {
        var sum = 0.0;
        var i = 0;
        for (; i + 4 <= current.Length && sum < bound; i += 4)
        {
            var d0 = current[i] - candidate[i];
            var d1 = current[i + 1] - candidate[i + 1];
            var d2 = current[i + 2] - candidate[i + 2];
            var d3 = current[i + 3] - candidate[i + 3];
            sum += d0 * d0;
            sum += d1 * d1;
            sum += d2 * d2;
            sum += d3 * d3;
        }

        for (; i < current.Length && sum < bound; i++)
        {
            var d = current[i] - candidate[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// The squared distances of <see cref="Lanes"/> consecutive candidate windows at once, one per vector lane (lane k:
    /// the window starting at <paramref name="candidates"/>[k]), each summed in index order as
    /// <see cref="SquaredDistance"/> sums it, so each is the same number. False when after the first four terms every
    /// lane already reaches <paramref name="bound"/>: none of them can be among the k nearest, as the one-at-a-time
    /// loop would find.
    /// </summary>
    private static bool SquaredDistances(ReadOnlySpan<double> current, ReadOnlySpan<double> candidates, double bound, Span<double> sums)
    {
        var sum = Vector256<double>.Zero;
        var limit = Vector256.Create(bound);
        for (var i = 0; i < current.Length; i++)
        {
            var d = Vector256.Create(current[i]) - Vector256.Create(candidates.Slice(i, Lanes));
            sum += d * d;
            if (i == 3 && Vector256.GreaterThanOrEqualAll(sum, limit))
            {
                return false;
            }
        }

        sum.CopyTo(sums);
        return true;
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
