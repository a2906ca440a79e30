using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The S3 bucket for message bodies too large for SQS (the claim check): encrypted, never public, TLS only, objects
/// expiring after a few days (consumers delete theirs; the rule sweeps what a crash left).
/// </summary>
public sealed class ClaimCheckBucket : Construct
{
    public ClaimCheckBucket(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BucketName = settings.ClaimCheckBucketName,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            EnforceSSL = true,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-claim-checks",
                    Expiration = Duration.Days(settings.ClaimCheckExpirationDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            AutoDeleteObjects = false,
            RemovalPolicy = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
    }

    public Bucket Bucket { get; }

    /// <summary>Every object of the bucket, the only S3 resource the services act on.</summary>
    public string ObjectsArn => Bucket.ArnForObjects("*");
}
