using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.Modules.Referrals.Protection;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features.SubmitReferral;

/// <summary>A referral of one person, with their consent, to a fellowship.</summary>
/// <param name="Organisation">The fellowship's slug, e.g. aa-great-britain (GET /api/v1/referral-destinations lists those that accept referrals).</param>
/// <param name="GroupId">Optionally, a public group of that fellowship.</param>
/// <param name="MeetingId">Optionally, a public meeting of that fellowship (from GET /api/v1/meetings).</param>
/// <param name="Area">The postcode district (LS6) or postcode where the person would attend; only the district is kept.</param>
/// <param name="Person">The person: a first name or alias, and a phone or an email at least.</param>
/// <param name="Reason">alcohol, drugs, both or other.</param>
/// <param name="Notes">Anything else the fellowship needs to know, briefly.</param>
/// <param name="Consent">The person's consent: given must be true.</param>
/// <param name="Referrer">The practitioner making the referral.</param>
/// <param name="Priority">routine (default) or urgent.</param>
internal sealed record SubmitReferralRequest(
    string? Organisation,
    Guid? GroupId,
    Guid? MeetingId,
    string? Area,
    PersonRequest? Person,
    ReferralReason? Reason,
    string? Notes,
    ConsentRequest? Consent,
    PractitionerRequest? Referrer,
    ReferralPriority? Priority);

internal sealed record SubmitReferralCommand(SubmitReferralRequest Request) : ICommand<SubmittedReferral>;

/// <summary>The new referral's id and reference.</summary>
/// <param name="Id">Its id, for GET /api/v1/referrals/{id}.</param>
/// <param name="Reference">A short reference to read out on the phone.</param>
/// <param name="Status">requested.</param>
internal sealed record SubmittedReferral(Guid Id, string Reference, ReferralStatus Status);

internal sealed class SubmitReferralValidator : AbstractValidator<SubmitReferralCommand>
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int ShortTextMaxLength = 200;
    public const int AccessNeedsMaxLength = 500;

    public SubmitReferralValidator(TimeProvider clock)
    {
        RuleFor(c => c.Request.Organisation).NotEmpty().MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(c => c.Request.Area).NotEmpty().MaximumLength(16)
            .Must(area => UkPostcodeDistricts.TryGetDistrict(area, out _)).WithMessage("Not a known UK postcode or postcode district.")
            .OverridePropertyName("area");
        RuleFor(c => c.Request.Reason).NotNull().IsInEnum().OverridePropertyName("reason");
        RuleFor(c => c.Request.Priority).IsInEnum().OverridePropertyName("priority");
        RuleFor(c => c.Request.Notes).MaximumLength(Referral.NotesMaxLength).MultiLine().OverridePropertyName("notes");

        RuleFor(c => c.Request.Person).NotNull().OverridePropertyName("person");
        When(c => c.Request.Person is not null, () =>
        {
            RuleFor(c => c.Request.Person!.FirstName).NotEmpty().MaximumLength(NameMaxLength).SingleLine().OverridePropertyName("person.firstName");
            RuleFor(c => c.Request.Person!.LastName).MaximumLength(NameMaxLength).SingleLine().OverridePropertyName("person.lastName");
            RuleFor(c => c.Request.Person!.Phone).MaximumLength(PhoneMaxLength).PhoneNumber().OverridePropertyName("person.phone");
            RuleFor(c => c.Request.Person!.Email).MaximumLength(EmailMaxLength).Email().OverridePropertyName("person.email");
            RuleFor(c => c.Request.Person).Must(p => !string.IsNullOrWhiteSpace(p!.Phone) || !string.IsNullOrWhiteSpace(p.Email))
                .OverridePropertyName("person").WithMessage("Give at least one way to contact the person: phone or email.");
            RuleFor(c => c.Request.Person!.PreferredContactMethod).NotNull().IsInEnum().OverridePropertyName("person.preferredContactMethod");
            RuleFor(c => c.Request.Person!.PreferredContactMethod)
                .Must((c, method) => method == ContactMethod.Email ? !string.IsNullOrWhiteSpace(c.Request.Person!.Email) : !string.IsNullOrWhiteSpace(c.Request.Person!.Phone))
                .When(c => c.Request.Person!.PreferredContactMethod is not null)
                .OverridePropertyName("person.preferredContactMethod").WithMessage("The preferred contact method needs its contact point: a phone for phone or text, an email for email.");
            RuleFor(c => c.Request.Person!.PreferredContactTimes).MaximumLength(ShortTextMaxLength).SingleLine().OverridePropertyName("person.preferredContactTimes");
            RuleFor(c => c.Request.Person!.Language).MatchesPattern("^[a-z]{2}$", l => l.Length == 2 && l.All(char.IsAsciiLetterLower), "An ISO 639-1 code, e.g. en.")
                .OverridePropertyName("person.language");
            RuleFor(c => c.Request.Person!.AccessNeeds).MaximumLength(AccessNeedsMaxLength).MultiLine().OverridePropertyName("person.accessNeeds");
        });

        RuleFor(c => c.Request.Consent).NotNull().OverridePropertyName("consent");
        When(c => c.Request.Consent is not null, () =>
        {
            RuleFor(c => c.Request.Consent!.Given).NotNull().Equal(true).OverridePropertyName("consent.given")
                .WithMessage("A referral needs the person's consent: given must be true.");
            RuleFor(c => c.Request.Consent!.StatementVersion).NotEmpty().MaximumLength(64)
                .MatchesPattern("^[A-Za-z0-9._-]+$", v => v.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'), "Letters, digits, '.', '_' and '-', e.g. 2026-01.")
                .OverridePropertyName("consent.statementVersion");
            RuleFor(c => c.Request.Consent!.CapturedBy).NotEmpty().MaximumLength(NameMaxLength).SingleLine().OverridePropertyName("consent.capturedBy");
            RuleFor(c => c.Request.Consent!.CapturedAt).NotNull().WithinSupportedCalendar()
                .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("Consent cannot be captured in the future.")
                .OverridePropertyName("consent.capturedAt");
        });

        RuleFor(c => c.Request.Referrer).NotNull().OverridePropertyName("referrer");
        When(c => c.Request.Referrer is not null, () =>
        {
            RuleFor(c => c.Request.Referrer!.Name).NotEmpty().MaximumLength(NameMaxLength).SingleLine().OverridePropertyName("referrer.name");
            RuleFor(c => c.Request.Referrer!.Role).NotEmpty().MaximumLength(NameMaxLength).SingleLine().OverridePropertyName("referrer.role");
            RuleFor(c => c.Request.Referrer!.WorkPhone).MaximumLength(PhoneMaxLength).PhoneNumber().OverridePropertyName("referrer.workPhone");
            RuleFor(c => c.Request.Referrer!.WorkEmail).MaximumLength(EmailMaxLength).Email().OverridePropertyName("referrer.workEmail");
        });
    }
}

internal sealed class SubmitReferralHandler(ReferralsDbContext db, ISender sender, ICallerAccessor callers, PersonalDataProtector protector, TimeProvider clock)
    : ICommandHandler<SubmitReferralCommand, SubmittedReferral>
{
    public async ValueTask<SubmittedReferral> Handle(SubmitReferralCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var caller = callers.Caller;
        var referrer = await ReferringOrganisationAsync(caller, cancellationToken);
        var target = await sender.Send(new GetOrganisationSummaryBySlugQuery(request.Organisation!.Trim()), cancellationToken);
        if (target is null || target.Status != OrganisationStatus.Active)
        {
            throw new BusinessRuleException($"There is no active organisation '{request.Organisation.Trim()}' to refer to.");
        }

        if (target.Kind != OrganisationKind.Fellowship)
        {
            throw new BusinessRuleException($"Referrals go to fellowships; '{target.Slug}' is a {WireNames.Of(target.Kind)}.");
        }

        UkPostcodeDistricts.TryGetDistrict(request.Area, out var district);
        var settings = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == target.Id, cancellationToken);
        if (settings is not { AcceptsReferrals: true })
        {
            throw new BusinessRuleException($"'{target.Slug}' does not accept referrals.") { Extensions = { ["rule"] = "accepts-referrals" } };
        }

        if (!settings.Covers(district))
        {
            throw new BusinessRuleException($"'{target.Slug}' does not accept referrals for {district}.") { Extensions = { ["rule"] = "area" } };
        }

        var groupId = request.GroupId;
        if (request.MeetingId is { } meetingId)
        {
            var meeting = await sender.Send(new GetPublicMeetingQuery(meetingId), cancellationToken);
            if (meeting is null || meeting.OrganisationId != target.Id)
            {
                throw new BusinessRuleException($"meetingId: there is no public meeting {meetingId} of '{target.Slug}'.");
            }

            if (groupId is { } named && named != meeting.GroupId)
            {
                throw new BusinessRuleException("groupId: the meeting belongs to another group.");
            }

            groupId = meeting.GroupId;
        }
        else if (groupId is { } onlyGroup)
        {
            var groups = await sender.Send(new GetGroupSummariesQuery([onlyGroup]), cancellationToken);
            if (!groups.TryGetValue(onlyGroup, out var group) || !group.IsPublic || group.OrganisationId != target.Id)
            {
                throw new BusinessRuleException($"groupId: there is no public group {onlyGroup} of '{target.Slug}'.");
            }
        }

        var now = clock.GetUtcNow();
        var consent = request.Consent!;
        var submission = new ReferralSubmission(target.Id, groupId, request.MeetingId, district, request.Reason!.Value, request.Priority ?? ReferralPriority.Routine, consent.StatementVersion!, consent.CapturedAt!.Value);
        var referral = Referral.Submit(submission, await NewReferenceAsync(cancellationToken), referrer.Id, ReferralAccess.ActorOf(caller), now);
        referral.HoldPersonalData(protector.Seal(ToDetails(request), referral.Id));
        db.Referrals.Add(referral);
        db.Outbox.Add(new ReferralSubmittedIntegrationEvent(referral.Id, referral.ReferringOrganisationId, referral.ReceivingOrganisationId));
        return new SubmittedReferral(referral.Id, referral.Reference, referral.Status);
    }

    private async Task<OrganisationSummary> ReferringOrganisationAsync(Caller caller, CancellationToken cancellationToken)
    {
        var own = caller.OrganisationId ?? throw new ForbiddenException("Only a treatment service's referrers and organisation admins submit referrals.");
        var organisation = await sender.Send(new GetOrganisationSummaryByIdQuery(own), cancellationToken);
        if (organisation is not { Kind: OrganisationKind.TreatmentService, Status: OrganisationStatus.Active } || caller.Role is not (Role.Referrer or Role.OrgAdmin))
        {
            throw new ForbiddenException("Only a treatment service's referrers and organisation admins submit referrals.");
        }

        return organisation;
    }

    private async Task<string> NewReferenceAsync(CancellationToken cancellationToken)
    {
        // A billion references: a clash is rare, and checked rather than left to the unique index.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var reference = ReferralReference.New();
            if (!await db.Referrals.AnyAsync(r => r.Reference == reference, cancellationToken))
            {
                return reference;
            }
        }

        throw new InvalidOperationException("Could not find an unused referral reference.");
    }

    private static PersonalDetails ToDetails(SubmitReferralRequest request)
    {
        var person = request.Person!;
        var practitioner = request.Referrer!;
        return new PersonalDetails(
            new PersonDetails(person.FirstName!.Trim(), Trimmed(person.LastName), Trimmed(person.Phone), Trimmed(person.Email), person.PreferredContactMethod!.Value, Trimmed(person.PreferredContactTimes), person.Language, Trimmed(person.AccessNeeds)),
            Trimmed(request.Notes),
            new PractitionerDetails(practitioner.Name!.Trim(), practitioner.Role!.Trim(), Trimmed(practitioner.WorkPhone), Trimmed(practitioner.WorkEmail)),
            request.Consent!.CapturedBy!.Trim());
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal static class SubmitReferralEndpoint
{
    public static void Map(IEndpointRouteBuilder referrals) =>
        referrals.MapPost("/", async (SubmitReferralRequest request, ISender sender, CancellationToken cancellationToken) =>
            {
                var submitted = await sender.Send(new SubmitReferralCommand(request), cancellationToken);
                return TypedResults.Created($"/api/v1/referrals/{submitted.Id}", submitted);
            })
            .WithName("SubmitReferral")
            .WithSummary("Refer a person to a fellowship")
            .WithDescription("Referrers and organisation admins of a treatment service. Requires an Idempotency-Key: a retry with the same key and body returns the same referral, never a second. The person's details are encrypted at rest and shown only to the two organisations.")
            .RequireAuthorization()
            .RequireIdempotencyKey()
            .RequireRateLimiting(RateLimitPolicies.ReferralSubmissions)
            .CarriesSecret()
            .Produces<SubmittedReferral>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(ReferralExamples.Submit)
            .WithResponseExample(ReferralExamples.Submitted, StatusCodes.Status201Created);
}
