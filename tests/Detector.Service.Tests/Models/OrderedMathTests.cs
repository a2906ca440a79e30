using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class OrderedMathTests
{
    [Fact]
    public void A_cosine_has_the_same_last_bit_wherever_its_buffer_lies_in_memory()
    {
        // Random Fourier features: mostly small arguments, now and then a large one that leaves the fast vector path.
        var random = new Random(7);
        var values = Enumerable.Range(0, 256).Select(i => (random.NextDouble() * 2 - 1) * (i % 37 == 0 ? 1e9 : 20)).ToArray();
        var expected = values.ToArray();
        OrderedMath.Cos(expected);

        for (var offset = 1; offset < 8; offset++)
        {
            var buffer = new double[values.Length + offset];
            values.CopyTo(buffer, offset);
            var shifted = buffer.AsSpan(offset, values.Length);
            OrderedMath.Cos(shifted);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), shifted.ToArray().Select(BitConverter.DoubleToInt64Bits));
        }

        Assert.All(values.Zip(expected), pair => Assert.Equal(Math.Cos(pair.First), pair.Second, 12));
    }
}
