using System.Text;
using System.Text.RegularExpressions;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>What came back for one bad request: the request as sent, and the status and body, or why there was no answer.</summary>
internal sealed record BadInputAnswer(MalformedRequest Request, string Sent, int Status, string? MediaType, string Body, string? Failure);

/// <summary>
/// Sends <see cref="MalformedRequest"/>s over a real socket, byte for byte: header values as Latin-1 (so a char
/// above U+007F is one byte above 0x7F on the wire), paths and query strings exactly as written (no escaping or
/// normalising by the client). Fills in what a valid request would carry: the admin key, the current ETag where
/// If-Match is required, a new Idempotency-Key, a Purpose; and keeps the arranged world whole when a request deletes part of it.
/// </summary>
internal sealed partial class BadInputSender : IDisposable
{
    /// <summary>A tag no resource has, for an If-Match to a resource whose ETag cannot be read (it does not exist).</summary>
    private const string UnknownTag = "\"0000000000000000\"";

    private readonly HttpClient _client;
    private readonly string _origin;
    private readonly BadInputWorld _world;
    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);

    public BadInputSender(Uri baseAddress, BadInputWorld world)
    {
        _origin = baseAddress.GetLeftPart(UriPartial.Authority);
        _world = world;
        var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<BadInputAnswer> SendAsync(MalformedRequest request)
    {
        var path = PathOf(request);
        var target = path + request.Query;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), Exact(target));
        var headers = new List<KeyValuePair<string, string?>>();
        if (!request.Anonymous)
        {
            headers.Add(new("X-Api-Key", ApiFactory.PlatformAdminKey));
        }

        foreach (var usual in request.Usual)
        {
            headers.Add(new(usual, usual switch
            {
                "If-Match" => await CurrentTagAsync(path),
                "Idempotency-Key" => Guid.NewGuid().ToString(),
                "Purpose" => "direct-care",
                _ => null,
            }));
        }

        var overridden = request.Headers.Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sentHeaders = headers.Where(h => !overridden.Contains(h.Key)).Concat(request.Headers)
            .Where(h => h.Value is not null)
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value!))
            .ToList();
        foreach (var (name, value) in sentHeaders)
        {
            message.Headers.TryAddWithoutValidation(name, value).ShouldBeTrue($"{name}: {value}");
        }

        var body = request.Body?.Invoke();
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType).ShouldBeTrue(contentType);
            }
        }

        var sent = request.Describe(target, sentHeaders, body);
        try
        {
            using var response = await _client.SendAsync(message, TestContext.Current.CancellationToken);
            var status = (int)response.StatusCode;
            var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            await KeepTheWorldAsync(request, path, status);
            return new BadInputAnswer(request, sent, status, response.Content.Headers.ContentType?.MediaType, text, null);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or IOException && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return new BadInputAnswer(request, sent, 0, null, string.Empty, $"{failure.GetType().Name}: {failure.Message} {failure.InnerException?.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The path with each parameter the request does not name itself filled in with the real one.</summary>
    private string PathOf(MalformedRequest request) =>
        Parameter().Replace(request.Template, match =>
        {
            var name = match.Groups["name"].Value;
            if (request.PathValues.TryGetValue(name, out var given))
            {
                return given;
            }

            var kind = BadInputWorld.KindOf(request.Template, name) ?? throw new InvalidOperationException($"Nothing is arranged for {{{name}}} in {request.Template}");
            return Uri.EscapeDataString(_world.Existing(kind));
        });

    /// <summary>An absolute URI the client sends as written: no percent-decoding, re-encoding or dot-segment removal.</summary>
    private Uri Exact(string target) => new(_origin + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private async Task<string> CurrentTagAsync(string path)
    {
        if (_etags.TryGetValue(path, out var cached))
        {
            return cached;
        }

        using var read = new HttpRequestMessage(HttpMethod.Get, Exact(path));
        read.Headers.TryAddWithoutValidation("X-Api-Key", ApiFactory.PlatformAdminKey);
        using var response = await _client.SendAsync(read, TestContext.Current.CancellationToken);
        var tag = response.IsSuccessStatusCode && response.Headers.ETag is { } etag ? etag.ToString() : UnknownTag;
        _etags[path] = tag;
        return tag;
    }

    /// <summary>
    /// A write that succeeded changed ETags; a delete that succeeded removed a thing the requests still to come name, so another is made.
    /// </summary>
    private async Task KeepTheWorldAsync(MalformedRequest request, string path, int status)
    {
        if (status == 412)
        {
            _etags.Remove(path);
        }

        if (request.Method == "GET" || status is < 200 or >= 300)
        {
            return;
        }

        _etags.Clear();
        var last = Parameter().Matches(request.Template).LastOrDefault()?.Groups["name"].Value;
        if (request.Method == "DELETE" && last is not null && !request.PathValues.ContainsKey(last) && BadInputWorld.KindOf(request.Template, last) is { } kind)
        {
            await _world.ReplaceAsync(kind);
            if (kind == "meeting")
            {
                await _world.ReplaceAsync("exception-date");
            }
        }
    }

    [GeneratedRegex(@"\{(?<name>[^}]+)\}")]
    private static partial Regex Parameter();
}
