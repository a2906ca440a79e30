namespace AnomalyPlatform.Detector.Evaluation;

/// <summary>
/// Every model's quantised normalised score for every record of a run (see <see cref="ScoreQuantisation"/>): what the
/// detector publishes as <c>ScoreBatch</c> messages. Two bytes per record and model.
/// </summary>
/// <param name="FirstRecordId">The first row's record id; row r has id FirstRecordId + r unless <paramref name="RecordIds"/> is set.</param>
/// <param name="RecordIds">The record id of each row when the ids are not consecutive; null when they are.</param>
/// <param name="Models">Column names in <c>ModelNames</c> spelling, ensemble last.</param>
/// <param name="Columns">One array per model, parallel to <paramref name="Models"/>, each <paramref name="Count"/> long.</param>
public sealed record RunScores(int Count, long FirstRecordId, long[]? RecordIds, IReadOnlyList<string> Models, IReadOnlyList<ushort[]> Columns)
{
    /// <summary>The ids of consecutive rows, or null when <paramref name="ids"/> is such a run (most runs: ids 0..N-1).</summary>
    public static long[]? IdsUnlessConsecutive(ReadOnlySpan<long> ids)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] != ids[0] + i)
            {
                return ids.ToArray();
            }
        }

        return null;
    }
}
