using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class RecordingsTests
{
    [Fact]
    public void Minutes_an_hour_or_more_apart_are_separate_recordings_and_shorter_pauses_are_not()
    {
        long[] minutes = [100, 101, 102, 160, 161, 221, 220, 221];

        // 102 → 160 is 58 minutes (the same recording); 161 → 220 is 59; given out of order and twice.
        Assert.Equal([(100L, 221L)], Recordings.Of(minutes));
        Assert.Equal([(100L, 102L), (162L, 170L)], Recordings.Of([100, 102, 101, 162, 170]));
        Assert.Empty(Recordings.Of([]));
    }
}
