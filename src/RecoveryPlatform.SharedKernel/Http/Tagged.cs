namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>A query's result with the strong ETag of its representation (see <see cref="ETagBuilder"/>).</summary>
public sealed record Tagged<T>(T Value, string ETag);
