using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features;

/// <summary>
/// Who may see a referral: the referring organisation's referrers and org-admins, the receiving
/// organisation's referral coordinators and org-admins, and (only where break-glass is configured) platform
/// admins. Everyone else is told it does not exist (404), so a referral's existence leaks to nobody.
/// </summary>
internal sealed class ReferralAccess(ReferralsDbContext db, ICallerAccessor callers, ISender sender, IOptions<ReferralsOptions> options)
{
    public Caller Caller => callers.Caller;

    /// <summary>Who a history entry or an access-log line names: the caller's credential, never a person's name.</summary>
    public string Actor => ActorOf(Caller);

    public static string ActorOf(Caller caller) => caller.CredentialId ?? "unknown";

    /// <summary>The two organisations of <paramref name="referral"/>, as responses name them.</summary>
    public async Task<IReadOnlyDictionary<Guid, OrganisationSummary>> PartiesOfAsync(Referral referral, CancellationToken cancellationToken) =>
        await sender.Send(new GetOrganisationSummariesQuery([referral.ReferringOrganisationId, referral.ReceivingOrganisationId]), cancellationToken);

    /// <summary>The side the caller speaks for on <paramref name="referral"/>, or null for neither.</summary>
    public static ReferralSide? SideOf(Caller caller, Referral referral)
    {
        if (caller.OrganisationId == referral.ReferringOrganisationId && caller.Role is Role.Referrer or Role.OrgAdmin)
        {
            return ReferralSide.Referrer;
        }

        if (caller.OrganisationId == referral.ReceivingOrganisationId && caller.Role is Role.ReferralCoordinator or Role.OrgAdmin)
        {
            return ReferralSide.Receiver;
        }

        return null;
    }

    /// <summary>The referral, with its side for the caller (null for a break-glass platform admin); 404 when the caller may not see it.</summary>
    public async Task<(Referral Referral, ReferralSide? Side)> FindAsync(Guid id, bool withHistory, CancellationToken cancellationToken)
    {
        IQueryable<Referral> referrals = withHistory ? db.Referrals.Include(r => r.History) : db.Referrals;
        var referral = await referrals.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral is null)
        {
            throw new NotFoundException("Referral", id);
        }

        var side = SideOf(Caller, referral);
        if (side is null && !(Caller.IsPlatformAdmin && options.Value.PlatformAdminBreakGlass))
        {
            throw new NotFoundException("Referral", id);
        }

        return (referral, side);
    }

    /// <summary>Records a read of personal data in the access log, in the transaction of the request that reads it.</summary>
    public PersonalDataAccess Log(Referral referral, AccessPurpose purpose, AccessAction action, DateTimeOffset now)
    {
        var access = PersonalDataAccess.Record(
            referral.Id, Actor, Caller.OrganisationId, Caller.Role is { } role ? WireNames.Of(role) : "none", purpose, action, now);
        db.PersonalDataAccesses.Add(access);
        return access;
    }

    /// <summary>The organisations whose referrals the caller may list, by side.</summary>
    public static (Guid? Sent, Guid? Received) ListableSides(Caller caller) => caller.Role switch
    {
        Role.Referrer => (caller.OrganisationId, null),
        Role.ReferralCoordinator => (null, caller.OrganisationId),
        Role.OrgAdmin => (caller.OrganisationId, caller.OrganisationId),
        _ => (null, null),
    };
}

/// <summary>
/// The purpose of a read of personal data, from the <c>Purpose</c> header or the <c>purpose</c> parameter.
/// Required: a read without one is refused with 400, before anything is read.
/// </summary>
internal static class ReadPurpose
{
    public const string HeaderName = PurposeRequiredMetadata.HeaderName;

    public static readonly IReadOnlyList<string> Vocabulary = WireNames.All<AccessPurpose>();

    public static AccessPurpose From(HttpRequest request)
    {
        string? text = request.Headers.TryGetValue(HeaderName, out var header) && header.Count == 1 ? header[0] : request.Query["purpose"].FirstOrDefault();
        if (WireNames.TryParse<AccessPurpose>(text, out var purpose))
        {
            return purpose;
        }

        throw new ValidationException([new ValidationFailure("purpose", $"Say why you read this person's data: a Purpose header (or purpose parameter) of {WireNames.Allowed<AccessPurpose>()}.")]);
    }
}
