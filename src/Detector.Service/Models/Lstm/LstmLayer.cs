using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// One LSTM layer's step, forward and backward, over weights that live in a flat parameter vector. The gates are
/// stacked input, forget, cell, output (i, f, g, o) in one 4H × (inputs + H) matrix that multiplies [x; h_prev].
/// </summary>
/// <remarks>
/// Equations (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000):
/// i = σ(W_i·[x;h] + b_i), f = σ(W_f·[x;h] + b_f), g = tanh(W_g·[x;h] + b_g), o = σ(W_o·[x;h] + b_o),
/// c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c).
/// </remarks>
internal readonly record struct LstmLayer(int Inputs, int Hidden, int WeightOffset)
{
    /// <summary>Width of the [x; h_prev] vector the gates read.</summary>
    public int ConcatSize => Inputs + Hidden;

    public int GateCount => 4 * Hidden;

    public int BiasOffset => WeightOffset + GateCount * ConcatSize;

    public int ParameterCount => GateCount * ConcatSize + GateCount;

    /// <summary>
    /// One step: fills the activated gates (i, f, g, o), the new cell state, its tanh (kept for the backward pass)
    /// and the new hidden state.
    /// </summary>
    public void Forward(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> concat, ReadOnlySpan<double> previousCell,
        Span<double> gates, Span<double> cell, Span<double> tanhCell, Span<double> hidden)
    {
        var k = ConcatSize;
        var h = Hidden;
        var weights = parameters.Slice(WeightOffset, GateCount * k);
        var biases = parameters.Slice(BiasOffset, GateCount);
        for (var r = 0; r < GateCount; r++)
        {
            gates[r] = TensorPrimitives.Dot(weights.Slice(r * k, k), concat) + biases[r];
        }

        var inputAndForget = gates[..(2 * h)];
        TensorPrimitives.Sigmoid(inputAndForget, inputAndForget);
        var candidate = gates.Slice(2 * h, h);
        TensorPrimitives.Tanh(candidate, candidate);
        var output = gates.Slice(3 * h, h);
        TensorPrimitives.Sigmoid(output, output);

        TensorPrimitives.Multiply(gates.Slice(h, h), previousCell, cell);
        TensorPrimitives.MultiplyAdd(gates[..h], candidate, cell, cell);
        TensorPrimitives.Tanh(cell, tanhCell);
        TensorPrimitives.Multiply(output, tanhCell, hidden);
    }

    /// <summary>
    /// Backpropagates one step. <paramref name="hiddenGradient"/> is dL/dh of this step (from above and from the next
    /// step); <paramref name="cellGradient"/> enters as dL/dc from the next step and leaves as dL/dc_prev. Adds the
    /// weight and bias gradients into <paramref name="gradient"/> and overwrites <paramref name="concatGradient"/>
    /// with dL/d[x; h_prev]. <paramref name="gateGradient"/> is scratch of 4H.
    /// </summary>
    public void Backward(
        ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<double> concat, ReadOnlySpan<double> previousCell,
        ReadOnlySpan<double> gates, ReadOnlySpan<double> tanhCell, ReadOnlySpan<double> hiddenGradient,
        Span<double> cellGradient, Span<double> concatGradient, Span<double> gateGradient)
    {
        var h = Hidden;
        for (var j = 0; j < h; j++)
        {
            var i = gates[j];
            var f = gates[h + j];
            var g = gates[2 * h + j];
            var o = gates[3 * h + j];
            var tc = tanhCell[j];
            var dc = cellGradient[j] + hiddenGradient[j] * o * (1 - tc * tc);
            gateGradient[j] = dc * g * i * (1 - i);
            gateGradient[h + j] = dc * previousCell[j] * f * (1 - f);
            gateGradient[2 * h + j] = dc * i * (1 - g * g);
            gateGradient[3 * h + j] = hiddenGradient[j] * tc * o * (1 - o);
            cellGradient[j] = dc * f;
        }

        var k = ConcatSize;
        var weights = parameters.Slice(WeightOffset, GateCount * k);
        var weightGradient = gradient.Slice(WeightOffset, GateCount * k);
        concatGradient.Clear();
        for (var r = 0; r < GateCount; r++)
        {
            var da = gateGradient[r];
            var row = weightGradient.Slice(r * k, k);
            TensorPrimitives.MultiplyAdd(concat, da, row, row);
            TensorPrimitives.MultiplyAdd(weights.Slice(r * k, k), da, concatGradient, concatGradient);
        }

        var biasGradient = gradient.Slice(BiasOffset, GateCount);
        TensorPrimitives.Add(biasGradient, gateGradient, biasGradient);
    }
}
