using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Referrals.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.Modules.Referrals.Protection;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Referrals.Features.TransitionReferral;

/// <summary>A move of a referral to its next status.</summary>
/// <param name="Status">The status to move to (the referral's allowedTransitions lists yours).</param>
/// <param name="Reason">Coded, and required for rejected (no-capacity, outside-area, not-suitable, other), in-progress (contact-attempted, contact-made), completed, as its outcome (attended-first-meeting, linked-with-sponsor-or-buddy, declined-by-person, other), failed (uncontactable, other) and cancelled (person-withdrew, referred-elsewhere, duplicate, other).</param>
/// <param name="Note">A short free-text note; it may name the person, so it is encrypted like the rest of their data.</param>
internal sealed record TransitionReferralRequest(ReferralStatus? Status, string? Reason, string? Note);

internal sealed record TransitionReferralCommand(Guid Id, TransitionReferralRequest Request) : ICommand<ReferralSummaryResponse>;

internal sealed class TransitionReferralValidator : AbstractValidator<TransitionReferralCommand>
{
    /// <summary>Every status's reasons, in one sentence: received and accepted take none.</summary>
    private static readonly string ReasonsInWords =
        "The reasons each status takes: " + string.Join("; ", ReferralLifecycle.Reasons.OrderBy(r => r.Key).Select(r => $"{WireNames.Of(r.Key)}: {string.Join(", ", r.Value)}")) + "; others take none.";

    public TransitionReferralValidator()
    {
        RuleFor(c => c.Request.Status).NotNull().IsInEnum().OverridePropertyName("status");
        RuleFor(c => c.Request.Reason).NotEmpty()
            .When(c => c.Request.Status is { } status && ReferralLifecycle.ReasonRequired.Contains(status))
            .OverridePropertyName("reason").WithMessage("This status needs a reason.");
        RuleFor(c => c.Request.Reason).Must((c, reason) => ReferralLifecycle.TakesReason(c.Request.Status!.Value, reason!))
            .When(c => c.Request.Status is not null && !string.IsNullOrEmpty(c.Request.Reason))
            .OverridePropertyName("reason").WithMessage(ReasonsInWords);
        RuleFor(c => c.Request.Note).MaximumLength(Referral.NoteMaxLength).MultiLine().OverridePropertyName("note");
    }
}

internal sealed class TransitionReferralHandler(ReferralsDbContext db, ReferralAccess access, PersonalDataProtector protector, TimeProvider clock)
    : ICommandHandler<TransitionReferralCommand, ReferralSummaryResponse>
{
    public async ValueTask<ReferralSummaryResponse> Handle(TransitionReferralCommand command, CancellationToken cancellationToken)
    {
        var (referral, side) = await access.FindAsync(command.Id, withHistory: true, cancellationToken);
        var to = command.Request.Status!.Value;
        if (side is not { } by)
        {
            // A break-glass reader may look, not act.
            throw new ForbiddenException("Only the referring service or the receiving fellowship moves a referral on.");
        }

        if (!ReferralLifecycle.Allows(referral.Status, to, by))
        {
            var allowed = ReferralLifecycle.NextFor(referral.Status, by);
            if (ReferralLifecycle.Exists(referral.Status, to))
            {
                throw new ForbiddenException($"Only the {(by == ReferralSide.Referrer ? "receiving fellowship" : "referring service")} moves a referral from {WireNames.Of(referral.Status)} to {WireNames.Of(to)}.");
            }

            var answer = allowed.Count == 0
                ? $"The referral is {WireNames.Of(referral.Status)}, which is final: it moves no further."
                : $"A referral that is {WireNames.Of(referral.Status)} moves to {string.Join(", ", allowed.Select(s => WireNames.Of(s)))}; not to {WireNames.Of(to)}.";
            throw new ConflictException(answer) { Extensions = { ["currentStatus"] = WireNames.Of(referral.Status), ["allowedTransitions"] = allowed.Select(s => WireNames.Of(s)).ToArray() } };
        }

        var now = clock.GetUtcNow();
        var entryId = Guid.CreateVersion7(now);
        var note = string.IsNullOrWhiteSpace(command.Request.Note) ? null : command.Request.Note.Trim();
        referral.MoveTo(to, command.Request.Reason, note is null ? null : protector.Seal(note, entryId), by, access.Actor, now, entryId);
        db.Outbox.Add(new ReferralStatusChangedIntegrationEvent(referral.Id, referral.ReferringOrganisationId, referral.ReceivingOrganisationId));

        var organisations = await access.PartiesOfAsync(referral, cancellationToken);
        return ReferralSummaryResponse.From(referral, by, organisations);
    }
}

internal static class TransitionReferralEndpoint
{
    public static void Map(IEndpointRouteBuilder referrals) =>
        referrals.MapPost("/{id:guid}/transitions", async (Guid id, TransitionReferralRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new TransitionReferralCommand(id, request), cancellationToken)))
            .WithName("TransitionReferral")
            .WithSummary("Move a referral on: received, accepted, rejected, in-progress, completed, failed, cancelled, entered-in-error")
            .WithDescription("The receiving fellowship's coordinators move it from requested to completed or failed; the referring service may cancel it while open; either may mark it entered-in-error. A move the lifecycle does not allow is a 409 naming the allowed ones; the other side's move is a 403.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<ReferralSummaryResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesCommonProblems()
            .WithRequestExample(new TransitionReferralRequest(ReferralStatus.InProgress, "contact-made", "Spoke on the phone; meeting them at Thursday's meeting."));
}
