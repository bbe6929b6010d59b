using System.Text;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// One deliberately bad request for one operation of the document: what it breaks (<see cref="Class"/>, one of
/// a few dozen kinds, and <see cref="Detail"/>) and all that is needed to send it.
/// </summary>
/// <param name="Method">The method, upper case.</param>
/// <param name="Template">The operation's path template, as the document writes it.</param>
/// <param name="Class">The kind of malformation ("body: wrong type", "header: Accept", …), for counting and sampling.</param>
/// <param name="Detail">What exactly is wrong ("schedule.startTime = 12345").</param>
/// <param name="PathValues">Path segments as sent (percent-encoding included) for the parameters this request names itself; the others take the real value the arrangement made.</param>
/// <param name="Query">The query string as sent, "" or starting with '?'.</param>
/// <param name="Headers">Changes to the headers the operation is usually sent with (the admin key, a current If-Match, a fresh Idempotency-Key, a Purpose): a value replaces the usual one, null leaves the header out. A value's chars up to U+00FF go on the wire as one byte each.</param>
/// <param name="Body">Makes the body's bytes, exactly, when the request is sent (some are megabytes); null for none.</param>
/// <param name="ContentType">The Content-Type sent with the body; null for none.</param>
/// <param name="Anonymous">Sent without the platform-admin key.</param>
/// <param name="Usual">The headers the operation requires that the sender fills in for each request unless <paramref name="Headers"/> says otherwise: "If-Match" (the current ETag), "Idempotency-Key" (a new one), "Purpose".</param>
internal sealed record MalformedRequest(
    string Method,
    string Template,
    string Class,
    string Detail,
    IReadOnlyDictionary<string, string> PathValues,
    string Query,
    IReadOnlyList<KeyValuePair<string, string?>> Headers,
    Func<byte[]>? Body,
    string? ContentType,
    IReadOnlyList<string> Usual,
    bool Anonymous = false)
{
    public string Operation => $"{Method} {Template}";

    /// <summary>The same request without the platform-admin key, as a caller with no credential sends it.</summary>
    public MalformedRequest AsAnonymous() => this with { Anonymous = true };

    /// <summary>The request as a line a person can send again: its headers (the admin key by name), and the body's start.</summary>
    public string Describe(string target, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body)
    {
        var text = new StringBuilder($"{Method} {target}");
        foreach (var (name, value) in headers)
        {
            text.Append(value == ApiFactory.PlatformAdminKey ? $" [{name}: the platform-admin key]" : $" [{name}: {Printable(value, 80)}]");
        }

        foreach (var (name, _) in Headers.Where(h => h.Value is null))
        {
            text.Append($" [no {name}]");
        }

        if (Anonymous)
        {
            text.Append(" [no credential]");
        }

        if (body is not null)
        {
            text.Append($" [Content-Type: {(ContentType is null ? "none" : Printable(ContentType, 80))}] body ({body.Length} bytes): {PrintableBytes(body, 200)}");
        }

        return text.ToString();
    }

    /// <summary>Text with anything outside printable ASCII written as \xNN or \uNNNN, cut at <paramref name="limit"/> chars.</summary>
    public static string Printable(string text, int limit)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Take(limit))
        {
            shown.Append(c is >= ' ' and <= '~' ? c.ToString() : c <= '\xFF' ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
        }

        return text.Length > limit ? $"{shown}… ({text.Length} chars)" : shown.ToString();
    }

    /// <summary>Bytes as text, bytes outside printable ASCII written as \xNN, cut at <paramref name="limit"/> bytes.</summary>
    public static string PrintableBytes(byte[] bytes, int limit)
    {
        var shown = new StringBuilder();
        foreach (var b in bytes.Take(limit))
        {
            shown.Append(b is >= 0x20 and <= 0x7E ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return bytes.Length > limit ? shown + "…" : shown.ToString();
    }
}
