using Microsoft.AspNetCore.Builder;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Reads of a person's data say why (a <c>Purpose</c> header, or a <c>purpose</c> parameter): the endpoint
/// refuses a read without one, and the OpenAPI document states the header and its vocabulary.
/// </summary>
public sealed class PurposeRequiredMetadata(IReadOnlyList<string> purposes)
{
    public const string HeaderName = "Purpose";

    public IReadOnlyList<string> Purposes { get; } = purposes;
}

public static class PurposeRequirement
{
    public static RouteHandlerBuilder RequiresPurpose(this RouteHandlerBuilder builder, IReadOnlyList<string> purposes) =>
        builder.WithMetadata(new PurposeRequiredMetadata(purposes));
}
