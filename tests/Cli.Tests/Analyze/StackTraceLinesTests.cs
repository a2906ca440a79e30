using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A stack trace a log shipper sent a line at a time is read as part of the line that logged it.</summary>
public sealed class StackTraceLinesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stacks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_java_stack_trace_sent_a_line_at_a_time_is_one_line_with_the_error_that_logged_it()
    {
        // cart logs an error and its trace, a line each (one frame's indent trimmed by the shipper); orders writes a line in
        // between, which is its own.
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,ERROR,,t1,s1,,GET /cart failed",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,java.lang.IllegalStateException: stock timed out",
            "-1,2026-01-05T12:00:00.001Z,log,orders,orders-1,log,0,INFO,,,,,order placed",
            "-1,2026-01-05T12:00:00.001Z,log,cart,cart-1,log,0,,,,,,\"\tat com.example.cart.Stock.reserve(Stock.java:42)\"",
            "-1,2026-01-05T12:00:00.001Z,log,cart,cart-1,log,0,,,,,,Caused by: java.net.SocketTimeoutException: Read timed out",
            "-1,2026-01-05T12:00:00.001Z,log,cart,cart-1,log,0,,,,,,at java.net.SocketInputStream.read(Native Method)",
            "-1,2026-01-05T12:00:00.002Z,log,cart,cart-1,log,0,,,,,,\"\t... 42 more\"",
            "-1,2026-01-05T12:00:05.000Z,log,cart,cart-1,log,0,INFO,,t2,s2,,GET /cart");

        Assert.Equal(
            [
                ("cart", LogLevel.Error, "GET /cart failed\njava.lang.IllegalStateException: stock timed out\n\tat com.example.cart.Stock.reserve(Stock.java:42)\nCaused by: java.net.SocketTimeoutException: Read timed out\nat java.net.SocketInputStream.read(Native Method)\n\t... 42 more"),
                ("orders", LogLevel.Info, "order placed"),
                ("cart", LogLevel.Info, "GET /cart"),
            ],
            input.Records.Select(static r => (r.Service, r.Level ?? LogLevel.Info, r.Message!)));
        Assert.Equal(new StackTraceLines.Outcome(5, 1), input.StackTraces);
        Assert.Contains(
            "5 log line(s) of stack traces sent a line at a time ('\\tat ...', 'Caused by: ...', '... 42 more') were read as part of the 1 line(s) that logged them.",
            InputReport.Notes(input));
    }

    [Fact]
    public void A_python_traceback_with_its_indented_source_lines_is_one_line()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,ERROR,,,,,lookup failed",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,Traceback (most recent call last):",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,\"  File \"\"cart.py\"\", line 3, in get\"",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,\"    return items[0]\"",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,IndexError: list index out of range");

        var line = Assert.Single(input.Records);
        Assert.Equal("lookup failed\nTraceback (most recent call last):\n  File \"cart.py\", line 3, in get\n    return items[0]\nIndexError: list index out of range", line.Message);
    }

    [Fact]
    public void A_dotnet_exception_with_its_inner_one_is_one_line()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,ERROR,,,,,Unhandled exception",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,System.InvalidOperationException: Cart is locked",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,\" ---> System.TimeoutException: The operation has timed out.\"",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,\"   at Cart.Api.Locks.Take() in /src/Locks.cs:line 12\"",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,,,,,,\"   --- End of inner exception stack trace ---\"");

        Assert.Equal(new StackTraceLines.Outcome(4, 1), input.StackTraces);
        Assert.Single(input.Records);
    }

    [Fact]
    public void Lines_that_only_look_so_stay_their_own()
    {
        // An exception named two seconds after the pod's line before it, one with its own trace, an indented line
        // with no trace begun, and a frame at another pod than the line before it.
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,,,,started",
            "-1,2026-01-05T12:00:02.000Z,log,cart,cart-1,log,0,WARN,,,,,java.lang.IllegalStateException: cache cold",
            "-1,2026-01-05T12:00:02.100Z,log,cart,cart-1,log,0,WARN,,t9,s9,,java.lang.IllegalStateException: retrying",
            "-1,2026-01-05T12:00:02.200Z,log,cart,cart-1,log,0,INFO,,,,,\"    indented by its logger\"",
            "-1,2026-01-05T12:00:02.250Z,log,cart,cart-1,log,0,INFO,,,,,at least one item (of 3) was out of stock",
            "-1,2026-01-05T12:00:02.300Z,log,orders,orders-1,log,0,INFO,,,,,\"\tat com.example.orders.Main.run(Main.java:1)\"");

        Assert.Equal(6, input.Records.Count);
        Assert.Equal(StackTraceLines.Outcome.None, input.StackTraces);
    }
}
