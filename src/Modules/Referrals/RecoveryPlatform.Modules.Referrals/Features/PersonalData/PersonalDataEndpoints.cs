using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Referrals.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.Modules.Referrals.Protection;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features.PersonalData;

/// <summary>Erases the person's data at once (consent withdrawn): the referral's shell and statistics remain.</summary>
internal sealed record ErasePersonalDataCommand(Guid Id) : ICommand;

internal sealed class ErasePersonalDataHandler(ReferralsDbContext db, ReferralAccess access, TimeProvider clock) : ICommandHandler<ErasePersonalDataCommand>
{
    public async ValueTask<Unit> Handle(ErasePersonalDataCommand command, CancellationToken cancellationToken)
    {
        var (referral, side) = await access.FindAsync(command.Id, withHistory: true, cancellationToken);
        var caller = access.Caller;
        if (side is null || !(caller.Role == Role.OrgAdmin || (side == ReferralSide.Referrer && caller.Role == Role.Referrer)))
        {
            throw new ForbiddenException("The referring service's referrers and either organisation's admins erase a person's data.");
        }

        if (referral.PersonalDataErasedAt is null)
        {
            var now = clock.GetUtcNow();
            referral.ErasePersonalData(referral.History, now);
            access.Log(referral, AccessPurpose.Administration, AccessAction.Erase, now);
            db.Outbox.Add(new ReferralStatusChangedIntegrationEvent(referral.Id, referral.ReferringOrganisationId, referral.ReceivingOrganisationId));
        }

        return Unit.Value;
    }
}

/// <summary>Everything held about the person in one referral, and everyone who read it: the answer to their subject access request.</summary>
/// <param name="Referral">The referral and the person's data, as GET /api/v1/referrals/{id} shows them.</param>
/// <param name="History">Every move, with its notes.</param>
/// <param name="Accesses">Every read and erasure of the person's data: who (credential), when, why.</param>
internal sealed record SubjectAccessResponse(ReferralResponse Referral, IReadOnlyList<ReferralHistoryResponse> History, IReadOnlyList<PersonalDataAccessResponse> Accesses);

internal sealed record SubjectAccessCommand(Guid Id) : ICommand<SubjectAccessResponse>;

internal sealed class SubjectAccessHandler(ReferralsDbContext db, ReferralAccess access, PersonalDataProtector protector, TimeProvider clock)
    : ICommandHandler<SubjectAccessCommand, SubjectAccessResponse>
{
    public async ValueTask<SubjectAccessResponse> Handle(SubjectAccessCommand command, CancellationToken cancellationToken)
    {
        var (referral, side) = await access.FindAsync(command.Id, withHistory: true, cancellationToken);
        if (side is null || access.Caller.Role != Role.OrgAdmin)
        {
            throw new ForbiddenException("Either organisation's admins answer a subject access request.");
        }

        // Read before this request's own access is logged, which is then added: the answer includes it.
        var accesses = await AccessLogHandler.ReadAsync(db, referral.Id, cancellationToken);
        var logged = access.Log(referral, AccessPurpose.SubjectAccessRequest, AccessAction.SubjectAccess, clock.GetUtcNow());
        var organisations = await access.PartiesOfAsync(referral, cancellationToken);
        var person = ReferralMapping.WithPersonalData(referral, side, organisations, protector);
        var history = ReferralMapping.HistoryOf(referral, protector);
        return new SubjectAccessResponse(person, history, [.. accesses, AccessLogHandler.ToResponse(logged)]);
    }
}

/// <summary>Who read a referral's personal data, when and why.</summary>
internal sealed record AccessLogQuery(Guid Id) : IQuery<IReadOnlyList<PersonalDataAccessResponse>>;

internal sealed class AccessLogHandler(ReferralsDbContext db, ReferralAccess access) : IQueryHandler<AccessLogQuery, IReadOnlyList<PersonalDataAccessResponse>>
{
    public async ValueTask<IReadOnlyList<PersonalDataAccessResponse>> Handle(AccessLogQuery query, CancellationToken cancellationToken)
    {
        var (referral, side) = await access.FindAsync(query.Id, withHistory: false, cancellationToken);
        if (side is null || access.Caller.Role != Role.OrgAdmin)
        {
            throw new ForbiddenException("Either organisation's admins read the access log.");
        }

        return await ReadAsync(db, referral.Id, cancellationToken);
    }

    public static async Task<IReadOnlyList<PersonalDataAccessResponse>> ReadAsync(ReferralsDbContext db, Guid referralId, CancellationToken cancellationToken) =>
        [.. (await db.PersonalDataAccesses.AsNoTracking()
            .Where(a => a.ReferralId == referralId)
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken)).Select(ToResponse)];

    public static PersonalDataAccessResponse ToResponse(PersonalDataAccess a) => new(a.At, a.Actor, a.ActorOrganisationId, a.ActorRole, a.Purpose, a.Action);
}

internal static class PersonalDataEndpoints
{
    public static void Map(IEndpointRouteBuilder referrals)
    {
        referrals.MapDelete("/{id:guid}/personal-data", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            {
                await sender.Send(new ErasePersonalDataCommand(id), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ErasePersonalData")
            .WithSummary("Erase the person's data now (consent withdrawn)")
            .WithDescription("The referring service's referrers, and either organisation's admins. Erases the person, notes and practitioner details, here and in the history; the referral's status and dates remain for statistics. Idempotent.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        referrals.MapGet("/{id:guid}/subject-access", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new SubjectAccessCommand(id), cancellationToken)))
            .WithName("GetSubjectAccess")
            .WithSummary("Everything held about the person, and who accessed it")
            .WithDescription("Either organisation's admins, to answer the person's subject access request (UK GDPR Article 15). The read itself is logged with the purpose subject-access-request.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<SubjectAccessResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        referrals.MapGet("/{id:guid}/access-log", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new AccessLogQuery(id), cancellationToken)))
            .WithName("GetReferralAccessLog")
            .WithSummary("Who read the person's data, when and why")
            .WithDescription("Either organisation's admins. Append-only: one line per read or erasure of the person's data.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<IReadOnlyList<PersonalDataAccessResponse>>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
    }
}
