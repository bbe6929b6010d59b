using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// Joins the search index's entries with what the feeds show beyond search: a question to this module's
/// database for the meetings' texts, and one to each other module, through their Contracts, for the details of
/// every venue, group and organisation the entries name.
/// </summary>
internal sealed class DirectoryListings(MeetingsDbContext db, ISender sender)
{
    // Read this many at a time: what a build holds at once stays small and short-lived (each collection under the
    // large-object heap's threshold), and the ids asked for stay well under SQLite's 32,766 parameters. Reads of 2,000
    // were no faster (a whole directory's build at 100,000: 5.8 s against 5.2 s, one start each).
    private const int MeetingsPerRead = 1_000;

    private static readonly IReadOnlyDictionary<string, string> NoCodes = new Dictionary<string, string>();

    /// <summary>The listings of a few meetings: a page of the Open Referral feed, or one record.</summary>
    /// <param name="entries">The public meetings to list, in the order to list them.</param>
    /// <param name="now">The instant the schedule notes speak from.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<List<ListedMeeting>> ReadAsync(IReadOnlyList<SearchEntry> entries, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ReadInTurnAsync(entries, null, now, cancellationToken).ToListAsync(cancellationToken);

    /// <summary>
    /// The listings of a whole feed, read 1,000 meetings at a time as the feed's writer takes them. Reading all of
    /// them first held a whole directory's texts and details at once (hundreds of thousands of objects and several
    /// large-object arrays, alive for the seconds a build takes), which, rebuilt after every edit, left the heap
    /// fragmented; and each short read ends its database snapshot sooner than one long one.
    /// </summary>
    /// <param name="entries">The public meetings to list, in the order to list them.</param>
    /// <param name="organisationId">The organisation they all belong to; null for the whole directory.</param>
    /// <param name="now">The instant the schedule notes speak from.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async IAsyncEnumerable<ListedMeeting> ReadInTurnAsync(
        IEnumerable<SearchEntry> entries, Guid? organisationId, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // What a feed's meetings share (their organisations, a handful even for a whole directory) is read once.
        var codes = await MeetingGuideCodesAsync(organisationId, cancellationToken);
        var organisations = await sender.Send(new GetOrganisationListingsQuery([.. entries.Select(e => e.OrganisationId).Distinct()]), cancellationToken);
        foreach (var some in entries.Chunk(MeetingsPerRead))
        {
            foreach (var meeting in await ReadSomeAsync(some, codes, organisations, now, cancellationToken))
            {
                yield return meeting;
            }
        }
    }

    private async Task<List<ListedMeeting>> ReadSomeAsync(
        SearchEntry[] entries,
        Dictionary<Guid, IReadOnlyDictionary<string, string>> codes,
        IReadOnlyDictionary<Guid, OrganisationListing> organisations,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var texts = await TextsAsync(entries, cancellationToken);
        var venues = await sender.Send(new GetVenueListingsQuery([.. entries.Where(e => e.Venue is not null).Select(e => e.Venue!.Id).Distinct()]), cancellationToken);
        var groups = await sender.Send(new GetGroupListingsQuery([.. entries.Select(e => e.GroupId).Distinct()]), cancellationToken);

        var meetings = new List<ListedMeeting>(entries.Length);
        foreach (var entry in entries)
        {
            // The index may be a moment behind the database (a venue deleted since): such a meeting is left out
            // now, and the change that removed its details brings a new build when the index applies it.
            VenueListing? venue = null;
            if (!groups.TryGetValue(entry.GroupId, out var group) || !organisations.TryGetValue(entry.OrganisationId, out var organisation)
                || (entry.Venue is { } summary && !venues.TryGetValue(summary.Id, out venue)))
            {
                continue;
            }

            var meetingGuideCodes = codes.GetValueOrDefault(entry.OrganisationId) ?? NoCodes;
            var (note, noteChangesAt) = ScheduleNotes.Of(entry, now, code => FeedFormatNames.Of(code, meetingGuideCodes));
            var text = texts.GetValueOrDefault(entry.Id) ?? MeetingTexts.None;
            meetings.Add(new ListedMeeting(
                entry, text.Description, text.OnlineNotes, text.LocationNotes, text.SourceUpdatedAt, venue, group, organisation, note, noteChangesAt,
                meetingGuideCodes));
        }

        return meetings;
    }

    /// <summary>What the index does not hold: the texts (a directory's descriptions are most of its text) and the source's time.</summary>
    private sealed record MeetingTexts(string? Description, string? OnlineNotes, string? LocationNotes, DateTimeOffset? SourceUpdatedAt)
    {
        public static readonly MeetingTexts None = new(null, null, null, null);
    }

    /// <summary>Descriptions, joining and location notes, and the source's time of meetings unchanged here since their import.</summary>
    private async Task<Dictionary<Guid, MeetingTexts>> TextsAsync(SearchEntry[] entries, CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => e.Id).ToList();
        var texts = new Dictionary<Guid, MeetingTexts>(entries.Length);
        var rows = MeetingSearchIndex.Listed(db).Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.Description, m.OnlineNotes, m.LocationNotes, m.SourceUpdatedAt, m.SourceVersion, m.Version });
        await foreach (var m in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            texts[m.Id] = new MeetingTexts(m.Description, m.OnlineNotes, m.LocationNotes, m.SourceVersion == m.Version ? m.SourceUpdatedAt : null);
        }

        return texts;
    }

    /// <summary>Each organisation's format codes that it writes as a Meeting Guide code, by organisation and code.</summary>
    private async Task<Dictionary<Guid, IReadOnlyDictionary<string, string>>> MeetingGuideCodesAsync(Guid? organisationId, CancellationToken cancellationToken)
    {
        var formats = db.FormatCodes.AsNoTracking().Where(f => f.MeetingGuideCode != null);
        if (organisationId is { } organisation)
        {
            formats = formats.Where(f => f.OrganisationId == organisation);
        }

        var rows = await formats.Select(f => new { f.OrganisationId, f.Code, f.MeetingGuideCode }).ToListAsync(cancellationToken);
        return rows.GroupBy(f => f.OrganisationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(f => f.Code, f => f.MeetingGuideCode!, StringComparer.Ordinal));
    }
}
