using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// The network: an encoder LSTM reads a window x_1..x_T, its last hidden state goes through a dense tanh layer to a
/// small latent code z, and a decoder LSTM fed z at every step (the "repeat vector" of Srivastava et al. 2015 and
/// Malhotra et al. 2016) emits hidden states that a dense layer maps back to y_1..y_T. The loss is the mean squared
/// error between y and x. All weights live in one flat vector (layout below), so Adam, clipping and persistence
/// treat the network as one span.
/// </summary>
/// <remarks>Layout: encoder LSTM | latent W (L × H), b (L) | decoder LSTM | output W (F × H), b (F).</remarks>
internal sealed class SequenceAutoencoder
{
    public SequenceAutoencoder(int features, int hidden, int latent, int windowLength)
    {
        Features = features;
        Hidden = hidden;
        Latent = latent;
        WindowLength = windowLength;
        Encoder = new LstmLayer(features, hidden, 0);
        LatentWeightOffset = Encoder.ParameterCount;
        LatentBiasOffset = LatentWeightOffset + latent * hidden;
        Decoder = new LstmLayer(latent, hidden, LatentBiasOffset + latent);
        OutputWeightOffset = Decoder.WeightOffset + Decoder.ParameterCount;
        OutputBiasOffset = OutputWeightOffset + features * hidden;
        ParameterCount = OutputBiasOffset + features;
    }

    public int Features { get; }

    public int Hidden { get; }

    public int Latent { get; }

    public int WindowLength { get; }

    public int ParameterCount { get; }

    public LstmLayer Encoder { get; }

    public LstmLayer Decoder { get; }

    private int LatentWeightOffset { get; }

    private int LatentBiasOffset { get; }

    private int OutputWeightOffset { get; }

    private int OutputBiasOffset { get; }

    /// <summary>
    /// Glorot-uniform weights, zero biases except the forget gates at 1 (Jozefowicz et al. 2015: the cell remembers
    /// by default, which eases learning over the window).
    /// </summary>
    public void Initialise(Span<double> parameters, Random random)
    {
        parameters[..ParameterCount].Clear();
        InitialiseLstm(parameters, Encoder, random);
        Glorot(parameters.Slice(LatentWeightOffset, Latent * Hidden), Hidden, Latent, random);
        InitialiseLstm(parameters, Decoder, random);
        Glorot(parameters.Slice(OutputWeightOffset, Features * Hidden), Hidden, Features, random);
    }

    /// <summary>Runs the window (T × F, row-major) through the network, keeping what the backward pass needs; returns the mean squared error.</summary>
    public double Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> window, Workspace ws)
    {
        int f = Features, h = Hidden, l = Latent, t = WindowLength;
        var encoder = Encoder;
        ws.EncoderHidden.AsSpan(0, h).Clear();
        ws.EncoderCell.AsSpan(0, h).Clear();
        for (var step = 0; step < t; step++)
        {
            var concat = ws.EncoderConcat.AsSpan(step * encoder.ConcatSize, encoder.ConcatSize);
            window.Slice(step * f, f).CopyTo(concat);
            ws.EncoderHidden.AsSpan(step * h, h).CopyTo(concat[f..]);
            encoder.Forward(parameters, concat, ws.EncoderCell.AsSpan(step * h, h), ws.EncoderGates.AsSpan(step * 4 * h, 4 * h),
                ws.EncoderCell.AsSpan((step + 1) * h, h), ws.EncoderTanhCell.AsSpan(step * h, h), ws.EncoderHidden.AsSpan((step + 1) * h, h));
        }

        var last = ws.EncoderHidden.AsSpan(t * h, h);
        var latentWeights = parameters.Slice(LatentWeightOffset, l * h);
        for (var j = 0; j < l; j++)
        {
            ws.Code[j] = TensorPrimitives.Dot(latentWeights.Slice(j * h, h), last) + parameters[LatentBiasOffset + j];
        }

        TensorPrimitives.Tanh(ws.Code, ws.Code);

        var decoder = Decoder;
        var outputWeights = parameters.Slice(OutputWeightOffset, f * h);
        ws.DecoderHidden.AsSpan(0, h).Clear();
        ws.DecoderCell.AsSpan(0, h).Clear();
        var squaredError = 0.0;
        for (var step = 0; step < t; step++)
        {
            var concat = ws.DecoderConcat.AsSpan(step * decoder.ConcatSize, decoder.ConcatSize);
            ws.Code.CopyTo(concat);
            ws.DecoderHidden.AsSpan(step * h, h).CopyTo(concat[l..]);
            var hidden = ws.DecoderHidden.AsSpan((step + 1) * h, h);
            decoder.Forward(parameters, concat, ws.DecoderCell.AsSpan(step * h, h), ws.DecoderGates.AsSpan(step * 4 * h, 4 * h),
                ws.DecoderCell.AsSpan((step + 1) * h, h), ws.DecoderTanhCell.AsSpan(step * h, h), hidden);
            var output = ws.Output.AsSpan(step * f, f);
            for (var k = 0; k < f; k++)
            {
                output[k] = TensorPrimitives.Dot(outputWeights.Slice(k * h, h), hidden) + parameters[OutputBiasOffset + k];
                var error = output[k] - window[step * f + k];
                squaredError += error * error;
            }
        }

        return squaredError / (t * f);
    }

    /// <summary>
    /// Backpropagation through time of <c>lossScale × MSE</c> of the window last passed to <see cref="Forward"/>;
    /// adds into <paramref name="gradient"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<double> window, Workspace ws, double lossScale)
    {
        int f = Features, h = Hidden, l = Latent, t = WindowLength;
        var decoder = Decoder;
        var encoder = Encoder;
        var outputWeights = parameters.Slice(OutputWeightOffset, f * h);
        var outputWeightGradient = gradient.Slice(OutputWeightOffset, f * h);
        var hiddenGradient = ws.HiddenGradient.AsSpan();
        var cellGradient = ws.CellGradient.AsSpan();
        var codeGradient = ws.CodeGradient.AsSpan();
        hiddenGradient.Clear();
        cellGradient.Clear();
        codeGradient.Clear();
        var scale = 2.0 * lossScale / (t * f);
        for (var step = t - 1; step >= 0; step--)
        {
            var hidden = ws.DecoderHidden.AsSpan((step + 1) * h, h);
            for (var k = 0; k < f; k++)
            {
                var dy = scale * (ws.Output[step * f + k] - window[step * f + k]);
                var row = outputWeightGradient.Slice(k * h, h);
                TensorPrimitives.MultiplyAdd(hidden, dy, row, row);
                gradient[OutputBiasOffset + k] += dy;
                TensorPrimitives.MultiplyAdd(outputWeights.Slice(k * h, h), dy, hiddenGradient, hiddenGradient);
            }

            var concatGradient = ws.DecoderConcatGradient.AsSpan();
            decoder.Backward(parameters, gradient, ws.DecoderConcat.AsSpan(step * decoder.ConcatSize, decoder.ConcatSize),
                ws.DecoderCell.AsSpan(step * h, h), ws.DecoderGates.AsSpan(step * 4 * h, 4 * h), ws.DecoderTanhCell.AsSpan(step * h, h),
                hiddenGradient, cellGradient, concatGradient, ws.GateGradient);
            TensorPrimitives.Add(codeGradient, concatGradient[..l], codeGradient);
            concatGradient[l..].CopyTo(hiddenGradient);
        }

        // z = tanh(W_z·h_T + b_z): back through the tanh, into the latent weights and the encoder's last hidden state.
        var last = ws.EncoderHidden.AsSpan(t * h, h);
        var latentWeights = parameters.Slice(LatentWeightOffset, l * h);
        var latentWeightGradient = gradient.Slice(LatentWeightOffset, l * h);
        hiddenGradient.Clear();
        for (var j = 0; j < l; j++)
        {
            var z = ws.Code[j];
            var dPre = codeGradient[j] * (1 - z * z);
            var row = latentWeightGradient.Slice(j * h, h);
            TensorPrimitives.MultiplyAdd(last, dPre, row, row);
            gradient[LatentBiasOffset + j] += dPre;
            TensorPrimitives.MultiplyAdd(latentWeights.Slice(j * h, h), dPre, hiddenGradient, hiddenGradient);
        }

        cellGradient.Clear();
        for (var step = t - 1; step >= 0; step--)
        {
            var concatGradient = ws.EncoderConcatGradient.AsSpan();
            encoder.Backward(parameters, gradient, ws.EncoderConcat.AsSpan(step * encoder.ConcatSize, encoder.ConcatSize),
                ws.EncoderCell.AsSpan(step * h, h), ws.EncoderGates.AsSpan(step * 4 * h, 4 * h), ws.EncoderTanhCell.AsSpan(step * h, h),
                hiddenGradient, cellGradient, concatGradient, ws.GateGradient);
            // The part for x is the input's own gradient, which nothing upstream needs.
            concatGradient[f..].CopyTo(hiddenGradient);
        }
    }

    /// <summary>Buffers of one forward/backward pass; one per thread, reused across windows.</summary>
    public Workspace CreateWorkspace() => new(this);

    private static void InitialiseLstm(Span<double> parameters, LstmLayer layer, Random random)
    {
        var k = layer.ConcatSize;
        Glorot(parameters.Slice(layer.WeightOffset, layer.GateCount * k), k, layer.Hidden, random);
        parameters.Slice(layer.BiasOffset + layer.Hidden, layer.Hidden).Fill(1.0);
    }

    private static void Glorot(Span<double> weights, int fanIn, int fanOut, Random random)
    {
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (2 * random.NextDouble() - 1) * limit;
        }
    }

    /// <summary>The activations of one window kept for backpropagation, and the gradient scratch.</summary>
    internal sealed class Workspace
    {
        public Workspace(SequenceAutoencoder network)
        {
            int f = network.Features, h = network.Hidden, l = network.Latent, t = network.WindowLength;
            EncoderConcat = new double[t * (f + h)];
            EncoderGates = new double[t * 4 * h];
            EncoderCell = new double[(t + 1) * h];
            EncoderTanhCell = new double[t * h];
            EncoderHidden = new double[(t + 1) * h];
            Code = new double[l];
            DecoderConcat = new double[t * (l + h)];
            DecoderGates = new double[t * 4 * h];
            DecoderCell = new double[(t + 1) * h];
            DecoderTanhCell = new double[t * h];
            DecoderHidden = new double[(t + 1) * h];
            Output = new double[t * f];
            HiddenGradient = new double[h];
            CellGradient = new double[h];
            CodeGradient = new double[l];
            GateGradient = new double[4 * h];
            EncoderConcatGradient = new double[f + h];
            DecoderConcatGradient = new double[l + h];
        }

        public double[] EncoderConcat { get; }

        public double[] EncoderGates { get; }

        /// <summary>Cell states c_0..c_T (c_0 = 0).</summary>
        public double[] EncoderCell { get; }

        public double[] EncoderTanhCell { get; }

        /// <summary>Hidden states h_0..h_T (h_0 = 0).</summary>
        public double[] EncoderHidden { get; }

        public double[] Code { get; }

        public double[] DecoderConcat { get; }

        public double[] DecoderGates { get; }

        public double[] DecoderCell { get; }

        public double[] DecoderTanhCell { get; }

        public double[] DecoderHidden { get; }

        /// <summary>The reconstruction y_1..y_T, T × F.</summary>
        public double[] Output { get; }

        public double[] HiddenGradient { get; }

        public double[] CellGradient { get; }

        public double[] CodeGradient { get; }

        public double[] GateGradient { get; }

        public double[] EncoderConcatGradient { get; }

        public double[] DecoderConcatGradient { get; }
    }
}
