using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Contact;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Groups.Startup;

/// <summary>
/// Group phones were once stored as typed (UK numbers only, e.g. "0113 496 0000"); they are now E.164. A
/// migration cannot parse phone numbers, so this rewrites the old ones once, at start-up: the query finds
/// nothing to do once every stored number starts with +. A number that no longer parses is left as it was
/// (and counted, never logged: it may be a person's).
/// </summary>
internal sealed partial class ContactPhonesToE164Task(ILogger<ContactPhonesToE164Task> logger) : IModuleStartupTask
{
    // After the migrations, before the demo data.
    public int Order => 5;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        try
        {
            await RewriteAsync(scopedServices.GetRequiredService<GroupsDbContext>(), cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException)
        {
            // A database that does not answer yet must not stop the start (readiness reports it), and another
            // instance rewriting the same rows at once has done the work: the next start finds what is left.
            LogDeferred(exception.GetType().Name);
        }
    }

    private async Task RewriteAsync(GroupsDbContext db, CancellationToken cancellationToken)
    {
        var groups = await db.Groups.Where(g => g.ContactPhone != null && !g.ContactPhone.StartsWith("+")).ToListAsync(cancellationToken);
        if (groups.Count == 0)
        {
            return;
        }

        var unreadable = 0;
        foreach (var group in groups)
        {
            if (E164PhoneNumbers.TryNormalise(group.ContactPhone, group.CountryCode, out var e164))
            {
                group.RewriteContactPhone(e164);
            }
            else
            {
                unreadable++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        LogRewritten(groups.Count - unreadable, unreadable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group phone numbers were not rewritten to E.164 at start-up ({ExceptionType}); the next start tries again.")]
    private partial void LogDeferred(string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrote {Rewritten} group phone numbers to E.164; {Unreadable} could not be read and were left as stored.")]
    private partial void LogRewritten(int rewritten, int unreadable);
}
