namespace RecoveryPlatform.SharedKernel.Errors;

/// <summary>
/// Base of the exceptions a handler throws to end a request with a specific HTTP problem.
/// The host turns each into RFC 9457 problem details; the message is shown to the client,
/// so it must never carry personal data or internal details.
/// </summary>
public abstract class ProblemException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    /// <summary>Extra members added to the problem document (for example the ids of conflicting records).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

/// <summary>404: the resource does not exist, or belongs to an organisation the caller may not see.</summary>
public sealed class NotFoundException(string resource, object id)
    : ProblemException(404, "Not Found", $"{resource} '{id}' was not found.");

/// <summary>409: the request conflicts with the current state of a resource.</summary>
public sealed class ConflictException(string detail) : ProblemException(409, "Conflict", detail);

/// <summary>403: the caller is authenticated but may not do this.</summary>
public sealed class ForbiddenException(string detail) : ProblemException(403, "Forbidden", detail);

/// <summary>412: the If-Match precondition names a version that is no longer current.</summary>
public sealed class PreconditionFailedException()
    : ProblemException(412, "Precondition Failed", "The resource has changed since you read it. Fetch it again and reapply your change.");

/// <summary>428: a write to a versioned resource arrived without If-Match.</summary>
public sealed class PreconditionRequiredException()
    : ProblemException(428, "Precondition Required", "This request must carry an If-Match header with the resource's current ETag.");

/// <summary>422: the request is well-formed but breaks a business rule.</summary>
public sealed class BusinessRuleException(string detail) : ProblemException(422, "Unprocessable Content", detail);

/// <summary>413: the body is larger than the endpoint takes.</summary>
public sealed class PayloadTooLargeException(string detail) : ProblemException(413, "Content Too Large", detail);

/// <summary>415: the body is in a format the endpoint does not read.</summary>
public sealed class UnsupportedMediaTypeException(string detail) : ProblemException(415, "Unsupported Media Type", detail);
