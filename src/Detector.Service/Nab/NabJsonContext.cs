using System.Text.Json.Serialization;

namespace AnomalyPlatform.Detector.Nab;

[JsonSerializable(typeof(Dictionary<string, List<List<string>>>))]
internal sealed partial class NabJsonContext : JsonSerializerContext;
