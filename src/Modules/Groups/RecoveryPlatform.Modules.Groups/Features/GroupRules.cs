using System.Text.RegularExpressions;
using FluentValidation;
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
}

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
}

/// <summary>Field rules shared by create, replace and patch, so every write path validates alike.</summary>
internal static partial class GroupRules
{
    public const int PhoneMinDigits = 10;
    public const int PhoneMaxDigits = 13;

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
        validator.RuleFor(c => c.ContactPhone)
            .MaximumLength(Group.PhoneMaxLength)
            .MatchesPattern(PhonePattern, BePlausibleUkPhone, $"Must be a UK phone number: {PhoneMinDigits} to {PhoneMaxDigits} digits, with optional spaces, brackets and a leading +, e.g. '0113 496 0000' or '+44 113 496 0000'.");
        validator.RuleFor(c => c.ServiceAreas)
            .Must(areas => areas is null || areas.Count <= Group.MaxServiceAreas).WithMessage($"At most {Group.MaxServiceAreas} service areas.");
        validator.RuleForEach(c => c.ServiceAreas)
            .NotEmpty().WithMessage("A service area needs a name.")
            .MaximumLength(Group.ServiceAreaMaxLength);
    }

    /// <summary>One @, something before it, and a dotted domain after it; no spaces. Deliverability is the group's business.</summary>
    public static bool BePlausibleEmail(string? value) => value is null || TextRules.IsEmail(value.Trim());

    /// <summary>Digits, spaces and brackets with an optional leading +, holding 10 to 13 digits (UK numbers with or without +44).</summary>
    public static bool BePlausibleUkPhone(string? value)
    {
        if (value is null)
        {
            return true;
        }

        var trimmed = value.Trim();
        var digits = trimmed.Count(char.IsAsciiDigit);
        return PhoneCharacters().IsMatch(trimmed) && digits is >= PhoneMinDigits and <= PhoneMaxDigits;
    }

    /// <summary>What <see cref="BePlausibleUkPhone"/> accepts: the phone characters, holding 10 to 13 digits.</summary>
    private const string PhonePattern = @"^\+?[() ]*([0-9][() ]*){10,13}$";

    [GeneratedRegex(@"^\+?[0-9() ]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCharacters();
}
