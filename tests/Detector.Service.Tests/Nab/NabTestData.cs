using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Detector.Tests.Nab;

/// <summary>The NAB subset beside the repository (../shared/data/nab from the folder holding AnomalyPlatform.sln), or null.</summary>
internal static class NabTestData
{
    public static readonly string? Root = NabDataLocator.FindDefault(AppContext.BaseDirectory);

    public const string MissingMessage = "NAB data not found: expected ../shared/data/nab beside the folder holding AnomalyPlatform.sln.";
}

/// <summary>A fact that is skipped, with a message saying why, when the NAB data folder is absent.</summary>
public sealed class NabFactAttribute : FactAttribute
{
    public NabFactAttribute()
    {
        if (NabTestData.Root is null)
        {
            Skip = NabTestData.MissingMessage;
        }
    }
}
