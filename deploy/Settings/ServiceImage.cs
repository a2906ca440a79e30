namespace AnomalyPlatform.Deploy;

/// <summary>
/// Where a service's image comes from: an ECR repository of the deploying account (name and tag), or any registry
/// reference (<c>registry/name:tag</c>) when <see cref="Reference"/> is set. Images are built elsewhere.
/// </summary>
public sealed record ServiceImage(string Repository, string Tag, string? Reference);
