using System.Data.Common;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Fills the index once the databases are migrated and seeded (runs last among start-up tasks). If the
/// database cannot be read now, the API still starts (readiness says why) and the first search loads it.
/// </summary>
internal sealed partial class LoadSearchIndexTask(MeetingSearchIndex index, ILogger<LoadSearchIndexTask> logger) : IModuleStartupTask
{
    public int Order => 1000;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        try
        {
            await index.RebuildAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            LogDeferred(exception.GetType().Name);
            return;
        }

        // Loading materialised every meeting row and three other modules' summaries, all garbage now, in
        // a heap grown to hold them at once. Only here, before the API takes traffic, is it handed back (not
        // after a load on the first search, or after a reset).
        await StartupHeap.CompactAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting search index not loaded at start-up ({ExceptionType}); it will load on the first search.")]
    private partial void LogDeferred(string exceptionType);
}
