namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Errors are application/problem+json whatever the request's Accept says (RFC 9457 allows it, and a
/// client that asked for XML is better told why in JSON than not at all). The framework's writer
/// declines a request whose Accept names neither JSON type, and the problem is then lost: an exception
/// (a 500 instead of a 429 or a 406), or a plain-text status page. This writer, registered ahead of it,
/// takes every problem and has the framework's writer write it, so the document is the same as ever.
/// </summary>
internal sealed class ProblemsWhateverTheAccept(IServiceProvider services) : IProblemDetailsWriter
{
    private IProblemDetailsWriter? _framework;

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // Resolved on first use: the framework's writer is registered after this one, in the same list.
        _framework ??= services.GetServices<IProblemDetailsWriter>().First(writer => writer is not ProblemsWhateverTheAccept);
        return _framework.WriteAsync(context);
    }
}
