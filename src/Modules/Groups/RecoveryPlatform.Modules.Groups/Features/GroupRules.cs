using FluentValidation;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.SharedKernel.Contact;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;
using Group = RecoveryPlatform.Modules.Groups.Domain.Group;

namespace RecoveryPlatform.Modules.Groups.Features;

/// <summary>The writable fields every group write carries (create, replace, patch).</summary>
internal interface IGroupFields
{
    string? Name { get; }

    string? Description { get; }

    string? Website { get; }

    string? ContactEmail { get; }

    string? ContactPhone { get; }

    IReadOnlyList<string>? ServiceAreas { get; }

    string? CountryCode { get; }

    ServiceBody? ServiceBody { get; }
}

/// <summary>
/// The area service body a group belongs to, between its fellowship and itself: an AA intergroup or district,
/// an NA area (Meeting Guide's <c>entity</c> and <c>entity_url</c>, or <c>district</c>).
/// </summary>
/// <param name="Name">Its name, e.g. "Queens Area Service Committee". Required when serviceBody is given.</param>
/// <param name="Url">Its website: an absolute http or https URL.</param>
internal sealed record ServiceBody(string? Name, string? Url);

/// <summary>
/// A command whose payload is a group request: it shows the request's fields as its own, so the shared
/// rules below report errors under the body's names (<c>name</c>, not <c>request.name</c>).
/// </summary>
internal abstract record GroupFieldsMessage(IGroupFields Fields) : IGroupFields
{
    public string? Name => Fields.Name;

    public string? Description => Fields.Description;

    public string? Website => Fields.Website;

    public string? ContactEmail => Fields.ContactEmail;

    public string? ContactPhone => Fields.ContactPhone;

    public IReadOnlyList<string>? ServiceAreas => Fields.ServiceAreas;

    public string? CountryCode => Fields.CountryCode;

    public ServiceBody? ServiceBody => Fields.ServiceBody;
}

/// <summary>Field rules shared by create, replace and patch, so every write path validates alike.</summary>
internal static class GroupRules
{
    /// <summary>The OpenAPI document's words for the phone rule a pattern cannot state.</summary>
    public const string PhoneRule = "A valid phone number of the group's country (countryCode), or with a leading + and its country code; stored in E.164.";

    public static void ValidateGroupFields<T>(this AbstractValidator<T> validator)
        where T : IGroupFields
    {
        validator.RuleFor(c => c.Name).NotEmpty().MaximumLength(Group.NameMaxLength);
        validator.RuleFor(c => c.Description).MaximumLength(Group.DescriptionMaxLength);
        validator.RuleFor(c => c.Website)
            .MaximumLength(Group.WebsiteMaxLength)
            .AbsoluteHttpUrl();
        validator.RuleFor(c => c.ContactEmail)
            .MaximumLength(Group.EmailMaxLength)
            .MatchesPattern(TextRules.EmailPattern, BePlausibleEmail, "Must be an email address, e.g. 'secretary@example.org'.");
        validator.RuleFor(c => c.CountryCode).MatchesPattern("^[A-Za-z]{2}$", CountryCodes.IsAlpha2, "Must be an ISO 3166 alpha-2 country code, e.g. GB or US.");

        // The pattern says what a phone number looks like; whether it is one is for libphonenumber to say,
        // read as a number of the group's country unless it starts with + and its own country code.
        validator.RuleFor(c => c.ContactPhone)
            .MaximumLength(Group.PhoneMaxLength)
            .PhoneNumber();
        validator.RuleFor(c => c.ContactPhone)
            .Must((fields, phone) => E164PhoneNumbers.IsValid(phone, fields.Country()))
            .When(c => !string.IsNullOrWhiteSpace(c.ContactPhone) && TextRules.IsPhone(c.ContactPhone) && (c.CountryCode is null || CountryCodes.IsAlpha2(c.CountryCode)))
            .WithMessage(PhoneRule);
        validator.RuleFor(c => c.ServiceAreas)
            .Must(areas => areas is null || areas.Count <= Group.MaxServiceAreas).WithMessage($"At most {Group.MaxServiceAreas} service areas.");
        validator.RuleForEach(c => c.ServiceAreas)
            .NotEmpty().WithMessage("A service area needs a name.")
            .MaximumLength(Group.ServiceAreaMaxLength);
        validator.RuleFor(c => c.ServiceBody!.Name).NotEmpty().MaximumLength(Group.ServiceBodyNameMaxLength).SingleLine()
            .When(c => c.ServiceBody is not null).OverridePropertyName("serviceBody.name");
        validator.RuleFor(c => c.ServiceBody!.Url).MaximumLength(Group.WebsiteMaxLength).AbsoluteHttpUrl()
            .When(c => c.ServiceBody is not null).OverridePropertyName("serviceBody.url");
    }

    /// <summary>The group's country, upper case: GB when none is given.</summary>
    public static string Country(this IGroupFields fields) =>
        string.IsNullOrWhiteSpace(fields.CountryCode) ? Group.DefaultCountry : fields.CountryCode.Trim().ToUpperInvariant();

    /// <summary>The validated fields as domain details: the phone in E.164, the service body trimmed (none when not given).</summary>
    public static GroupDetails ToDetails(this IGroupFields fields, bool showContactPublicly)
    {
        var country = fields.Country();
        var phone = E164PhoneNumbers.TryNormalise(fields.ContactPhone, country, out var e164) ? e164 : null;
        var serviceBody = fields.ServiceBody is { Name: { } name } body
            ? new GroupServiceBody(name.Trim(), string.IsNullOrWhiteSpace(body.Url) ? null : body.Url.Trim())
            : null;
        return new GroupDetails(fields.Name!, fields.Description, fields.Website, fields.ContactEmail, phone, showContactPublicly, fields.ServiceAreas ?? [])
        {
            CountryCode = country,
            ServiceBody = serviceBody,
        };
    }

    /// <summary>One @, something before it, and a dotted domain after it; no spaces. Deliverability is the group's business.</summary>
    public static bool BePlausibleEmail(string? value) => value is null || TextRules.IsEmail(value.Trim());
}
