using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Element-wise maths whose result for an element does not depend on where its span lies in memory.
/// <c>TensorPrimitives.Cos</c> aligns its vector loads to the destination's address and computes a whole vector the
/// slow, exact way when any of its lanes is out of the fast path's range, so an element's last bit could depend on
/// which neighbours shared its vector, and that on where the buffer was allocated: the same seed gave scores that
/// differed in the last bit between two runs. Here lanes are grouped by index, from the start of the span.
/// The method is compiled fully optimised from its first call: its unoptimised first tier computed some cosines
/// differently in the last bit, so rows scored before the JIT's tier-up (how many depends on timing, and on what
/// else runs beside it) differed from rows scored after.
/// </summary>
internal static class OrderedMath
{
    /// <summary>Replaces each value by its cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Cos(Span<double> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var lanes = values.Slice(i, Vector256<double>.Count);
                Vector256.Cos(Vector256.Create(lanes)).CopyTo(lanes);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = Math.Cos(values[i]);
        }
    }
}
