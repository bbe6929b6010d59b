using FluentValidation;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>The one rule for links the API publishes (websites, conference URLs): absolute http or https with a host.</summary>
public static class UrlRules
{
    /// <summary>The rule's message; the OpenAPI document recognises the rule by it and states <c>format: uri</c>.</summary>
    public const string Message = "Must be an absolute http or https URL.";

    public static bool IsAbsoluteHttpUrl(string? value) =>
        value is null
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host));

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsAbsoluteHttpUrl).WithMessage(Message);
}
