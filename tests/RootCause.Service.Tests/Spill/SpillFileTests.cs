using AnomalyPlatform.RootCause.Spill;

namespace AnomalyPlatform.RootCause.Tests.Spill;

public sealed class SpillFileTests
{
    [Fact]
    public void What_is_appended_is_read_back_while_appending_goes_on()
    {
        using var file = new SpillFile("spill-test");
        Assert.True(file.IsEmpty);
        Assert.Equal(0, file.EndOffset);

        file.Writer.Write(42L);
        var second = file.EndOffset;
        file.Writer.Write("after");

        using (var reader = file.OpenReader())
        {
            Assert.Equal(42L, reader.ReadInt64());
            Assert.Equal(8, second);
            Assert.Equal("after", reader.ReadString());
        }

        file.Writer.Write(7);
        using var again = file.OpenReader();
        again.BaseStream.Seek(second, SeekOrigin.Begin);
        Assert.Equal("after", again.ReadString());
        Assert.Equal(7, again.ReadInt32());
    }

    [Fact]
    public void Nothing_can_be_read_before_anything_is_spilled_or_written_after_disposal()
    {
        var file = new SpillFile("spill-test");

        Assert.Throws<InvalidOperationException>(() => file.OpenReader());
        file.Writer.Write(1);
        file.Dispose();

        Assert.True(file.IsEmpty);
        Assert.Throws<ObjectDisposedException>(() => file.Writer);
    }

    [Fact]
    public void Disposing_deletes_the_file()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "spill-delete-test-*");
        var file = new SpillFile("spill-delete-test");
        file.Writer.Write(1);
        file.Flush();
        var created = Directory.GetFiles(Path.GetTempPath(), "spill-delete-test-*").Except(before).ToList();

        file.Dispose();

        var path = Assert.Single(created);
        Assert.False(File.Exists(path));
    }
}
