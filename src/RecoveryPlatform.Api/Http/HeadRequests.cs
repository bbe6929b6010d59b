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
            context.Features.Set<IHttpResponseBodyFeature>(new DroppedBody(server));
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Features.Set(server);
            }
        });

    /// <summary>A response body that goes nowhere; starting and completing the response still reach the server.</summary>
    private sealed class DroppedBody(IHttpResponseBodyFeature server) : IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream.Null, new StreamPipeWriterOptions(leaveOpen: true));

        public void DisableBuffering() => server.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => server.CompleteAsync();
    }
}
