using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.SharedKernel.Http;
using FhirTask = Hl7.Fhir.Model.Task;

namespace RecoveryPlatform.Modules.Referrals.Features.Fhir;

/// <summary>The referral as HL7 FHIR R4 JSON: a Bundle of its ServiceRequest and Task (docs/referrals.md maps every field).</summary>
internal sealed record GetReferralFhirQuery(Guid Id) : IQuery<string>;

/// <summary>
/// Builds the FHIR view with the Firely SDK. It carries no personal data: the person is the referral's
/// reference (an identifier, no name), the organisations are named, and notes stay out; so it needs no purpose.
/// </summary>
internal sealed class GetReferralFhirHandler(ReferralAccess access) : IQueryHandler<GetReferralFhirQuery, string>
{
    public const string ContentType = "application/fhir+json";
    public const string CodeSystemBase = "urn:recoveryplatform:codesystem:";
    public const string ReferenceSystem = "urn:recoveryplatform:referral-reference";
    public const string OrganisationSystem = "urn:recoveryplatform:organisation";

    public async ValueTask<string> Handle(GetReferralFhirQuery query, CancellationToken cancellationToken)
    {
        var (referral, _) = await access.FindAsync(query.Id, withHistory: false, cancellationToken);
        var organisations = await access.PartiesOfAsync(referral, cancellationToken);
        return new FhirJsonSerializer().SerializeToString(ToBundle(referral, organisations));
    }

    public static Bundle ToBundle(Referral referral, IReadOnlyDictionary<Guid, OrganisationSummary> organisations)
    {
        var serviceRequestUrl = $"urn:uuid:{referral.Id}";
        var taskUrl = $"urn:uuid:{TaskIdOf(referral.Id)}";
        var requester = Organisation(referral.ReferringOrganisationId, organisations);
        var performer = Organisation(referral.ReceivingOrganisationId, organisations);
        var identifier = new Identifier(ReferenceSystem, referral.Reference);
        var priority = referral.Priority == ReferralPriority.Urgent ? RequestPriority.Urgent : RequestPriority.Routine;

        var serviceRequest = new ServiceRequest
        {
            Identifier = [identifier],
            Status = ServiceRequestStatusOf(referral.Status),
            Intent = RequestIntent.Order,
            Priority = priority,
            Code = Concept("referral-kind", "mutual-aid", "Referral to mutual aid"),
            Subject = new ResourceReference { Identifier = identifier, Display = $"The person referred ({referral.Reference})" },
            AuthoredOn = referral.SubmittedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Requester = requester,
            Performer = [performer],
            ReasonCode = [Concept("referral-reason", WireNames.Of(referral.Reason), null)],

            // R4's ServiceRequest has no consent element; the consent is supporting information.
            SupportingInfo =
            [
                new ResourceReference
                {
                    Type = "Consent",
                    Identifier = new Identifier($"{CodeSystemBase}consent-statement", referral.ConsentStatementVersion),
                    Display = $"Consent given {referral.ConsentCapturedAt:yyyy-MM-dd} to statement {referral.ConsentStatementVersion}",
                },
            ],
        };

        var task = new FhirTask
        {
            Identifier = [identifier],
            Status = TaskStatusOf(referral.Status),
            Intent = FhirTask.TaskIntent.Order,
            Priority = priority,
            Focus = new ResourceReference(serviceRequestUrl),
            BasedOn = [new ResourceReference(serviceRequestUrl)],
            BusinessStatus = Concept("referral-status", WireNames.Of(referral.Status), null),
            AuthoredOn = referral.SubmittedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            LastModified = referral.UpdatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Requester = requester,
            Owner = performer,
        };

        if (referral.StatusReason is { } reason && referral.Status != ReferralStatus.Completed)
        {
            task.StatusReason = Concept($"{WireNames.Of(referral.Status)}-reason", reason, null);
        }

        if (referral.Status == ReferralStatus.Completed && referral.StatusReason is { } outcome)
        {
            task.Output =
            [
                new FhirTask.OutputComponent { Type = Concept("task-output", "outcome", "Referral outcome"), Value = Concept("referral-outcome", outcome, null) },
            ];
        }

        return new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Timestamp = referral.UpdatedAt,
            Identifier = new Identifier(ReferenceSystem, referral.Reference),
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = serviceRequestUrl, Resource = serviceRequest },
                new Bundle.EntryComponent { FullUrl = taskUrl, Resource = task },
            ],
        };
    }

    /// <summary>Our statuses are FHIR's Task statuses, one to one.</summary>
    public static FhirTask.TaskStatus TaskStatusOf(ReferralStatus status) => status switch
    {
        ReferralStatus.Requested => FhirTask.TaskStatus.Requested,
        ReferralStatus.Received => FhirTask.TaskStatus.Received,
        ReferralStatus.Accepted => FhirTask.TaskStatus.Accepted,
        ReferralStatus.Rejected => FhirTask.TaskStatus.Rejected,
        ReferralStatus.InProgress => FhirTask.TaskStatus.InProgress,
        ReferralStatus.Completed => FhirTask.TaskStatus.Completed,
        ReferralStatus.Failed => FhirTask.TaskStatus.Failed,
        ReferralStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
        ReferralStatus.EnteredInError => FhirTask.TaskStatus.EnteredInError,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The request stays active while the task is open; it is completed, revoked (closed without completing) or entered in error.</summary>
    public static RequestStatus ServiceRequestStatusOf(ReferralStatus status) => status switch
    {
        ReferralStatus.Completed => RequestStatus.Completed,
        ReferralStatus.Rejected or ReferralStatus.Failed or ReferralStatus.Cancelled => RequestStatus.Revoked,
        ReferralStatus.EnteredInError => RequestStatus.EnteredInError,
        _ => RequestStatus.Active,
    };

    /// <summary>A stable id for the Task, derived from the referral's (the two are one record here).</summary>
    private static Guid TaskIdOf(Guid referralId)
    {
        Span<byte> bytes = stackalloc byte[16];
        referralId.TryWriteBytes(bytes);
        bytes[15] ^= 0xFF;
        return new Guid(bytes);
    }

    private static ResourceReference Organisation(Guid id, IReadOnlyDictionary<Guid, OrganisationSummary> organisations) =>
        new()
        {
            Type = "Organization",
            Identifier = new Identifier(OrganisationSystem, organisations.TryGetValue(id, out var o) ? o.Slug : id.ToString()),
            Display = organisations.TryGetValue(id, out var named) ? named.Name : null,
        };

    private static CodeableConcept Concept(string system, string code, string? text) =>
        new() { Coding = [new Coding($"{CodeSystemBase}{system}", code)], Text = text };
}

internal static class ReferralFhirEndpoint
{
    public static void Map(IEndpointRouteBuilder referrals) =>
        referrals.MapGet("/{id:guid}/fhir", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                Results.Text(await sender.Send(new GetReferralFhirQuery(id), cancellationToken), GetReferralFhirHandler.ContentType))
            .WithName("GetReferralFhir")
            .WithSummary("The referral as HL7 FHIR R4: a Bundle of its ServiceRequest and Task")
            .WithDescription("For the two organisations, read-only. Task.status is the referral's status one to one; the person appears only as the referral's reference. Served as application/fhir+json.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<string>(StatusCodes.Status200OK, GetReferralFhirHandler.ContentType)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
