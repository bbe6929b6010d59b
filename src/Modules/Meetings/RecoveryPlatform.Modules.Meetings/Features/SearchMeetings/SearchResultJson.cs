using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Paging;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;


namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Writes a page of search results exactly as the JSON serializer would, but renders each result's
/// fixed fields (everything but distanceKm and nextOccurrence, which are last) once per index entry and
/// reuses them. Serialising twenty results of some forty fields each was over half the cost of a search.
/// </summary>
/// <remarks>
/// The fixed fields are rendered by the serializer itself, with the API's own options, so naming,
/// enum names and escaping cannot drift. The page's frame, the distance and the occurrence are written
/// by hand into a per-thread buffer, copied to the response once. At start-up the writer checks that
/// its hand-written parts equal the serializer's with those options, and serialises everything instead
/// if they do not. A unit test compares whole pages with the serializer's output.
/// </remarks>
internal sealed class SearchResultJson : IDisposable
{
    /// <summary>Entries whose rendering is kept (about a kilobyte each): the busiest, not the whole directory.</summary>
    public const int Capacity = 20_000;

    private readonly JsonSerializerOptions _options;
    private readonly JsonWriterOptions _writerOptions;
    private readonly byte[] _emptyTail;
    private readonly JsonEncodedText _items, _page, _pageSize, _totalItems, _totalPages, _distanceKm, _nextOccurrence;
    private readonly JsonEncodedText _localDate, _startsAt, _endsAt, _localStart, _utcOffset, _changed, _venueId, _formats;
    private readonly MemoryCache _fixedParts = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public SearchResultJson(IOptions<HttpJsonOptions> json)
    {
        _options = json.Value.SerializerOptions;
        _writerOptions = new JsonWriterOptions { Encoder = _options.Encoder, Indented = _options.WriteIndented, SkipValidation = true };
        JsonEncodedText Name(string property) => JsonEncodedText.Encode(_options.PropertyNamingPolicy?.ConvertName(property) ?? property, _options.Encoder);
        (_items, _page, _pageSize, _totalItems, _totalPages) = (Name("Items"), Name("Page"), Name("PageSize"), Name("TotalItems"), Name("TotalPages"));
        (_distanceKm, _nextOccurrence) = (Name(nameof(MeetingSearchResult.DistanceKm)), Name(nameof(MeetingSearchResult.NextOccurrence)));
        (_localDate, _startsAt, _endsAt, _localStart) = (Name(nameof(OccurrenceResponse.LocalDate)), Name(nameof(OccurrenceResponse.StartsAt)), Name(nameof(OccurrenceResponse.EndsAt)), Name(nameof(OccurrenceResponse.LocalStart)));
        (_utcOffset, _changed, _venueId) = (Name(nameof(OccurrenceResponse.UtcOffset)), Name(nameof(OccurrenceResponse.Changed)), Name(nameof(OccurrenceResponse.VenueId)));
        _formats = Name(nameof(OccurrenceResponse.Formats));
        _emptyTail = Encoding.UTF8.GetBytes($",\"{_distanceKm}\":null,\"{_nextOccurrence}\":null}}");
        WritesByHand = !_options.WriteIndented && WritesLikeTheSerializer();
    }

    /// <summary>
    /// False when the options would make the serializer write something the writer does not (indentation,
    /// omitted nulls, other names): then every result is serialised whole, which is slower but never wrong.
    /// </summary>
    public bool WritesByHand { get; }

    public IResult Result(PagedList<MeetingSearchResult> page) => new PageResult(this, page);

    /// <param name="output">Where the page goes.</param>
    /// <param name="page">The page.</param>
    /// <param name="response">The response the output belongs to, if any: its Content-Length is set before the page is written.</param>
    public void Write(IBufferWriter<byte> output, PagedList<MeetingSearchResult> page, HttpResponse? response = null)
    {
        // The page is assembled in a buffer of this thread's and copied to the output once: the response
        // writer takes a lock on every span it hands out, and a page is a few hundred small writes.
        var buffer = t_pageBuffer ??= new ArrayBufferWriter<byte>(InitialPageBufferBytes);
        buffer.ResetWrittenCount();
        Write(buffer, page, WritesByHand);
        if (response is not null)
        {
            response.ContentLength = buffer.WrittenCount;
        }

        output.Write(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptPageBufferBytes)
        {
            // A page of a hundred long results: not worth keeping for the next request.
            t_pageBuffer = null;
        }
    }

    private const int InitialPageBufferBytes = 32 * 1024;
    private const int MaxKeptPageBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_pageBuffer;

    private void Write(IBufferWriter<byte> output, PagedList<MeetingSearchResult> page, bool byHand)
    {
        if (!byHand)
        {
            using var whole = new Utf8JsonWriter(output, _writerOptions);
            JsonSerializer.Serialize(whole, page, _options);
            return;
        }

        // {"items":[…],"page":1,"pageSize":20,"totalItems":113,"totalPages":6}, written piece by piece;
        // the JSON writer only renders values, each from a fresh start, so it adds no separators.
        using var writer = new Utf8JsonWriter(output, _writerOptions);
        output.Write("{"u8);
        WriteName(output, _items);
        output.Write("["u8);
        var first = true;
        foreach (var result in page.Items)
        {
            if (!first)
            {
                output.Write(","u8);
            }

            first = false;
            writer.Reset(output);
            if (FixedPartOf(result) is { } fixedPart)
            {
                // {fixed fields ... ,"distanceKm":…,"nextOccurrence":…}
                output.Write(fixedPart);
                output.Write(","u8);
                WriteName(output, _distanceKm);
                WriteDistance(writer, result.DistanceKm);
                writer.Flush();
                output.Write(","u8);
                WriteName(output, _nextOccurrence);
                writer.Reset(output);
                WriteOccurrence(writer, result.NextOccurrence);
                writer.Flush();
                output.Write("}"u8);
            }
            else
            {
                JsonSerializer.Serialize(writer, result, _options);
                writer.Flush();
            }
        }

        output.Write("],"u8);
        WriteNumber(output, _page, page.Page);
        output.Write(","u8);
        WriteNumber(output, _pageSize, page.PageSize);
        output.Write(","u8);
        WriteNumber(output, _totalItems, page.TotalItems);
        output.Write(","u8);
        WriteNumber(output, _totalPages, page.TotalPages);
        output.Write("}"u8);
    }

    public void Dispose() => _fixedParts.Dispose();

    private static void WriteName(IBufferWriter<byte> output, JsonEncodedText name)
    {
        output.Write("\""u8);
        output.Write(name.EncodedUtf8Bytes);
        output.Write("\":"u8);
    }

    private static void WriteNumber(IBufferWriter<byte> output, JsonEncodedText name, int value)
    {
        WriteName(output, name);
        var span = output.GetSpan(11);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteDistance(Utf8JsonWriter writer, double? km)
    {
        if (km is { } value)
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>An occurrence as the serializer writes an <see cref="OccurrenceResponse"/>, without its reflection-driven converter.</summary>
    private void WriteOccurrence(Utf8JsonWriter writer, OccurrenceResponse? occurrence)
    {
        if (occurrence is null)
        {
            writer.WriteNullValue();
            return;
        }

        Span<char> date = stackalloc char[10];
        occurrence.LocalDate.TryFormat(date, out var dateLength, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString(_localDate, date[..dateLength]);
        writer.WriteString(_startsAt, occurrence.StartsAt);
        writer.WriteString(_endsAt, occurrence.EndsAt);
        writer.WriteString(_localStart, occurrence.LocalStart);
        writer.WriteString(_utcOffset, occurrence.UtcOffset);
        writer.WriteBoolean(_changed, occurrence.Changed);
        if (occurrence.VenueId is { } venueId)
        {
            writer.WriteString(_venueId, venueId);
        }
        else
        {
            writer.WriteNull(_venueId);
        }

        // Only an occurrence whose formats differ from the meeting's has them (left out when null, as the serializer does).
        if (occurrence.Formats is { } formats)
        {
            writer.WriteStartArray(_formats);
            foreach (var format in formats)
            {
                writer.WriteStringValue(format);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Checks, once, that writing by hand gives what the serializer gives with these options, for values
    /// that cover each branch (null, a venue, an offset west of UTC, distances with and without decimals).
    /// </summary>
    private bool WritesLikeTheSerializer()
    {
        var venue = Guid.Parse("6f1c2a9e-4b7d-4c1e-9a8b-2d3e4f5a6b7c");
        OccurrenceResponse?[] occurrences =
        [
            null,
            new(new DateOnly(2026, 3, 29), new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.Zero), "2026-03-29T02:30", "+01:00", false, null),
            new(new DateOnly(2026, 11, 3), new DateTimeOffset(2026, 11, 3, 23, 45, 30, TimeSpan.Zero), new DateTimeOffset(2026, 11, 4, 1, 15, 30, TimeSpan.Zero), "2026-11-03T18:45", "-05:00", true, venue),
            new(new DateOnly(2026, 12, 24), new DateTimeOffset(2026, 12, 24, 19, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 24, 20, 0, 0, TimeSpan.Zero), "2026-12-24T19:00", "+00:00", true, null, ["SP", "O"]),
        ];
        double?[] distances = [null, 0, 3.07, 12.5, 480];
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, _writerOptions);
        bool WrittenAsSerialised<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer, value);
            writer.Flush();
            return buffer.WrittenSpan.SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(value, _options));
        }

        if (!occurrences.All(o => WrittenAsSerialised(o, WriteOccurrence)) || !distances.All(d => WrittenAsSerialised(d, WriteDistance)))
        {
            return false;
        }

        // The page's own fields, in the order and spelling the serializer uses.
        var page = new PagedList<MeetingSearchResult>([], 2, 20, 21);
        buffer.ResetWrittenCount();
        Write(buffer, page, byHand: true);
        return buffer.WrittenSpan.SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(page, _options));
    }

    /// <summary>The result's JSON up to (not including) ",\"distanceKm\"", or null to serialise it whole.</summary>
    private byte[]? FixedPartOf(MeetingSearchResult result)
    {
        if (result.Source is not { } entry)
        {
            return null;
        }

        if (_fixedParts.TryGetValue(entry, out byte[]? cached))
        {
            return cached;
        }

        var whole = JsonSerializer.SerializeToUtf8Bytes(result with { DistanceKm = null, NextOccurrence = null }, _options);
        byte[]? fixedPart = whole.AsSpan().EndsWith(_emptyTail) ? whole[..^_emptyTail.Length] : null;
        if (fixedPart is not null)
        {
            _fixedParts.Set(entry, fixedPart, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }

        return fixedPart;
    }

    private sealed class PageResult(SearchResultJson json, PagedList<MeetingSearchResult> page) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<PagedList<MeetingSearchResult>>
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public PagedList<MeetingSearchResult> Value => page;

        object? IValueHttpResult.Value => page;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";

            // The length is known before the first byte goes: sending it spares chunked framing, and lets
            // response compression tell a page worth compressing from a small one.
            json.Write(response.BodyWriter, page, response);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
