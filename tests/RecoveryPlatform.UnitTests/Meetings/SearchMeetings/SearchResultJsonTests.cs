using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Paging;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>The fast page writer must produce, byte for byte, what the serializer produces.</summary>
public sealed class SearchResultJsonTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static HttpJsonOptions ApiLikeOptions()
    {
        // As the API configures them: web defaults and kebab-case enum names.
        var options = new HttpJsonOptions();
        options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }

    private static SearchEntry Entry(int i)
    {
        var hasVenue = i % 3 != 0;
        var venue = hasVenue
            ? new VenueSummary(Guid.NewGuid(), Guid.NewGuid(), $"St Mary’s \"Hall\" <{i}> & Café", "Leeds", "LS6 1AA", "GB", 53.8 + (i / 1000.0), -1.55, [AccessibilityFeature.StepFreeAccess], false)
            : null;
        return new SearchEntry
        {
            Id = Guid.NewGuid(),
            Name = $"Meeting {i} – Zoë's group",
            OrganisationId = Guid.NewGuid(),
            OrganisationSlug = "aa",
            OrganisationName = "Alcoholics Anonymous",
            GroupId = Guid.NewGuid(),
            GroupName = "Group \\ with a backslash",
            Attendance = hasVenue ? (i % 2 == 0 ? Attendance.Hybrid : Attendance.InPerson) : Attendance.Online,
            Venue = venue,
            OnlineUrl = hasVenue && i % 2 != 0 ? null : "https://example.org/join?a=1&b=2",
            OnlinePhone = null,
            Day = (DayOfWeek)(i % 7),
            LocalStartMinutes = 19 * 60,
            TimeZoneId = i % 4 == 0 ? "America/New_York" : "Europe/London",
            RecurrenceKind = RecurrenceKind.Weekly,
            DurationMinutes = 60,
            Formats = ["O", "BB"],
            AttributesMask = 0,
            Languages = ["en", "cy"],
            AccessibilityMask = 0,
            UpdatedAt = Monday,
            Schedule = MeetingSchedule.Create(new ScheduleDefinition
            {
                TimeZoneId = i % 4 == 0 ? "America/New_York" : "Europe/London",
                LocalStartTime = new TimeOnly(19, 0),
                Duration = TimeSpan.FromHours(1),
                Recurrence = new Recurrence.Weekly((DayOfWeek)(i % 7)),
                ValidUntil = i == 5 ? new DateOnly(2026, 1, 1) : null,
            }),
        };
    }

    private static string Written(SearchResultJson writer, PagedList<MeetingSearchResult> page)
    {
        var buffer = new ArrayBufferWriter<byte>();
        writer.Write(buffer, page);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(53.8)]
    public void A_page_is_written_exactly_as_the_serializer_writes_it_first_time_and_from_memory(double? lat)
    {
        var options = ApiLikeOptions();
        using var writer = new SearchResultJson(Options.Create(options));
        var snapshot = new SearchSnapshot(Enumerable.Range(0, 30).Select(Entry));
        var criteria = new SearchCriteria { Latitude = lat, Longitude = lat is null ? null : -1.55, RadiusKm = lat is null ? null : 50, IncludeOnline = true };
        var (items, total) = MeetingSearch.Run(criteria, Monday, snapshot, 1, 30);
        var page = new PagedList<MeetingSearchResult>(items, 1, 30, total);
        items.ShouldContain(r => r.NextOccurrence == null);
        items.ShouldContain(r => r.DistanceKm == null);

        var expected = JsonSerializer.Serialize(page, options.SerializerOptions);

        writer.WritesByHand.ShouldBeTrue();
        Written(writer, page).ShouldBe(expected);
        Written(writer, page).ShouldBe(expected);
    }

    [Fact]
    public void Options_the_hand_written_parts_do_not_follow_make_it_serialise_everything()
    {
        // Omitting nulls changes what the serializer writes for an occurrence without a venue.
        var options = ApiLikeOptions();
        options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        using var writer = new SearchResultJson(Options.Create(options));
        var snapshot = new SearchSnapshot(Enumerable.Range(0, 10).Select(Entry));
        var (items, total) = MeetingSearch.Run(new SearchCriteria { Latitude = 53.8, Longitude = -1.55, RadiusKm = 50, IncludeOnline = true }, Monday, snapshot, 1, 10);
        var page = new PagedList<MeetingSearchResult>(items, 1, 10, total);

        writer.WritesByHand.ShouldBeFalse();
        Written(writer, page).ShouldBe(JsonSerializer.Serialize(page, options.SerializerOptions));
    }

    [Fact]
    public void A_result_without_its_index_entry_is_serialised_whole()
    {
        var options = ApiLikeOptions();
        using var writer = new SearchResultJson(Options.Create(options));
        var snapshot = new SearchSnapshot([Entry(1)]);
        var (items, total) = MeetingSearch.Run(new SearchCriteria(), Monday, snapshot, 1, 10);
        var page = new PagedList<MeetingSearchResult>([.. items.Select(i => i with { Source = null })], 1, 10, total);

        Written(writer, page).ShouldBe(JsonSerializer.Serialize(page, options.SerializerOptions));
    }
}
