using Amazon.CDK.Assertions;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>The claim-check bucket and the shared run folders.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class StorageTests(SynthesizedPlatform platform)
{
    [Fact]
    public void Claim_check_bucket_blocks_all_public_access_and_is_encrypted()
    {
        platform.Template.ResourceCountIs("AWS::S3::Bucket", 1);
        platform.Template.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            },
            ["BucketEncryption"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["ServerSideEncryptionConfiguration"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["ServerSideEncryptionByDefault"] = new Dictionary<string, object> { ["SSEAlgorithm"] = "AES256" },
                })]),
            }),
        });
    }

    [Fact]
    public void Claim_check_bucket_policy_denies_every_request_without_tls()
    {
        var policy = Assert.Single(platform.Resources("AWS::S3::BucketPolicy")).Resource["Properties"]!;

        Assert.Contains(policy["PolicyDocument"]!["Statement"]!.AsArray(), statement =>
            MessageQueueTests.DeniesInsecureTransport(statement!) && (string?)statement!["Principal"]!["AWS"] == "*");
    }

    [Fact]
    public void Claim_check_objects_expire_after_seven_days_and_the_bucket_is_kept_with_the_stack_deleted()
    {
        var (_, bucket) = Assert.Single(platform.Resources("AWS::S3::Bucket"));

        var rule = Assert.Single(bucket["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray())!;
        Assert.Equal(7, (int)rule["ExpirationInDays"]!);
        Assert.Equal("Enabled", (string?)rule["Status"]);
        Assert.Equal("Retain", (string?)bucket["DeletionPolicy"]);
        // Auto-deleting objects would need a custom resource (a Lambda function) that may empty the bucket.
        platform.Template.ResourceCountIs("Custom::S3AutoDeleteObjects", 0);
    }

    [Fact]
    public void Run_folders_are_an_encrypted_file_system_entered_as_the_chiseled_image_s_app_user()
    {
        platform.Template.ResourceCountIs("AWS::EFS::FileSystem", 1);
        platform.Template.HasResourceProperties("AWS::EFS::FileSystem", new Dictionary<string, object> { ["Encrypted"] = true });
        platform.Template.HasResourceProperties("AWS::EFS::AccessPoint", new Dictionary<string, object>
        {
            ["PosixUser"] = new Dictionary<string, object> { ["Uid"] = "1654", ["Gid"] = "1654" },
            ["RootDirectory"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["CreationInfo"] = new Dictionary<string, object> { ["OwnerUid"] = "1654", ["OwnerGid"] = "1654", ["Permissions"] = "750" },
            }),
        });
    }

    [Fact]
    public void Generator_and_rootcause_mount_the_run_folders_at_data_outputs_through_the_access_point_and_the_detector_does_not()
    {
        var accessPoint = Assert.Single(platform.Resources("AWS::EFS::AccessPoint")).Id;
        foreach (var (id, task) in platform.Resources("AWS::ECS::TaskDefinition"))
        {
            var volumes = TemplateJson.AsList(task["Properties"]!["Volumes"]).ToArray();
            if (id.StartsWith("Detector", StringComparison.Ordinal))
            {
                Assert.Empty(volumes);
                continue;
            }

            var efs = Assert.Single(volumes)["EFSVolumeConfiguration"]!;
            Assert.Equal("ENABLED", (string?)efs["TransitEncryption"]);
            Assert.Equal(accessPoint, (string?)efs["AuthorizationConfig"]!["AccessPointId"]!["Ref"]);
            var app = task["Properties"]!["ContainerDefinitions"]!.AsArray().Single(container => (string?)container!["Name"] != "otel-collector")!;
            Assert.Equal("/data/outputs", (string?)Assert.Single(app["MountPoints"]!.AsArray())!["ContainerPath"]);
        }
    }

    [Fact]
    public void Nfs_is_open_to_the_generator_and_rootcause_security_groups_only()
    {
        var fileSystemGroup = platform.Resources("AWS::EC2::SecurityGroup").Single(group => group.Id.StartsWith("RunOutputs", StringComparison.Ordinal)).Id;

        var sources = platform.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(rule => rule.Resource["Properties"]!)
            .Where(rule => (string?)rule["GroupId"]!["Fn::GetAtt"]![0] == fileSystemGroup)
            .Select(rule =>
            {
                Assert.Equal(2049, (int)rule["FromPort"]!);
                Assert.Equal(2049, (int)rule["ToPort"]!);
                Assert.Null(rule["CidrIp"]);
                return ((string)rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!)[..9];
            })
            .Order();

        Assert.Equal(["Generator", "RootCause"], sources);
    }
}
