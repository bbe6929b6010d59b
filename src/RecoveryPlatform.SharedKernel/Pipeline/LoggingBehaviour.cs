using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.SharedKernel.Pipeline;

/// <summary>
/// Logs each message's name, outcome and elapsed time, and traces it as a span of that name. Never the message itself: commands carry
/// personal and health data (referrals), and logs are not a place for it.
/// </summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = PlatformTelemetry.Messages.StartActivity(MessageName);
        try
        {
            var response = await next(message, cancellationToken);
            LogHandled(MessageName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            // The exception type is enough to correlate; its message may echo input, so it is left to the problem-details handler.
            LogFailed(MessageName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageName} handled in {ElapsedMilliseconds:0.0} ms")]
    private partial void LogHandled(string messageName, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageName} failed after {ElapsedMilliseconds:0.0} ms with {ExceptionType}")]
    private partial void LogFailed(string messageName, double elapsedMilliseconds, string exceptionType);
}
