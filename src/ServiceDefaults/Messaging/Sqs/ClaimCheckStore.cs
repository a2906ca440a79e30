using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Amazon.S3.Util;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Keeps payloads too large for one SQS message in S3 (the claim-check pattern), one object per queue copy.</summary>
internal sealed class ClaimCheckStore(IAmazonS3 s3, SqsOutageRetry retry, IOptions<SqsOptions> options)
{
    private string Bucket => options.Value.EffectiveBucket;

    /// <summary>
    /// Creates the bucket unless it exists; provisioning, so untraced unless it fails. Nothing with
    /// <see cref="SqsOptions.ProvisionResources"/> off: the bucket is then infrastructure's, and the first put or get
    /// names it if it is missing (the services' roles may not even list buckets).
    /// </summary>
    public Task EnsureBucketAsync(CancellationToken cancellationToken) => options.Value.ProvisionResources
        ? CreateBucketUnlessItExistsAsync(cancellationToken)
        : Task.CompletedTask;

    private Task CreateBucketUnlessItExistsAsync(CancellationToken cancellationToken) => UntracedCall.RunAsync(UntracedCall.S3, "CreateBucket", Bucket,
        outer => retry.ExecuteAsync("bucket check", async token =>
        {
            if (!await AmazonS3Util.DoesS3BucketExistV2Async(s3, Bucket).WaitAsync(token).ConfigureAwait(false))
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket, UseClientRegion = true }, token).ConfigureAwait(false);
            }
        }, outer), cancellationToken);

    /// <summary>Stores a payload for one queue; each subscribed queue gets its own object, so each consumer can delete its copy.</summary>
    public async Task<ClaimCheckPointer> PutAsync(string queueName, string messageId, byte[] compressed, CancellationToken cancellationToken)
    {
        var key = $"{queueName}/{messageId}/{Guid.NewGuid():N}.json.br";
        var partBytes = options.Value.ClaimCheckPartBytes;
        await retry.ExecuteAsync(compressed.Length > partBytes ? "multipart upload" : "PutObject", async token =>
        {
            // A fresh stream per attempt: a failed attempt may have read part of the last one.
            using var content = new MemoryStream(compressed, writable: false);
            if (compressed.Length > partBytes)
            {
                // One request per part: no request exceeds the part size, whatever the body's.
                using var transfer = new TransferUtility(s3, new TransferUtilityConfig { MinSizeBeforePartUpload = partBytes });
                await transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    InputStream = content,
                    PartSize = partBytes,
                    ContentType = "application/octet-stream",
                }, token).ConfigureAwait(false);
                return;
            }

            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = content,
                ContentType = "application/octet-stream",
            }, token).ConfigureAwait(false);
        }, cancellationToken, Bucket).ConfigureAwait(false);
        return new ClaimCheckPointer(Bucket, key, compressed.Length);
    }

    public Task<byte[]> GetAsync(ClaimCheckPointer pointer, CancellationToken cancellationToken) => retry.ExecuteAsync("GetObject", async token =>
    {
        using var response = await s3.GetObjectAsync(pointer.Bucket, pointer.Key, token).ConfigureAwait(false);
        var bytes = new byte[pointer.Bytes];
        await response.ResponseStream.ReadExactlyAsync(bytes, token).ConfigureAwait(false);
        return bytes;
    }, cancellationToken, pointer.Bucket);

    public Task DeleteAsync(ClaimCheckPointer pointer, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("DeleteObject", token => s3.DeleteObjectAsync(pointer.Bucket, pointer.Key, token), cancellationToken, pointer.Bucket);
}
