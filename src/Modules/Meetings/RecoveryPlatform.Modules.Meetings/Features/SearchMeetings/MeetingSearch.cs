using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Runs one validated search against a snapshot: the criteria become a plan (<see cref="SearchPlan"/>), the
/// scan hands it the fewest candidates the indexes allow (<see cref="CandidateScan"/>), the plan tests each,
/// cheap filters before the schedule engine, and the collector (<see cref="HitCollector"/>) keeps only the
/// page's worth of the best. README.md in this folder draws the whole flow.
/// </summary>
internal static class MeetingSearch
{
    /// <summary>
    /// Every candidate is tested once, in place, and only the best <paramref name="page"/> ×
    /// <paramref name="pageSize"/> matches are kept (the rest are only counted), so a query that matches a
    /// third of the directory costs a scan, not a sort of a third of it.
    /// </summary>
    /// <param name="criteria">Criteria the validator passed.</param>
    /// <param name="now">The instant "now" stands for when the criteria give none.</param>
    /// <param name="snapshot">The snapshot to search.</param>
    /// <param name="page">Page number, from 1.</param>
    /// <param name="pageSize">Results per page.</param>
    public static (List<MeetingSearchResult> Page, int Total) Run(SearchCriteria criteria, DateTimeOffset now, SearchSnapshot snapshot, int page, int pageSize)
    {
        var skip = (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);
        var keep = (int)Math.Min((long)page * pageSize, int.MaxValue);

        var plan = new SearchPlan(criteria, now);
        var text = plan.Text is null ? null : snapshot.MatchingText(plan.Text) ?? [];

        // A name-sorted search whose candidates arrive in name order keeps the first matches and stops collecting.
        var hits = new HitCollector(keep, plan.Sort == SearchSort.Name && CandidateScan.ArrivesInNameOrder(plan, text));
        new CandidateScan(plan, snapshot, hits).Run(text);

        var results = new List<MeetingSearchResult>(Math.Max(0, Math.Min(pageSize, hits.Count - skip)));
        foreach (var hit in hits.InOrder().Skip(skip))
        {
            var entry = hit.Entry ?? snapshot.ByName[hit.Position];
            var distanceKm = double.IsNaN(hit.SquaredChord) ? (double?)null : GreatCircle.KmOfSquaredChord(hit.SquaredChord);
            results.Add(MeetingSearchResult.From(entry, distanceKm, hit.Occurrence ?? plan.NextOccurrence(entry, hit.Entry is null ? snapshot.Keys[hit.Position] : entry.Keys)));
        }

        return (results, hits.Count);
    }
}
