using System.Text.RegularExpressions;
using FluentValidation;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Rules for free text and contact points that more than one module accepts. Each states its pattern for
/// the OpenAPI document (ECMA-262, as JSON Schema reads it) and checks in code.
/// </summary>
public static class TextRules
{
    /// <summary>Text on one line: no control characters at all.</summary>
    public const string SingleLinePattern = "^[^\\u0000-\\u001F\\u007F]*$";

    /// <summary>Text that may run over lines (line feeds, carriage returns and tabs), but holds no other control character.</summary>
    public const string MultiLinePattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";

    /// <summary>
    /// A phone number as people write one: at least six digits, spaces, brackets and hyphens, an optional
    /// leading +, no white space at either end.
    /// </summary>
    public const string PhonePattern = @"^\+?(?=[0-9 ()\-]{6,}$)[0-9()\-]([0-9 ()\-]*[0-9()\-])?$";

    /// <summary>An email address as a person gives one: something, one @, a domain of dotted parts; no spaces.</summary>
    public const string EmailPattern = @"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$";

    public const string PhoneMessage = "Must be a phone number: at least 6 digits, spaces, brackets and hyphens, with an optional leading +.";

    public static bool IsSingleLine(string text) => !text.Any(char.IsControl);

    public static bool IsMultiLine(string text) => !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    public static bool IsEmail(string text) => Regex.IsMatch(text, EmailPattern, RegexOptions.CultureInvariant) && !text.EndsWith('\n');

    public static bool IsPhone(string text) => Regex.IsMatch(text.Trim(), PhonePattern, RegexOptions.CultureInvariant);

    /// <summary>No control characters (a name, a role, a short answer).</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MatchesPattern(SingleLinePattern, IsSingleLine, "Must be text on one line, without control characters.");

    /// <summary>No control characters but line breaks and tabs (notes).</summary>
    public static IRuleBuilderOptions<T, string?> MultiLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MatchesPattern(MultiLinePattern, IsMultiLine, "Must be text without control characters (line breaks and tabs are allowed).");

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MatchesPattern(EmailPattern, IsEmail, "Must be an email address, e.g. name@example.org.");

    public static IRuleBuilderOptions<T, string?> PhoneNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MatchesPattern(PhonePattern, IsPhone, PhoneMessage);
}
