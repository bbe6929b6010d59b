using System.Collections.Frozen;
using System.Text.Json;
using FluentValidation;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Enum values travel as kebab-case strings (<c>treatment-service</c>) in bodies and query strings alike.
/// Query strings bind as text and are parsed here, so a bad value is a 400 naming the parameter and the allowed values.
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.FromWire.TryGetValue(text?.Trim() ?? string.Empty, out value);

    public static TEnum? ParseOrNull<TEnum>(string? text)
        where TEnum : struct, Enum => TryParse<TEnum>(text, out var value) ? value : null;

    public static string Allowed<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", All<TEnum>());

    /// <summary>Every wire name of the enum, in ordinal order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Cache<TEnum>.Ordered;

    /// <summary>
    /// Validates an optional query-string value as one of the enum's wire names. The validator carries the
    /// names, so the OpenAPI document lists them as the parameter's enum.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> IsWireNameOf<T, TEnum>(this IRuleBuilder<T, string?> rule)
        where TEnum : struct, Enum =>
        rule.SetValidator(new OneOfValidator<T>(All<TEnum>(), text => TryParse<TEnum>(text, out _), $"Must be one of: {Allowed<TEnum>()}."));

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly string[] Ordered = [.. ToWire.Values.Order(StringComparer.Ordinal)];
    }
}
