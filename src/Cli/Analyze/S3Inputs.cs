using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using AnomalyPlatform.ServiceDefaults.Aws;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Inputs in Amazon S3, where telemetry is often archived (the OpenTelemetry Collector's <c>awss3</c> exporter, a
/// Firehose delivery stream): <c>s3://bucket/key</c> is that object; <c>s3://bucket/prefix/</c>, or a key no object
/// has, every object under it, in key order. Each object is read as a file is (its format told by its content, gzip by
/// its bytes). The client finds its region, credentials and endpoint as the AWS CLI does (<c>AWS_REGION</c>, the default
/// credential chain, <c>AWS_ENDPOINT_URL_S3</c>). What S3 refuses (no such bucket, access denied, no credentials) is
/// said naming the input, as a file's problems are.
/// </summary>
internal sealed class S3Inputs : IDisposable
{
    private const string Scheme = "s3://";

    private readonly Lazy<IAmazonS3> _client;

    public S3Inputs(Func<IAmazonS3>? client = null) =>
        _client = new Lazy<IAmazonS3>(client ?? (() => new AmazonS3Client(new AmazonS3Config { ForcePathStyle = S3Endpoints.IsCustom(Environment.GetEnvironmentVariable) })));

    public static bool IsS3(string input) => input.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>The objects an input names, as <c>s3://bucket/key</c>, in key order.</summary>
    public IReadOnlyList<string> Objects(string input, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(input);
        return Call(input, async () =>
        {
            var keys = await List(bucket, key, cancellationToken).ConfigureAwait(false);
            if (keys.Contains(key, StringComparer.Ordinal) && !key.EndsWith('/'))
            {
                return [$"{Scheme}{bucket}/{key}"];
            }

            // Under a folder only: s3://bucket/logs is logs/..., not logs-old/...
            var folder = key.Length == 0 || key.EndsWith('/') ? key : key + "/";
            var under = keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal) && !k.EndsWith('/')).Order(StringComparer.Ordinal).ToList();
            return under.Count > 0
                ? under.Select(k => $"{Scheme}{bucket}/{k}").ToList()
                : throw new InputFileException(input, key.Length == 0 ? "the bucket holds no object" : "no object has that key, and none is under it");
        });
    }

    /// <summary>An object's bytes, as S3 sends them.</summary>
    public Stream Open(string input, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(input);
        return Call(input, async () =>
        {
            var response = await _client.Value.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        });
    }

    private async Task<List<string>> List(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        await foreach (var item in _client.Value.Paginators.ListObjectsV2(request).S3Objects.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    private static (string Bucket, string Key) Parse(string input)
    {
        var rest = input[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (bucket, key) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        return bucket.Length == 0 ? throw new InputFileException(input, "names no bucket: write s3://bucket/key or s3://bucket/prefix/") : (bucket, key);
    }

    /// <summary>Runs an S3 call to its end (the input is read front to back, one file after another), its refusals said naming the input.</summary>
    private static T Call<T>(string input, Func<Task<T>> call)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception ex)
        {
            throw new InputFileException(input, ex.ErrorCode switch
            {
                "NoSuchBucket" => "no such bucket",
                "NoSuchKey" => "no object has that key",
                "AccessDenied" or "Forbidden" => $"S3 refused access ({ex.Message}): the credentials in use may not read it",
                _ => $"S3 refused ({ex.ErrorCode}: {ex.Message})",
            });
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or SocketException)
        {
            throw new InputFileException(input, $"S3 could not be reached or asked ({ex.Message}); the AWS region, credentials and endpoint come from AWS_REGION, the default credential chain and AWS_ENDPOINT_URL_S3, as for the AWS CLI");
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
