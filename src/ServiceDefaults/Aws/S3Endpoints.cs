namespace AnomalyPlatform.ServiceDefaults.Aws;

/// <summary>Where the S3 client is pointed: the AWS SDK reads the endpoint variables itself, but not how to address buckets there.</summary>
public static class S3Endpoints
{
    /// <summary>
    /// Whether an endpoint other than AWS's is set (<c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>): emulators
    /// serve buckets by path, and virtual-hosted names like bucket.localhost need DNS they do not have.
    /// </summary>
    public static bool IsCustom(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return !string.IsNullOrWhiteSpace(setting("AWS_ENDPOINT_URL_S3") ?? setting("AWS_ENDPOINT_URL"));
    }
}
