using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Organisations.Features.Changes;

/// <summary>Where to read the change feed from.</summary>
/// <param name="After">A cursor this API returned (an entry's <c>cursor</c>, or a page's <c>next</c>): the page starts just after it. Omit it to start at the beginning of the change log. Opaque: anything but a cursor the API returned (edited, truncated, made up) is a 400.</param>
/// <param name="Limit">Entries per page, 1 to 1000 (default 100).</param>
internal sealed record ListChangesRequest(string? After, int? Limit);

internal sealed record ListChangesQuery(string? After, int Limit) : IQuery<Tagged<ChangeFeedResponse>>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

internal sealed class ListChangesValidator : AbstractValidator<ListChangesQuery>
{
    public const string MalformedCursor = "Not a cursor of this change feed: send back an entry's cursor or a page's next exactly as received, or omit after to start from the beginning.";

    public ListChangesValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListChangesQuery.MaxLimit).OverridePropertyName("limit").WithName("limit");
        RuleFor(q => q.After).Must(ChangeFeedCursor.IsValid).When(q => q.After is not null).OverridePropertyName("after").WithMessage(MalformedCursor);
    }
}

/// <summary>One change to a directory record: which record, whose, what happened, when.</summary>
/// <param name="Cursor">Opaque: read the feed after this entry with ?after= this value.</param>
/// <param name="Entity">What kind of record changed.</param>
/// <param name="Id">The record's id (a format's id; the format itself is read by its code from its organisation's formats).</param>
/// <param name="Organisation">The slug of the organisation the record belongs to (the organisation's own for an organisation); null only for changes recorded before the feed existed.</param>
/// <param name="OrganisationId">That organisation's id; null only for changes recorded before the feed existed.</param>
/// <param name="Action">created (also: an organisation reactivated), updated, or deleted (a tombstone; also: an organisation suspended).</param>
/// <param name="OccurredAt">When the change was committed (UTC).</param>
internal sealed record ChangeResponse(string Cursor, ChangedEntity Entity, Guid Id, string? Organisation, Guid? OrganisationId, ChangeAction Action, DateTimeOffset OccurredAt);

/// <summary>A page of the change feed.</summary>
/// <param name="Items">The changes after the cursor sent, oldest first; each once.</param>
/// <param name="Next">Where to continue: send it as ?after= next time. Always present, on an empty page too (then it is where you are: poll with it).</param>
/// <param name="HasMore">True when more changes were already waiting: read the next page at once. False when you have reached the end: poll later with next.</param>
internal sealed record ChangeFeedResponse(IReadOnlyList<ChangeResponse> Items, string Next, bool HasMore);

/// <summary>
/// The public change feed (ADR 0013). It lives here because the organisation decides what the public may see of
/// a change; the entries themselves come from every directory module's change log, read by the shared kernel.
/// </summary>
internal sealed class ListChangesHandler(ChangeFeedReader feed, OrganisationsDbContext db) : IQueryHandler<ListChangesQuery, Tagged<ChangeFeedResponse>>
{
    /// <summary>
    /// Reads of the logs one request makes to fill its page when changes the public does not see are passed over:
    /// past it the page is answered short, with hasMore, so one request's cost stays bounded.
    /// </summary>
    private const int MaxRoundsPerPage = 8;

    public async ValueTask<Tagged<ChangeFeedResponse>> Handle(ListChangesQuery query, CancellationToken cancellationToken)
    {
        var cursor = query.After is null ? ChangeFeedCursor.Start : Parse(query.After);
        var items = new List<ChangeResponse>(Math.Min(query.Limit, 100));
        bool hasMore;
        var rounds = 0;
        do
        {
            var page = await feed.ReadAsync(cursor, query.Limit - items.Count, cancellationToken)
                ?? throw new ValidationException([new ValidationFailure("after", ListChangesValidator.MalformedCursor)]);
            await AddVisibleAsync(page.Entries, items, cancellationToken);
            cursor = page.Next;
            hasMore = page.HasMore;
        }
        while (hasMore && items.Count < query.Limit && ++rounds < MaxRoundsPerPage);

        var response = new ChangeFeedResponse(items, cursor.ToString(), hasMore);

        // Entries never change; which of them are shown depends on their organisations now, which the cursors listed capture.
        var tag = new ETagBuilder().Add(response.Next).Add(response.HasMore).Add(items.Count);
        items.ForEach(i => tag.Add(i.Cursor));
        return new Tagged<ChangeFeedResponse>(response, tag.Build());
    }

    /// <summary>Adds the entries the public may see to <paramref name="items"/>.</summary>
    private async Task AddVisibleAsync(IReadOnlyList<ChangeFeedEntry> entries, List<ChangeResponse> items, CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => e.Change.OrganisationId).OfType<Guid>().Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new Owner(o.Id, o.Slug, o.Kind, o.Status))
            .ToDictionaryAsync(o => o.Id, cancellationToken);

        foreach (var entry in entries)
        {
            var change = entry.Change;
            var owner = change.OrganisationId is { } id ? organisations.GetValueOrDefault(id) : null;
            if (change.OrganisationId is not null && !IsPublic(change, owner))
            {
                continue;
            }

            // Rows recorded before the feed carry no action: all the feed can say is that the record changed.
            items.Add(new ChangeResponse(entry.Cursor.ToString(), change.Entity, change.RecordId, owner?.Slug, owner?.Id, change.Action ?? ChangeAction.Updated, entry.OccurredAt));
        }
    }

    private static ChangeFeedCursor Parse(string text) =>
        ChangeFeedCursor.TryParse(text, out var cursor) ? cursor : throw new ValidationException([new ValidationFailure("after", ListChangesValidator.MalformedCursor)]);

    /// <summary>
    /// What the public sees (ADR 0013): the changes of active fellowships, as the public reads fellowships everywhere
    /// else; of a suspended one, only its suspension (the tombstone that tells a copy to drop it); of a treatment
    /// service (not public), nothing.
    /// </summary>
    private static bool IsPublic(IDirectoryChange change, Owner? owner) =>
        owner is { Kind: OrganisationKind.Fellowship }
        && (owner.Status == OrganisationStatus.Active || (change.Entity == ChangedEntity.Organisation && change.Action == ChangeAction.Deleted));

    private sealed record Owner(Guid Id, string Slug, OrganisationKind Kind, OrganisationStatus Status);
}

internal static class ListChangesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/changes", async ([AsParameters] ListChangesRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new ListChangesQuery(request.After, request.Limit ?? ListChangesQuery.DefaultLimit), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithTags("Changes")
            .WithName("ListChanges")
            .WithSummary("Read the directory's change feed")
            .WithDescription(
                "Public, the same for every caller. Every change to the public directory's organisations, venues, groups, meetings and formats, " +
                "oldest first, each exactly once: ids and what happened, never the record itself (read it from its own endpoint). " +
                "Follow next: while hasMore is true read on at once; when it is false you are at the end, so poll again later with the same next. " +
                "A page may hold fewer than limit entries (even none) while hasMore is true: changes the public does not see are passed over. " +
                "Only active fellowships' changes are listed; a suspended fellowship shows only its suspension, as a deleted organisation. See docs/feeds.md.")
            .AllowAnonymous()
            .SameForEveryCaller()
            .Produces<ChangeFeedResponse>()
            .WithResponseExample(Example())
            .ProducesCommonProblems();

    /// <summary>Real cursors, so that one pasted from the document is accepted.</summary>
    private static ChangeFeedResponse Example()
    {
        var meetingCreated = ChangeFeedCursor.Start.After(0, 7).After(1, 3).After(2, 5).After(3, 26);
        var venueDeleted = meetingCreated.After(1, 4);
        return new ChangeFeedResponse(
                [
                    new ChangeResponse(meetingCreated.ToString(), ChangedEntity.Meeting, Guid.Parse("0193c1a2-7b4e-7c1d-9a2b-3c4d5e6f7a8b"), "aa-leeds", Guid.Parse("0193c19f-1111-7222-8333-944455566677"), ChangeAction.Created, DateTimeOffset.Parse("2026-12-01T10:15:00+00:00", System.Globalization.CultureInfo.InvariantCulture)),
                    new ChangeResponse(venueDeleted.ToString(), ChangedEntity.Venue, Guid.Parse("0193c1a0-2b3c-7d4e-8f50-6172839405a6"), "aa-leeds", Guid.Parse("0193c19f-1111-7222-8333-944455566677"), ChangeAction.Deleted, DateTimeOffset.Parse("2026-12-01T10:16:30+00:00", System.Globalization.CultureInfo.InvariantCulture)),
                ],
                venueDeleted.ToString(),
                false);
    }
}
