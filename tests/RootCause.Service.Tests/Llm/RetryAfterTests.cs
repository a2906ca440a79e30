using AnomalyPlatform.RootCause.Llm.Resilience;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("250", "7", 250)]
    [InlineData(null, "7", 7_000)]
    [InlineData(null, "1.5", 1_500)]
    [InlineData("oops", "2", 2_000)]
    [InlineData(null, "Wed, 01 Jan 2025 12:00:30 GMT", 30_000)]
    [InlineData(null, "Wed, 01 Jan 2025 11:59:00 GMT", 0)]
    public void Server_wait_is_read_from_retry_after_ms_first_then_retry_after(string? milliseconds, string? seconds, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Parse(milliseconds, seconds, Now));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "soon")]
    [InlineData("-5", "-1")]
    public void Missing_or_unusable_headers_give_no_wait(string? milliseconds, string? seconds)
    {
        Assert.Null(RetryAfter.Parse(milliseconds, seconds, Now));
    }
}
