using FluentValidation;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;


namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// The rules a search is held to, over the criteria as read (<see cref="SearchCriteria.Read"/>). Each rule
/// reports under its query parameter's name, and the OpenAPI document states the rules under the same name
/// (lat, day, startsAfter): values that could not be read at all are held to their parameter's vocabulary
/// or pattern, which they fail.
/// </summary>
internal sealed class SearchMeetingsValidator : AbstractValidator<SearchMeetingsQuery>
{
    public SearchMeetingsValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Criteria.Latitude).InclusiveBetween(-90, 90).OverridePropertyName("lat");
        RuleFor(q => q.Criteria.Longitude).InclusiveBetween(-180, 180).OverridePropertyName("lng");
        RuleFor(q => q.Criteria.Latitude).NotNull().When(q => q.Criteria.Longitude is not null).OverridePropertyName("lat").WithMessage("Give lat and lng together.");
        RuleFor(q => q.Criteria.Longitude).NotNull().When(q => q.Criteria.Latitude is not null).OverridePropertyName("lng").WithMessage("Give lat and lng together.");
        RuleFor(q => q.Criteria.RadiusKm).GreaterThan(0).LessThanOrEqualTo(SearchCriteria.MaxRadiusKm).OverridePropertyName("radiusKm");
        RuleFor(q => q.Criteria.RadiusKm).Must((q, _) => HasPointGiven(q.Criteria)).When(q => q.Criteria.RadiusKm is not null)
            .OverridePropertyName("radiusKm").WithMessage("A radius needs a point: lat and lng, or near.");
        RuleFor(q => q.Criteria.Near).Must((q, _) => q.Criteria.NearPoint is not null).When(q => q.Criteria.Near is not null)
            .OverridePropertyName("near").WithMessage("Not a latitude,longitude point within range (e.g. 40.7128,-74.0060), nor a known UK postcode or postcode district.");
        RuleFor(q => q.Criteria.Near).Empty().When(q => q.Criteria.Latitude is not null).OverridePropertyName("near").WithMessage("Give near or lat/lng, not both.");
        RuleFor(q => q.Criteria.Unreadable.Day).AreWireNamesOf<SearchMeetingsQuery, DayOfWeek>().OverridePropertyName("day").WithMessage($"Weekdays: {WireNames.Allowed<DayOfWeek>()}.");
        RuleFor(q => q.Criteria.Unreadable.Attendance).AreWireNamesOf<SearchMeetingsQuery, Attendance>().OverridePropertyName("attendance").WithMessage($"One of: {WireNames.Allowed<Attendance>()}.");
        RuleFor(q => q.Criteria.Unreadable.Attribute).AreWireNamesOf<SearchMeetingsQuery, SharedAttribute>().OverridePropertyName("attribute").WithMessage($"One of: {WireNames.Allowed<SharedAttribute>()}.");
        RuleFor(q => q.Criteria.Unreadable.Accessibility).AreWireNamesOf<SearchMeetingsQuery, AccessibilityFeature>().OverridePropertyName("accessibility").WithMessage($"One of: {WireNames.Allowed<AccessibilityFeature>()}.");
        RuleFor(q => q.Criteria.Languages).EachMatches(LanguageTag.Pattern, LanguageTag.IsValid).OverridePropertyName("language")
            .WithMessage(LanguageTag.Message + " A tag finds meetings in it and in its more specific tags (en finds en-US).");
        RuleFor(q => q.Criteria.Formats).Must(f => f.Count <= SearchCriteria.MaxListValues).OverridePropertyName("format").WithMessage($"At most {SearchCriteria.MaxListValues} format codes.");
        RuleForEach(q => q.Criteria.Formats).MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("format");
        RuleFor(q => q.Criteria.Organisations).Must(o => o.Count <= SearchCriteria.MaxListValues).OverridePropertyName("organisation").WithMessage($"At most {SearchCriteria.MaxListValues} organisations.");
        RuleForEach(q => q.Criteria.Organisations).MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(q => q.Criteria.Unreadable.StartsAfter).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message).OverridePropertyName("startsAfter");
        RuleFor(q => q.Criteria.Unreadable.StartsBefore).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message).OverridePropertyName("startsBefore");
        RuleFor(q => q.Criteria).Must(c => c.Unreadable.StartingWithin is null && (c.StartingWithin is not { } window || (window > TimeSpan.Zero && window <= SearchCriteria.MaxStartingWithin)))
            .OverridePropertyName("startingWithin").WithMessage("An ISO 8601 duration more than zero and at most P7D, e.g. PT2H.");
        RuleFor(q => q.Criteria.At).WithinSupportedCalendar().OverridePropertyName("at");
        RuleFor(q => q.Criteria.UpdatedSince).WithinSupportedCalendar().OverridePropertyName("updatedSince");
        RuleFor(q => q.Criteria.Text).MaximumLength(200).OverridePropertyName("q");
        RuleFor(q => q.Criteria.Unreadable.Sort).IsOneOf("distance", "nextOccurrence", "name").OverridePropertyName("sort").WithMessage("distance, nextOccurrence or name.");
        RuleFor(q => q.Criteria.Sort).Must((q, _) => HasPointGiven(q.Criteria)).When(q => q.Criteria.Sort == SearchSort.Distance)
            .OverridePropertyName("sort").WithMessage("Sorting by distance needs a point: lat and lng, or near.");
    }

    /// <summary>Whether the request gave a point (lat, or near), whether or not it is a good one: the rules for each say so.</summary>
    private static bool HasPointGiven(SearchCriteria criteria) => criteria.Latitude is not null || criteria.Near is not null;
}
