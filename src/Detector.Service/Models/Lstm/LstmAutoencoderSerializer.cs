namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// The binary file of a fitted LSTM autoencoder: the common <see cref="ModelFileHeader"/> (magic "LSTM", format
/// version, name, column names), then the shapes, the thresholds, the per-series standardisation, the training loss
/// curve and the weights, all little-endian. A reader refuses other versions rather than guess at a layout.
/// </summary>
internal static class LstmAutoencoderSerializer
{
    public const int FormatVersion = 1;

    private const string Magic = "LSTM";

    public static void Write(FittedLstmAutoencoder model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = ModelFileHeader.Open(stream);
        ModelFileHeader.Write(writer, Magic, FormatVersion, model.Name, model.ColumnNames);
        var network = model.Network;
        writer.Write(network.Features);
        writer.Write(network.Hidden);
        writer.Write(network.Latent);
        writer.Write(network.WindowLength);
        writer.Write(model.ClipZ);
        writer.Write(model.Threshold);
        WriteDoubles(writer, model.FeatureCuts);
        writer.Write(model.GroupCount);
        WriteDoubles(writer, model.Standardiser.Centers);
        WriteDoubles(writer, model.Standardiser.Scales);
        writer.Write(model.TrainingLoss.Count);
        foreach (var loss in model.TrainingLoss)
        {
            writer.Write(loss);
        }

        writer.Write(network.ParameterCount);
        WriteDoubles(writer, model.Parameters);
    }

    public static FittedLstmAutoencoder Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = ModelFileHeader.OpenRead(stream);
        try
        {
            var (name, columnNames) = ModelFileHeader.Read(reader, Magic, FormatVersion);
            var features = Positive(reader.ReadInt32(), "feature count");
            if (features != columnNames.Length)
            {
                throw new InvalidDataException($"The model has {features} features but {columnNames.Length} column names.");
            }

            var hidden = Positive(reader.ReadInt32(), "hidden size");
            var latent = Positive(reader.ReadInt32(), "latent size");
            var windowLength = Positive(reader.ReadInt32(), "window length");
            var clipZ = reader.ReadDouble();
            var threshold = reader.ReadDouble();
            var cuts = ReadDoubles(reader, features);
            var groupCount = Positive(reader.ReadInt32(), "group count");
            var centers = ReadDoubles(reader, checked(groupCount * features));
            var scales = ReadDoubles(reader, checked(groupCount * features));
            var losses = ReadDoubles(reader, NonNegative(reader.ReadInt32(), "epoch count"));
            var network = new SequenceAutoencoder(features, hidden, latent, windowLength);
            var parameterCount = reader.ReadInt32();
            if (parameterCount != network.ParameterCount)
            {
                throw new InvalidDataException($"The model holds {parameterCount} weights; its shapes need {network.ParameterCount}.");
            }

            var parameters = ReadDoubles(reader, parameterCount);
            var standardiser = new SeriesStandardiser(features, groupCount, centers, scales);
            return new FittedLstmAutoencoder(name, clipZ, network, parameters, standardiser, columnNames, threshold, cuts, losses);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The LSTM autoencoder model file is truncated.", exception);
        }
    }

    private static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }

    private static int Positive(int value, string what) =>
        value > 0 ? value : throw new InvalidDataException($"The model's {what} is {value}; it must be positive.");

    private static int NonNegative(int value, string what) =>
        value >= 0 ? value : throw new InvalidDataException($"The model's {what} is {value}; it must not be negative.");
}
