using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Mediator;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Paging;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>The parameters of /services (the standard's names), as the client sent them.</summary>
/// <param name="Page">Page number, from 1 to 10000 (default 1).</param>
/// <param name="PerPage">Items per page, 1 to 200 (default 50).</param>
/// <param name="Search">Words in the meeting's, group's or venue's name or town.</param>
/// <param name="TaxonomyTermId">A taxonomy term's id (a UUID, from /taxonomy_terms): meetings with that term.</param>
/// <param name="TaxonomyId">A taxonomy's id (a UUID, from /taxonomies): meetings with any term of it.</param>
/// <param name="Day">Days of the week as MO, TU, WE, TH, FR, SA, SU or their names, separated by commas.</param>
/// <param name="StartTime">Meetings starting at or after this local time, HH:MM.</param>
/// <param name="EndTime">Meetings ending at or before this local time, HH:MM.</param>
/// <param name="MinimumAge">An age in years, 0 to 150: accepted, and changes nothing (meetings have no age limits).</param>
/// <param name="MaximumAge">An age in years, 0 to 150: accepted, and changes nothing.</param>
internal sealed record OrukServicesRequest(
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "per_page")] string? PerPage,
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "taxonomy_term_id")] string? TaxonomyTermId,
    [FromQuery(Name = "taxonomy_id")] string? TaxonomyId,
    [FromQuery(Name = "day")] string? Day,
    [FromQuery(Name = "start_time")] string? StartTime,
    [FromQuery(Name = "end_time")] string? EndTime,
    [FromQuery(Name = "minimum_age")] string? MinimumAge,
    [FromQuery(Name = "maximum_age")] string? MaximumAge)
{
    public ListOrukQuery ToQuery(OrukList list, string? postcode = null, string? proximity = null) =>
        new(list, Page, PerPage, Search, TaxonomyTermId, TaxonomyId, Day, StartTime, EndTime, postcode, proximity, MinimumAge, MaximumAge);
}

/// <summary>The parameters of /service_at_locations: those of /services, and a place.</summary>
/// <param name="Postcode">A UK postcode or postcode district that exists, e.g. LS6 or LS6 3HE: only meetings at a venue, nearest first.</param>
/// <param name="Proximity">Metres from the postcode's centre, 1 to 1500000; needs postcode.</param>
internal sealed record OrukPlaceRequest(
    [FromQuery(Name = "postcode")] string? Postcode,
    [FromQuery(Name = "proximity")] string? Proximity);

/// <summary>The parameters of the taxonomy lists.</summary>
/// <param name="Page">Page number, from 1 to 10000 (default 1).</param>
/// <param name="PerPage">Items per page, 1 to 200 (default 50).</param>
internal sealed record OrukPageRequest(
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "per_page")] string? PerPage);

/// <summary>Which Open Referral list.</summary>
internal enum OrukList
{
    Services,
    ServicesAtLocations,
    Taxonomies,
    TaxonomyTerms,
}

/// <summary>
/// A page of an Open Referral list with the standard's query parameters, as the client sent them (text, so a bad
/// value is a 400 naming its parameter, not a binding failure). Parameters a list does not take are ignored.
/// </summary>
internal sealed record ListOrukQuery(
    OrukList List,
    string? Page,
    string? PerPage,
    string? Search = null,
    string? TaxonomyTermId = null,
    string? TaxonomyId = null,
    string? Day = null,
    string? StartTime = null,
    string? EndTime = null,
    string? Postcode = null,
    string? Proximity = null,
    string? MinimumAge = null,
    string? MaximumAge = null) : IQuery<OrukPage<object>>
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 200;

    /// <summary>Metres: the furthest a proximity may reach (the length of Great Britain).</summary>
    public const int MaxProximity = 1_500_000;

    public int PageNumber => Page is null ? 1 : int.Parse(Page, CultureInfo.InvariantCulture);

    public int PageSize => PerPage is null ? DefaultPerPage : int.Parse(PerPage, CultureInfo.InvariantCulture);

    public static bool IsDays(string text) => text.Split(',').All(part => DayOf(part.Trim()) is not null);

    /// <summary>MO, TU… (the iCalendar codes HSDS uses) or the English name of the day, any case.</summary>
    public static DayOfWeek? DayOf(string text) =>
        Enum.GetValues<DayOfWeek>().Cast<DayOfWeek?>().FirstOrDefault(day =>
            string.Equals(text, day.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(text, OpenReferralMapping.Day(day!.Value), StringComparison.OrdinalIgnoreCase));

    /// <summary>HH:MM or HH:MM:SS, as minutes after midnight.</summary>
    public static int? MinutesOf(string? text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.Hour * 60 + time.Minute : null;
}

internal sealed class ListOrukQueryValidator : AbstractValidator<ListOrukQuery>
{
    public ListOrukQueryValidator()
    {
        // The platform's bound on every list's page number (docs/api.md, Lists).
        RuleFor(q => q.Page).Must(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage)
            .When(q => q.Page is not null).OverridePropertyName("page").WithMessage($"A whole number from 1 to {Paging.MaxPage}.");
        RuleFor(q => q.PerPage).Must(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ListOrukQuery.MaxPerPage)
            .When(q => q.PerPage is not null).OverridePropertyName("per_page").WithMessage($"A whole number from 1 to {ListOrukQuery.MaxPerPage}.");
        RuleFor(q => q.TaxonomyTermId).Must(id => Guid.TryParse(id, out _)).When(q => q.TaxonomyTermId is not null)
            .OverridePropertyName("taxonomy_term_id").WithMessage("A taxonomy term's id (a UUID, from /taxonomy_terms).");
        RuleFor(q => q.TaxonomyId).Must(id => Guid.TryParse(id, out _)).When(q => q.TaxonomyId is not null)
            .OverridePropertyName("taxonomy_id").WithMessage("A taxonomy's id (a UUID, from /taxonomies).");
        RuleFor(q => q.Day).Must(day => ListOrukQuery.IsDays(day!)).When(q => q.Day is not null)
            .OverridePropertyName("day").WithMessage("Days of the week as MO, TU, WE, TH, FR, SA, SU or their names, separated by commas.");
        RuleFor(q => q.StartTime).Must(t => ListOrukQuery.MinutesOf(t) is not null).When(q => q.StartTime is not null)
            .OverridePropertyName("start_time").WithMessage("A local time, HH:MM.");
        RuleFor(q => q.EndTime).Must(t => ListOrukQuery.MinutesOf(t) is not null).When(q => q.EndTime is not null)
            .OverridePropertyName("end_time").WithMessage("A local time, HH:MM.");
        RuleFor(q => q.MinimumAge).Must(BeAnAge).When(q => q.MinimumAge is not null).OverridePropertyName("minimum_age").WithMessage("An age in years.");
        RuleFor(q => q.MaximumAge).Must(BeAnAge).When(q => q.MaximumAge is not null).OverridePropertyName("maximum_age").WithMessage("An age in years.");
        RuleFor(q => q.Postcode).Must(p => UkPostcodeDistricts.TryResolve(p, out _, out _)).When(q => q.Postcode is not null && q.List == OrukList.ServicesAtLocations)
            .OverridePropertyName("postcode").WithMessage("A UK postcode or postcode district that exists, e.g. LS6 or LS6 3HE.");
        RuleFor(q => q.Proximity).Cascade(CascadeMode.Stop)
            .Must((q, _) => q.Postcode is not null).WithMessage("Proximity is measured from a postcode: give postcode too.")
            .Must(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var metres) && metres is >= 1 and <= ListOrukQuery.MaxProximity)
            .WithMessage($"Metres, a whole number from 1 to {ListOrukQuery.MaxProximity}.")
            .When(q => q.Proximity is not null && q.List == OrukList.ServicesAtLocations).OverridePropertyName("proximity");
    }

    private static bool BeAnAge(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var age) && age is >= 0 and <= 150;
}

/// <summary>Filters the public meetings by the standard's parameters, in name order (nearest first with a postcode), and pages them.</summary>
internal sealed class ListOrukQueryHandler(MeetingSearchIndex index, DirectoryListings listings, TimeProvider clock) : IQueryHandler<ListOrukQuery, OrukPage<object>>
{
    public async ValueTask<OrukPage<object>> Handle(ListOrukQuery query, CancellationToken cancellationToken)
    {
        switch (query.List)
        {
            case OrukList.Taxonomies:
                return Page(query, OpenReferralTaxonomies.All, t => OpenReferralMapping.Taxonomy(t, withTerms: false));
            case OrukList.TaxonomyTerms:
                return Page(query, OpenReferralTaxonomies.AllTerms, OpenReferralMapping.Term);
        }

        var matches = Filter(query, await index.CurrentAsync(cancellationToken));
        var onPage = matches.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToList();
        var listed = onPage.Count == 0 ? [] : await listings.ReadAsync(onPage, clock.GetUtcNow(), cancellationToken);
        IReadOnlyList<object> contents = query.List == OrukList.Services
            ? [.. listed.Select(OpenReferralMapping.Summary)]
            : [.. listed.Select(OpenReferralMapping.ServiceAtLocationSummary)];
        return Envelope(query, matches.Count, contents);
    }

    private static List<SearchEntry> Filter(ListOrukQuery query, SearchSnapshot snapshot)
    {
        IEnumerable<SearchEntry> matches = snapshot.InNameOrder();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var words = SearchSnapshot.QueryWords(query.Search);
            matches = matches.Where(e => SearchSnapshot.MatchesText(e, words));
        }

        if (query.TaxonomyTermId is not null)
        {
            // An id that names no term matches nothing, as a term nobody has would.
            var term = OpenReferralTaxonomies.FindTerm(Guid.Parse(query.TaxonomyTermId));
            matches = matches.Where(e => term is not null && term.Describes(e));
        }

        if (query.TaxonomyId is not null)
        {
            var taxonomy = OpenReferralTaxonomies.FindTaxonomy(Guid.Parse(query.TaxonomyId));
            matches = matches.Where(e => taxonomy is not null && taxonomy.Terms.Any(t => t.Describes(e)));
        }

        if (query.Day is not null)
        {
            var days = query.Day.Split(',').Select(d => ListOrukQuery.DayOf(d.Trim())!.Value).ToHashSet();
            matches = matches.Where(e => days.Contains(e.Day));
        }

        if (ListOrukQuery.MinutesOf(query.StartTime) is { } startsFrom)
        {
            matches = matches.Where(e => e.LocalStartMinutes >= startsFrom);
        }

        if (ListOrukQuery.MinutesOf(query.EndTime) is { } endsBy)
        {
            matches = matches.Where(e => e.LocalStartMinutes + e.DurationMinutes <= endsBy);
        }

        if (query.List != OrukList.ServicesAtLocations || query.Postcode is null || !UkPostcodeDistricts.TryResolve(query.Postcode, out var latitude, out var longitude))
        {
            return matches.ToList();
        }

        // Near a postcode: meetings with a place, nearest first, within the proximity when one is given.
        var centre = GreatCircle.UnitVector(latitude, longitude);
        var reach = query.Proximity is null ? double.PositiveInfinity : GreatCircle.SquaredChordOfKm(int.Parse(query.Proximity, CultureInfo.InvariantCulture) / 1000.0);
        return matches
            .Where(e => e.HasPlace && e.Attendance != Attendance.Online)
            .Select(e => (Entry: e, Distance: GreatCircle.SquaredChord(e.Place, centre)))
            .Where(m => m.Distance <= reach)
            .OrderBy(m => m.Distance)
            .Select(m => m.Entry)
            .ToList();
    }

    private static OrukPage<object> Page<T>(ListOrukQuery query, IReadOnlyList<T> all, Func<T, object> map) =>
        Envelope(query, all.Count, [.. all.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).Select(map)]);

    private static OrukPage<object> Envelope(ListOrukQuery query, int total, IReadOnlyList<object> contents)
    {
        var pages = Math.Max(1, (total + query.PageSize - 1) / query.PageSize);
        return new OrukPage<object>(total, pages, query.PageNumber, contents.Count, query.PageNumber == 1, query.PageNumber >= pages, contents.Count == 0, contents);
    }
}

/// <summary>One record of Open Referral by id.</summary>
internal sealed record GetOrukRecordQuery(OrukList List, Guid Id) : IQuery<object>;

internal sealed class GetOrukRecordQueryHandler(MeetingSearchIndex index, DirectoryListings listings, TimeProvider clock) : IQueryHandler<GetOrukRecordQuery, object>
{
    public async ValueTask<object> Handle(GetOrukRecordQuery query, CancellationToken cancellationToken)
    {
        switch (query.List)
        {
            case OrukList.Taxonomies:
                return OpenReferralTaxonomies.FindTaxonomy(query.Id) is { } taxonomy
                    ? OpenReferralMapping.Taxonomy(taxonomy, withTerms: true)
                    : throw new NotFoundException("Taxonomy", query.Id);
            case OrukList.TaxonomyTerms:
                return OpenReferralTaxonomies.FindTerm(query.Id) is { } term ? OpenReferralMapping.Term(term) : throw new NotFoundException("Taxonomy term", query.Id);
        }

        var meetingId = query.List == OrukList.Services ? query.Id : OpenReferralMapping.MeetingOfServiceAtLocation(query.Id);
        var entry = (await index.CurrentAsync(cancellationToken)).Find(meetingId);
        var listed = entry is null ? [] : await listings.ReadAsync([entry], clock.GetUtcNow(), cancellationToken);
        return listed.Count == 0
            ? throw new NotFoundException(query.List == OrukList.Services ? "Service" : "Service at location", query.Id)
            : query.List == OrukList.Services ? OpenReferralMapping.Service(listed[0]) : OpenReferralMapping.ServiceAtLocationDetail(listed[0]);
    }
}
