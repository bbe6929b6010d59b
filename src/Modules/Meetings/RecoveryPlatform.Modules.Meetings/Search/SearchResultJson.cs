using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.SharedKernel.Paging;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// Writes a page of search results exactly as the JSON serializer would, but renders each result's
/// fixed fields (everything but distanceKm and nextOccurrence, which are last) once per index entry and
/// reuses them. Serialising twenty results of some forty fields each was over half the cost of a search.
/// </summary>
/// <remarks>
/// The fixed fields are rendered by the serializer itself, with the API's own options, so naming,
/// enum names and escaping cannot drift; a unit test compares whole pages with the serializer's output.
/// </remarks>
internal sealed class SearchResultJson : IDisposable
{
    /// <summary>Entries whose rendering is kept (about a kilobyte each): the busiest, not the whole directory.</summary>
    public const int Capacity = 20_000;

    private readonly JsonSerializerOptions _options;
    private readonly JsonWriterOptions _writerOptions;
    private readonly byte[] _emptyTail;
    private readonly JsonEncodedText _items, _page, _pageSize, _totalItems, _totalPages, _distanceKm, _nextOccurrence;
    private readonly MemoryCache _fixedParts = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public SearchResultJson(IOptions<HttpJsonOptions> json)
    {
        _options = json.Value.SerializerOptions;
        _writerOptions = new JsonWriterOptions { Encoder = _options.Encoder, Indented = _options.WriteIndented, SkipValidation = true };
        JsonEncodedText Name(string property) => JsonEncodedText.Encode(_options.PropertyNamingPolicy?.ConvertName(property) ?? property, _options.Encoder);
        (_items, _page, _pageSize, _totalItems, _totalPages) = (Name("Items"), Name("Page"), Name("PageSize"), Name("TotalItems"), Name("TotalPages"));
        (_distanceKm, _nextOccurrence) = (Name(nameof(MeetingSearchResult.DistanceKm)), Name(nameof(MeetingSearchResult.NextOccurrence)));
        _emptyTail = Encoding.UTF8.GetBytes($",\"{_distanceKm}\":null,\"{_nextOccurrence}\":null}}");
    }

    public IResult Result(PagedList<MeetingSearchResult> page) => new PageResult(this, page);

    public void Write(IBufferWriter<byte> output, PagedList<MeetingSearchResult> page)
    {
        var item = new ArrayBufferWriter<byte>(2048);
        using var writer = new Utf8JsonWriter(output, _writerOptions);
        using var valueWriter = new Utf8JsonWriter(item, _writerOptions);
        writer.WriteStartObject();
        writer.WriteStartArray(_items);
        foreach (var result in page.Items)
        {
            item.ResetWrittenCount();
            if (FixedPartOf(result) is { } fixedPart)
            {
                // {fixed fields ... ,"distanceKm":…,"nextOccurrence":…}
                item.Write(fixedPart);
                WriteName(item, _distanceKm);
                valueWriter.Reset(item);
                if (result.DistanceKm is { } km)
                {
                    valueWriter.WriteNumberValue(km);
                }
                else
                {
                    valueWriter.WriteNullValue();
                }

                valueWriter.Flush();
                WriteName(item, _nextOccurrence);
                valueWriter.Reset(item);
                JsonSerializer.Serialize(valueWriter, result.NextOccurrence, _options);
                valueWriter.Flush();
                item.Write("}"u8);
            }
            else
            {
                valueWriter.Reset(item);
                JsonSerializer.Serialize(valueWriter, result, _options);
                valueWriter.Flush();
            }

            writer.WriteRawValue(item.WrittenSpan, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteNumber(_page, page.Page);
        writer.WriteNumber(_pageSize, page.PageSize);
        writer.WriteNumber(_totalItems, page.TotalItems);
        writer.WriteNumber(_totalPages, page.TotalPages);
        writer.WriteEndObject();
        writer.Flush();
    }

    public void Dispose() => _fixedParts.Dispose();

    private static void WriteName(ArrayBufferWriter<byte> item, JsonEncodedText name)
    {
        item.Write(","u8);
        item.Write("\""u8);
        item.Write(name.EncodedUtf8Bytes);
        item.Write("\":"u8);
    }

    /// <summary>The result's JSON up to (not including) ",\"distanceKm\"", or null to serialise it whole.</summary>
    private byte[]? FixedPartOf(MeetingSearchResult result)
    {
        if (result.Source is not { } entry || _options.WriteIndented)
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
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            json.Write(httpContext.Response.BodyWriter, page);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
