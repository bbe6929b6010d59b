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
    /// <param name="entries">The public meetings to list, in the order to list them.</param>
    /// <param name="organisationId">The organisation they all belong to; null for the whole directory.</param>
    /// <param name="now">The instant the schedule notes speak from.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<DirectoryListing> ReadAsync(IReadOnlyList<SearchEntry> entries, Guid? organisationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var texts = await TextsAsync(entries, organisationId, cancellationToken);
        var venues = await sender.Send(new GetVenueListingsQuery([.. entries.Where(e => e.Venue is not null).Select(e => e.Venue!.Id).Distinct()]), cancellationToken);
        var groups = await sender.Send(new GetGroupListingsQuery([.. entries.Select(e => e.GroupId).Distinct()]), cancellationToken);
        var organisations = await sender.Send(new GetOrganisationListingsQuery([.. entries.Select(e => e.OrganisationId).Distinct()]), cancellationToken);
        var codes = await MeetingGuideCodesAsync(organisationId, cancellationToken);

        var meetings = new List<ListedMeeting>(entries.Count);
        var notesChangeAt = DateTimeOffset.MaxValue;
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
            var (note, changesAt) = ScheduleNotes.Of(entry, now, code => FeedFormatNames.Of(code, meetingGuideCodes));
            notesChangeAt = changesAt < notesChangeAt ? changesAt : notesChangeAt;
            var text = texts.GetValueOrDefault(entry.Id) ?? MeetingTexts.None;
            meetings.Add(new ListedMeeting(
                entry, text.Description, text.OnlineNotes, text.LocationNotes, text.SourceUpdatedAt, venue, group, organisation, note,
                meetingGuideCodes));
        }

        return new DirectoryListing(meetings, notesChangeAt);
    }

    // Up to this many meetings are asked for by id (well under SQLite's 32,766 parameters).
    private const int FewMeetings = 1_000;

    private static readonly IReadOnlyDictionary<string, string> NoCodes = new Dictionary<string, string>();

    /// <summary>What the index does not hold: the texts (a directory's descriptions are most of its text) and the source's time.</summary>
    private sealed record MeetingTexts(string? Description, string? OnlineNotes, string? LocationNotes, DateTimeOffset? SourceUpdatedAt)
    {
        public static readonly MeetingTexts None = new(null, null, null, null);
    }

    /// <summary>Descriptions, joining and location notes, and the source's time of meetings unchanged here since their import.</summary>
    private async Task<Dictionary<Guid, MeetingTexts>> TextsAsync(IReadOnlyList<SearchEntry> entries, Guid? organisationId, CancellationToken cancellationToken)
    {
        // A page of meetings is asked for by id; a whole feed reads its organisation's (or every) listed meeting in one pass.
        var listed = MeetingSearchIndex.Listed(db);
        if (entries.Count <= FewMeetings)
        {
            var ids = entries.Select(e => e.Id).ToList();
            listed = listed.Where(m => ids.Contains(m.Id));
        }
        else if (organisationId is { } organisation)
        {
            listed = listed.Where(m => m.OrganisationId == organisation);
        }

        var texts = new Dictionary<Guid, MeetingTexts>();
        var rows = listed.Select(m => new { m.Id, m.Description, m.OnlineNotes, m.LocationNotes, m.SourceUpdatedAt, m.SourceVersion, m.Version });
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
