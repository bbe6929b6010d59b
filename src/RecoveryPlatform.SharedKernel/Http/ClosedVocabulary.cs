using FluentValidation;
using FluentValidation.Validators;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// A rule whose accepted values are a closed list. The OpenAPI document reads <see cref="Values"/> from the
/// validator and lists them as the parameter's enum, so the document and the 400 cannot disagree.
/// </summary>
public interface IClosedVocabularyValidator
{
    IReadOnlyList<string> Values { get; }
}

/// <summary>A rule on a list whose every value must match <see cref="Pattern"/>; the document states it on the items.</summary>
public interface IItemPatternValidator
{
    /// <summary>An ECMA-262 regular expression, as JSON Schema reads it.</summary>
    string Pattern { get; }
}

/// <summary>An optional text value (a query parameter) that must be one of a closed list.</summary>
public sealed class OneOfValidator<T>(IReadOnlyList<string> values, Func<string, bool> accepts, string message)
    : PropertyValidator<T, string?>, IClosedVocabularyValidator
{
    public override string Name => "OneOfValidator";

    public IReadOnlyList<string> Values => values;

    public override bool IsValid(ValidationContext<T> context, string? value) => value is null || accepts(value);

    protected override string GetDefaultMessageTemplate(string errorCode) => message;
}

/// <summary>
/// Every value of a list (a query parameter given several times, or with commas) must be one of a closed
/// list; the document shows the parameter as an array of that enum.
/// </summary>
public sealed class EachOneOfValidator<T>(IReadOnlyList<string> values, Func<string, bool> accepts, string message)
    : PropertyValidator<T, IReadOnlyList<string>>, IClosedVocabularyValidator
{
    public override string Name => "EachOneOfValidator";

    public IReadOnlyList<string> Values => values;

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<string> value) => value.All(accepts);

    protected override string GetDefaultMessageTemplate(string errorCode) => message;
}

/// <summary>
/// Every value of a list must pass <paramref name="accepts"/>, which <see cref="Pattern"/> (an ECMA-262
/// regular expression, as JSON Schema reads it) states for the document. The check itself stays in code:
/// .NET's <c>$</c> also matches before a final line feed, which the pattern's readers would not allow.
/// </summary>
public sealed class EachMatchesValidator<T>(string pattern, Func<string, bool> accepts, string message)
    : PropertyValidator<T, IReadOnlyList<string>>, IItemPatternValidator
{
    public override string Name => "EachMatchesValidator";

    public string Pattern => pattern;

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<string> value) => value.All(accepts);

    protected override string GetDefaultMessageTemplate(string errorCode) => message;
}

public static class ClosedVocabularyRules
{
    /// <summary>An optional value that must be one of <paramref name="values"/>, compared exactly (ordinal).</summary>
    public static IRuleBuilderOptions<T, string?> IsOneOf<T>(this IRuleBuilder<T, string?> rule, params string[] values) =>
        rule.SetValidator(new OneOfValidator<T>(values, value => values.Contains(value, StringComparer.Ordinal), $"One of: {string.Join(", ", values)}."));

    /// <summary>Every value must be a wire name of <typeparamref name="TEnum"/> (case-insensitive, as <see cref="WireNames"/> parses them).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> AreWireNamesOf<T, TEnum>(this IRuleBuilder<T, IReadOnlyList<string>> rule)
        where TEnum : struct, Enum =>
        rule.SetValidator(new EachOneOfValidator<T>(WireNames.All<TEnum>(), value => WireNames.TryParse<TEnum>(value, out _), $"One of: {WireNames.Allowed<TEnum>()}."));

    /// <summary>Every value must pass <paramref name="accepts"/>; <paramref name="pattern"/> says the same for the document.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> EachMatches<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule, string pattern, Func<string, bool> accepts) =>
        rule.SetValidator(new EachMatchesValidator<T>(pattern, accepts, $"Each value must match {pattern}."));
}
