namespace AnomalyPlatform.ServiceDefaults.Compression;

/// <summary>Gzip data that cannot be trusted to be the whole file (corrupt, or cut short): the message says which and where.</summary>
public sealed class GzipDataException(string message, Exception? inner = null) : IOException(message, inner);
