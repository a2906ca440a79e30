using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

/// <summary>The report as a browser draws it, offline: a screenshot in headless Chromium is not blank.</summary>
public sealed class ReportScreenshotTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Headless_chromium_draws_the_report_with_its_charts()
    {
        await ReportRun.WriteAsync(_folder.Path);
        var report = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        var image = PngImage.Read(await HeadlessChromium.ScreenshotAsync(report, _folder.Path, 1280, 2000));

        Assert.Equal((1280, 2000), (image.Width, image.Height));
        var colours = new HashSet<(byte, byte, byte)>();
        long inked = 0, chartBlue = 0;
        for (var y = 0; y < image.Height; y += 2)
        {
            for (var x = 0; x < image.Width; x += 2)
            {
                var pixel = image[x, y];
                colours.Add(pixel);
                inked += pixel.R + pixel.G + pixel.B < 600 ? 1 : 0;
                // The detected-incident bars and the series' mean line are this blue (#0969da).
                chartBlue += pixel is { R: < 40, G: > 80 and < 130, B: > 190 } ? 1 : 0;
            }
        }

        Assert.True(colours.Count > 50, $"The screenshot holds {colours.Count} colours: the page looks blank or unstyled.");
        Assert.True(inked > image.Width * image.Height / 4 / 50, $"Only {inked} of {image.Width * image.Height / 4} sampled pixels are not near-white.");
        Assert.True(chartBlue > 100, $"Only {chartBlue} sampled pixels have the charts' blue: the charts were not drawn.");
    }
}
