using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Gzip or Brotli, as the client's Accept-Encoding prefers (gzip on a tie), for JSON and problem+json
/// bodies of GET (and HEAD) responses of at least <see cref="MinimumBytes"/>: ASP.NET Core's response
/// compression middleware, with the rules below in <see cref="CompressionRules"/>.
/// </summary>
/// <remarks>
/// <para>
/// BREACH recovers a secret from a compressed response that also reflects attacker-chosen text, by making
/// the victim's client send many requests with the victim's credential and watching the sizes. Here:
/// </para>
/// <list type="bullet">
/// <item>Credentials travel only in headers a client sets itself (X-Api-Key, Authorization), never in
/// cookies, so another site cannot make a browser send them.</item>
/// <item>Only GET and HEAD responses are compressed, so no write's answer is. The one body that carries a
/// secret, the new key answered to <c>POST /organisations/{slug}/api-keys</c>, is a POST's, and its endpoint is
/// also marked <see cref="ConditionalRequests.CarriesSecret"/>, which this provider refuses whatever the method.</item>
/// <item>GET bodies carry no secrets: keys are listed by prefix only. What they reflect (query values in
/// a problem's detail) sits beside public data.</item>
/// </list>
/// <para>
/// That is why compression is on over HTTPS too (the middleware's default is off there).
/// </para>
/// </remarks>
internal static class ResponseCompressionSetup
{
    /// <summary>Below this a body is sent as it is: compressing it saves a few bytes at the cost of a compressor.</summary>
    public const int MinimumBytes = 1024;

    public static IServiceCollection AddPlatformResponseCompression(this IServiceCollection services)
    {
        // Registered first, so the middleware's own TryAdd leaves it in place.
        services.AddSingleton<IResponseCompressionProvider, CompressionRules>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            // The first provider wins a tie ("gzip, deflate, br", as browsers send). At the fastest levels gzip
            // made the smaller and the cheaper page (docs/performance.md, issue #11: a 20.2 kB search page was
            // 5.4 kB gzip and 6.6 kB br; 22.0 % of the ceiling with gzip, 16.9 % with br, 31.4 % uncompressed).
            options.Providers.Add<GzipCompressionProvider>();
            options.Providers.Add<BrotliCompressionProvider>();
            // text/calendar: the iCalendar feeds (a year of a group's meetings is tens of kB of repetitive text).
            options.MimeTypes = ["application/json", "application/problem+json", "text/calendar"];
        });

        // The fastest levels: even at these, compressing a search page costs about as much as searching
        // (see above); a slower level would cost more than the bytes it saves are worth.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>
    /// The compression middleware, and under it a note of the size of the first write of a GET response it may
    /// compress, so that <see cref="CompressionRules"/> can leave small bodies alone.
    /// </summary>
    public static IApplicationBuilder UsePlatformResponseCompression(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Headers.AcceptEncoding.Count == 0)
            {
                await next(context);
                return;
            }

            var compressing = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            var probe = new FirstWriteProbe(compressing);
            context.Features.Set<IHttpResponseBodyFeature>(probe);
            context.Features.Set(probe);
            try
            {
                await next(context);
                await probe.CompleteWriterAsync();
            }
            finally
            {
                context.Features.Set(compressing);
            }
        });
    }

    /// <summary>
    /// The middleware's own rules (accepted encodings, media types) and ours: only GET responses, only bodies
    /// of <see cref="MinimumBytes"/> or more, and a content coding makes another strong ETag.
    /// </summary>
    internal sealed class CompressionRules(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider _defaults = new(services, options);

        public bool CheckRequestAcceptsCompression(HttpContext context) => _defaults.CheckRequestAcceptsCompression(context);

        public bool ShouldCompressResponse(HttpContext context) =>
            HttpMethods.IsGet(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<CarriesSecretMetadata>() is null
            && IsLargeEnough(context)
            && _defaults.ShouldCompressResponse(context);

        public ICompressionProvider? GetCompressionProvider(HttpContext context)
        {
            var provider = _defaults.GetCompressionProvider(context);
            if (provider is not null && context.Response.Headers.ETag is [{ } tag])
            {
                // RFC 9110 §8.8.3.3: the compressed body is another representation, so it needs another
                // strong tag. Conditions compare tags with the coding set aside (EntityTags).
                context.Response.Headers.ETag = EntityTags.WithCoding(tag, provider.EncodingName);
            }

            return provider;
        }

        /// <summary>
        /// By Content-Length when the endpoint set one (search does); otherwise by the first write, which for
        /// a JSON result or a problem is the whole body when it is small: the serializer hands it over in one
        /// piece. A body streamed in small pieces is sent uncompressed, which is never wrong.
        /// </summary>
        private static bool IsLargeEnough(HttpContext context) =>
            (context.Response.ContentLength ?? context.Features.Get<FirstWriteProbe>()?.FirstWriteBytes ?? 0) >= MinimumBytes;
    }

    /// <summary>
    /// Passes every write on to the compression layer, noting first how long the first one is: the
    /// compression layer decides whether to compress on that first write.
    /// </summary>
    internal sealed class FirstWriteProbe(IHttpResponseBodyFeature next) : Stream, IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;
        private bool _writerCompleted;

        public long? FirstWriteBytes { get; private set; }

        public Stream Stream => this;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>Hands on what the endpoint left in the pipe writer, before the compression layer finishes.</summary>
        public async Task CompleteWriterAsync()
        {
            if (_writer is not null && !_writerCompleted)
            {
                _writerCompleted = true;
                await _writer.CompleteAsync();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            FirstWriteBytes ??= count;
            next.Stream.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            FirstWriteBytes ??= buffer.Length;
            return next.Stream.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => next.Stream.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => next.Stream.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public void DisableBuffering() => next.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => next.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            next.SendFileAsync(path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            await CompleteWriterAsync();
            await next.CompleteAsync();
        }
    }
}
