using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// HEAD answers what GET would, without the body (RFC 9110 §9.3.2): same status and headers (ETag,
/// Cache-Control, Vary, Content-Encoding, rate limits), so clients can check a resource cheaply.
/// </summary>
/// <remarks>
/// The request travels the pipeline as a GET, so routing, credentials, rate limits, conditions and
/// compression treat it exactly as they treat GET, and no endpoint needs a HEAD of its own (which would
/// also double the operations in the OpenAPI document). Whatever the endpoint writes is dropped here.
/// Its method is HEAD again before the pipeline returns, for the server and its logs.
/// </remarks>
internal static class HeadRequests
{
    /// <summary>Goes before routing, so that routing matches HEAD to the GET endpoints.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            var dropped = new DroppedBody(server);
            context.Features.Set<IHttpResponseBodyFeature>(dropped);
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
                await dropped.CompleteWriterAsync();

                // The length the GET's body would have had (compressed, if it would have been): nothing was
                // sent yet, so the header can still say it.
                var response = context.Response;
                if (!response.HasStarted && response.ContentLength is null && dropped.Length > 0
                    && response.StatusCode is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
                {
                    response.ContentLength = dropped.Length;
                }
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Features.Set(server);
            }
        });

    /// <summary>
    /// A response body that goes nowhere but counts its bytes; starting and completing the response still
    /// reach the server.
    /// </summary>
    private sealed class DroppedBody(IHttpResponseBodyFeature server) : IHttpResponseBodyFeature
    {
        private readonly CountingSink _sink = new();
        private PipeWriter? _writer;

        public long Length => _sink.Written;

        public Stream Stream => _sink;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(_sink, new StreamPipeWriterOptions(leaveOpen: true));

        /// <summary>Counts what the endpoint left in the pipe writer without flushing it.</summary>
        public async Task CompleteWriterAsync()
        {
            if (_writer is not null)
            {
                await _writer.FlushAsync();
            }
        }

        public void DisableBuffering() => server.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => server.CompleteAsync();
    }

    private sealed class CountingSink : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
