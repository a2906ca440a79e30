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
        // Two stretches of an hour or more, 60 minutes apart.
        Assert.Equal([(100L, 160L), (220L, 300L)], Recordings.Of([100, 130, 160, 220, 260, 300]));
        Assert.Empty(Recordings.Of([]));
    }

    [Fact]
    public void A_stretch_shorter_than_the_pause_joins_its_neighbour_so_hourly_readings_are_one_recording()
    {
        Assert.Equal([(0L, 600L)], Recordings.Of([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]));
        // A short stretch between two long ones joins the one before; a short first one joins the one after.
        Assert.Equal([(0L, 170L), (240L, 330L)], Recordings.Of([0, 30, 60, 90, 160, 170, 240, 270, 300, 330]));
        Assert.Equal([(0L, 200L)], Recordings.Of([0, 10, 100, 150, 200]));
    }
}
