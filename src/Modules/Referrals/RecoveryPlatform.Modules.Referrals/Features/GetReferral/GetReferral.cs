using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Protection;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Referrals.Features.GetReferral;

/// <summary>A read of the person's data: a command, because the read is logged in the same transaction, or does not happen.</summary>
internal sealed record ReadReferralCommand(Guid Id, AccessPurpose Purpose) : ICommand<ReferralResponse>;

internal sealed class ReadReferralHandler(ReferralAccess access, PersonalDataProtector protector, TimeProvider clock)
    : ICommandHandler<ReadReferralCommand, ReferralResponse>
{
    public async ValueTask<ReferralResponse> Handle(ReadReferralCommand command, CancellationToken cancellationToken)
    {
        var (referral, side) = await access.FindAsync(command.Id, withHistory: false, cancellationToken);
        var organisations = await access.PartiesOfAsync(referral, cancellationToken);
        var response = ReferralMapping.WithPersonalData(referral, side, organisations, protector);
        if (referral.SealedPersonalData is not null)
        {
            access.Log(referral, command.Purpose, AccessAction.Read, clock.GetUtcNow());
        }

        return response;
    }
}

/// <summary>The history of a referral, notes included (they may name the person): logged like any read of personal data.</summary>
internal sealed record ReadReferralHistoryCommand(Guid Id, AccessPurpose Purpose) : ICommand<IReadOnlyList<ReferralHistoryResponse>>;

internal sealed class ReadReferralHistoryHandler(ReferralAccess access, PersonalDataProtector protector, TimeProvider clock)
    : ICommandHandler<ReadReferralHistoryCommand, IReadOnlyList<ReferralHistoryResponse>>
{
    public async ValueTask<IReadOnlyList<ReferralHistoryResponse>> Handle(ReadReferralHistoryCommand command, CancellationToken cancellationToken)
    {
        var (referral, _) = await access.FindAsync(command.Id, withHistory: true, cancellationToken);
        if (referral.History.Any(h => h.SealedNote is not null))
        {
            access.Log(referral, command.Purpose, AccessAction.ReadHistory, clock.GetUtcNow());
        }

        return ReferralMapping.HistoryOf(referral, protector);
    }
}

internal static class GetReferralEndpoints
{
    public static void Map(IEndpointRouteBuilder referrals)
    {
        referrals.MapGet("/{id:guid}", async (Guid id, HttpRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ReadReferralCommand(id, ReadPurpose.From(request)), cancellationToken)))
            .RequiresPurpose(ReadPurpose.Vocabulary)
            .WithName("GetReferral")
            .WithSummary("Read a referral, with the person's details")
            .WithDescription("The referring service's referrers and organisation admins, and the receiving fellowship's referral coordinators and organisation admins; anyone else gets 404. Say why with a Purpose header (direct-care, safeguarding, administration, subject-access-request): every read is logged for the person.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<ReferralResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        referrals.MapGet("/{id:guid}/history", async (Guid id, HttpRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ReadReferralHistoryCommand(id, ReadPurpose.From(request)), cancellationToken)))
            .RequiresPurpose(ReadPurpose.Vocabulary)
            .WithName("GetReferralHistory")
            .WithSummary("A referral's history: every move, oldest first")
            .WithDescription("As GET /api/v1/referrals/{id}, with a Purpose: notes may name the person. Append-only.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<IReadOnlyList<ReferralHistoryResponse>>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
    }
}
