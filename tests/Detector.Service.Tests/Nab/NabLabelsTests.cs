using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Detector.Tests.Nab;

public sealed class NabLabelsTests
{
    [Theory]
    [InlineData("{ \"a\": [1")]
    [InlineData("[\"not\", \"a\", \"map\"]")]
    public async Task A_windows_file_that_is_not_one_is_refused_naming_the_file_and_the_position(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"windows-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => NabLabels.LoadAsync(path, CancellationToken.None));

            Assert.StartsWith(path + ": not a windows file", error.Message, StringComparison.Ordinal);
            Assert.Contains("LineNumber", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
