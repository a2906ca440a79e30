namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// AC@1 and AC@3 over any group of known incidents' outcomes (a fault type, a recording): the share whose true service
/// ranked first, or in the top three, rounded as every figure of <c>evaluation.json</c> is.
/// </summary>
public static class RankAccuracy
{
    /// <summary>Of <paramref name="ranks"/>, those a raised incident holds.</summary>
    public static int Detected(IEnumerable<IncidentRank> ranks) => ranks.Count(static r => r.DetectedIncidentId is not null);

    /// <summary>The share ranked first; null for no incident.</summary>
    public static double? AtOne(IEnumerable<IncidentRank> ranks) => Share(ranks, 1);

    /// <summary>The share ranked in the top three; null for no incident.</summary>
    public static double? AtThree(IEnumerable<IncidentRank> ranks) => Share(ranks, 3);

    private static double? Share(IEnumerable<IncidentRank> ranks, int top)
    {
        int all = 0, within = 0;
        foreach (var rank in ranks)
        {
            all++;
            within += rank.Rank <= top ? 1 : 0;
        }

        return all == 0 ? null : Math.Round((double)within / all, 6);
    }
}
