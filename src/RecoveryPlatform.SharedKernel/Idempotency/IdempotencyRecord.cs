namespace RecoveryPlatform.SharedKernel.Idempotency;

/// <summary>Where a request with an <c>Idempotency-Key</c> has got to.</summary>
public enum IdempotencyState
{
    /// <summary>Running, and nothing it did has committed yet: if its lock lapses, the request died and a retry may run it again.</summary>
    Reserved,

    /// <summary>Its change has committed (in the same transaction that moved it here), but its response is not stored yet.</summary>
    Committed,

    /// <summary>Done: the response is stored, and is what every retry gets.</summary>
    Completed,
}

/// <summary>
/// One request made with an <c>Idempotency-Key</c>, kept for 24 hours so that a retry gets the first
/// answer instead of a second record. Stored in the module whose endpoint took the request, so that
/// the step to <see cref="IdempotencyState.Committed"/> commits with the change itself.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 255;

    private IdempotencyRecord()
    {
    }

    /// <summary>A hash of the credential that sent it: keys are the caller's own, and no identifier is stored.</summary>
    public string Scope { get; private set; } = string.Empty;

    public string Key { get; private set; } = string.Empty;

    /// <summary>A hash of the method, path, query and body: the same key with another request is refused.</summary>
    public string Fingerprint { get; private set; } = string.Empty;

    public IdempotencyState State { get; private set; }

    /// <summary>Until when the request that holds the record may still be running.</summary>
    public DateTimeOffset LockedUntil { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public int? StatusCode { get; private set; }

    /// <summary>The response headers worth replaying (content type, location, ETag), as JSON.</summary>
    public string? Headers { get; private set; }

    /// <summary>The response body, encrypted: it can hold a secret (a new API key) or personal data.</summary>
    public byte[]? Body { get; private set; }

    public static IdempotencyRecord Reserve(string scope, string key, string fingerprint, DateTimeOffset lockedUntil, DateTimeOffset expiresAt) =>
        new() { Scope = scope, Key = key, Fingerprint = fingerprint, State = IdempotencyState.Reserved, LockedUntil = lockedUntil, ExpiresAt = expiresAt };
}

/// <summary>
/// The request with an <c>Idempotency-Key</c> that this scope is serving, if any: the unit of work of its module
/// moves its record to <see cref="IdempotencyState.Committed"/> in the transaction that commits the change.
/// </summary>
public sealed class IdempotentRequest
{
    public string? Module { get; private set; }

    public string? Scope { get; private set; }

    public string? Key { get; private set; }

    /// <summary>Whether a commit has already marked the record (a request can commit more than once).</summary>
    public bool Marked { get; set; }

    public void Begin(string module, string scope, string key) => (Module, Scope, Key) = (module, scope, key);
}
