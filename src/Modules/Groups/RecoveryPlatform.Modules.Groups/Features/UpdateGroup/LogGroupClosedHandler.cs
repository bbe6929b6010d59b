using Mediator;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Groups.Contracts;

namespace RecoveryPlatform.Modules.Groups.Features.UpdateGroup;

/// <summary>
/// Notes each closure in the log (ids only), so operators can follow a closure to what other modules
/// did about it. It is also the event's first handler: the source-generated mediator reports a message
/// without handlers as a build warning (MSG0005) — the same diagnostic that catches a command without
/// its handler, so it stays on rather than being suppressed.
/// </summary>
internal sealed partial class LogGroupClosedHandler(ILogger<LogGroupClosedHandler> logger) : INotificationHandler<GroupClosedIntegrationEvent>
{
    public ValueTask Handle(GroupClosedIntegrationEvent notification, CancellationToken cancellationToken)
    {
        LogClosed(notification.GroupId, notification.OrganisationId, notification.ClosedAt);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} of organisation {OrganisationId} closed at {ClosedAt:O}")]
    private partial void LogClosed(Guid groupId, Guid organisationId, DateTimeOffset closedAt);
}
