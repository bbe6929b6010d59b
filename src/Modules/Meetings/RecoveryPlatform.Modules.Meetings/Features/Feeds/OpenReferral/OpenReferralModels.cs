using System.Text.Json.Serialization;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

// The Open Referral UK 3.0 (HSDS-UK 3.0) records the API publishes, in the standard's own field names. Absent
// fields are left out, never null (the validator refuses a null where a string is expected). The mapping from
// the directory is ADR 0014.

/// <summary>What the API's root says: the standard and profile it speaks.</summary>
internal sealed record OrukRoot(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("openapi_url")] string OpenApiUrl);

/// <summary>The paging envelope of every list.</summary>
internal sealed record OrukPage<T>(
    [property: JsonPropertyName("total_items")] int TotalItems,
    [property: JsonPropertyName("total_pages")] int TotalPages,
    [property: JsonPropertyName("page_number")] int PageNumber,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("first_page")] bool FirstPage,
    [property: JsonPropertyName("last_page")] bool LastPage,
    [property: JsonPropertyName("empty")] bool Empty,
    [property: JsonPropertyName("contents")] IReadOnlyList<T> Contents);

/// <summary>The organisation responsible for a service.</summary>
internal sealed record OrukOrganization(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("website")] string? Website);

/// <summary>A service as lists show it: a meeting, with its organisation.</summary>
internal sealed record OrukServiceSummary(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("organization_id")] Guid OrganizationId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_modified")] DateTimeOffset LastModified,
    [property: JsonPropertyName("organization")] OrukOrganization Organization);

/// <summary>A service fully nested: its schedule, where it is held, what it is like, its languages.</summary>
internal sealed record OrukService(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("organization_id")] Guid OrganizationId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_modified")] DateTimeOffset LastModified,
    [property: JsonPropertyName("organization")] OrukOrganization Organization,
    [property: JsonPropertyName("schedules")] IReadOnlyList<OrukSchedule> Schedules,
    [property: JsonPropertyName("service_at_locations")] IReadOnlyList<OrukServiceAtLocation> ServiceAtLocations,
    [property: JsonPropertyName("attributes")] IReadOnlyList<OrukAttribute> Attributes,
    [property: JsonPropertyName("languages")] IReadOnlyList<OrukLanguage> Languages);

/// <summary>When a service is held, as an iCalendar-style rule.</summary>
internal sealed record OrukSchedule(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("freq")] string Freq,
    [property: JsonPropertyName("interval")] int Interval,
    [property: JsonPropertyName("byday")] string ByDay,
    [property: JsonPropertyName("dtstart")] string? DtStart,
    [property: JsonPropertyName("valid_from")] string? ValidFrom,
    [property: JsonPropertyName("valid_to")] string? ValidTo,
    [property: JsonPropertyName("opens_at")] string OpensAt,
    [property: JsonPropertyName("closes_at")] string ClosesAt,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("attending_type")] string AttendingType,
    [property: JsonPropertyName("notes")] string? Notes);

/// <summary>A service at one location.</summary>
internal sealed record OrukServiceAtLocation(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("location_id")] Guid LocationId,
    [property: JsonPropertyName("location")] OrukLocation Location);

/// <summary>A place: a venue (physical) or the online room of a meeting (virtual).</summary>
internal sealed record OrukLocation(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("location_type")] string LocationType,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("latitude")] double? Latitude,
    [property: JsonPropertyName("longitude")] double? Longitude,
    [property: JsonPropertyName("addresses")] IReadOnlyList<OrukAddress>? Addresses);

/// <summary>A venue's postal address.</summary>
internal sealed record OrukAddress(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("location_id")] Guid LocationId,
    [property: JsonPropertyName("address_1")] string Address1,
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("state_province")] string StateProvince,
    [property: JsonPropertyName("postal_code")] string PostalCode,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("address_type")] string AddressType);

/// <summary>A taxonomy term attached to a service.</summary>
internal sealed record OrukAttribute(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("link_id")] Guid LinkId,
    [property: JsonPropertyName("link_type")] string LinkType,
    [property: JsonPropertyName("taxonomy_term_id")] Guid TaxonomyTermId,
    [property: JsonPropertyName("taxonomy_term")] OrukTaxonomyTerm TaxonomyTerm);

/// <summary>A language a service is held in.</summary>
internal sealed record OrukLanguage(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("code")] string Code);

/// <summary>One term of a taxonomy.</summary>
internal sealed record OrukTaxonomyTerm(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("taxonomy")] string Taxonomy,
    [property: JsonPropertyName("taxonomy_id")] Guid TaxonomyId,
    [property: JsonPropertyName("term")] string Term);

/// <summary>A taxonomy; its terms when asked for by id.</summary>
internal sealed record OrukTaxonomy(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("taxonomy_terms")] IReadOnlyList<OrukTaxonomyTerm>? TaxonomyTerms);

/// <summary>A service at a location as lists show it.</summary>
internal sealed record OrukServiceAtLocationSummary(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("location_id")] Guid LocationId,
    [property: JsonPropertyName("location")] OrukLocation Location,
    [property: JsonPropertyName("service")] OrukServiceSummary Service);

/// <summary>
/// A service at a location asked for by id, with the service's name and status at the top as well: the official
/// 3.0 document validates this endpoint against the service schema, which requires them (ADR 0014).
/// </summary>
internal sealed record OrukServiceAtLocationDetail(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("location_id")] Guid LocationId,
    [property: JsonPropertyName("location")] OrukLocation Location,
    [property: JsonPropertyName("service")] OrukServiceSummary Service,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status);
