using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Webhooks.Contracts;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.Modules.Webhooks.Signing;
using RecoveryPlatform.Modules.Webhooks.Targets;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Webhooks.Features.CreateWebhook;

/// <summary>A new webhook subscription.</summary>
/// <param name="Organisation">Slug of the organisation whose events to receive. Defaults to your own; platform admins must name one.</param>
/// <param name="Url">Where deliveries are POSTed: https only, absolute, at most 2000 characters, and its host must resolve only to public addresses.</param>
/// <param name="Events">Event types, 1 to 20 of: meeting.created, meeting.updated, meeting.deleted, group.created, group.updated, group.deleted, venue.created, venue.updated, venue.deleted, referral.received, referral.status-changed. Referral events only for the admins of the organisation itself.</param>
internal sealed record CreateWebhookRequest(string? Organisation, string? Url, IReadOnlyList<string>? Events);

internal sealed record CreateWebhookCommand(CreateWebhookRequest Request) : ICommand<CreatedWebhookResponse>;

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public const int MaxEvents = 20;

    public CreateWebhookValidator(WebhookTargets targets)
    {
        RuleFor(c => c.Request.Organisation).MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(c => c.Request.Url).NotEmpty()
            .Must(url => WebhookTargets.IsWithinLength(url!)).WithMessage(WebhookTargets.TooLong)
            .Must(url => WebhookTargets.IsAbsolute(url!)).WithMessage(WebhookTargets.AbsoluteOnly)
            .Must(url => targets.IsHttps(url!)).WithMessage(WebhookTargets.HttpsOnly)
            .Must(url => WebhookTargets.HasNoCredentials(url!)).WithMessage(WebhookTargets.NoCredentials)
            .OverridePropertyName("url");
        RuleFor(c => c.Request.Events).NotEmpty()
            .Must(events => events!.Count <= MaxEvents).WithMessage($"At most {MaxEvents} event types.")
            .Must(events => events!.All(e => e is not null && WebhookEventTypes.All.Contains(e)))
            .WithMessage(c => $"Unknown event type '{c?.Request.Events?.FirstOrDefault(e => e is null || !WebhookEventTypes.All.Contains(e))}'; the types are {string.Join(", ", WebhookEventTypes.All)}.")
            .OverridePropertyName("events");
    }
}

internal sealed class CreateWebhookHandler(WebhooksDbContext db, ISender sender, ICallerAccessor callers, WebhookTargets targets, SecretProtector secrets, TimeProvider clock)
    : ICommandHandler<CreateWebhookCommand, CreatedWebhookResponse>
{
    public async ValueTask<CreatedWebhookResponse> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var request = command.Request;
        var organisation = await TargetAsync(caller, request.Organisation, cancellationToken);
        var events = request.Events!;

        // An organisation's own admins hear everything of it; anyone else, the public part of its directory.
        var isOwnAdmin = caller.Role == Role.OrgAdmin && caller.OrganisationId == organisation.Id;
        if (!isOwnAdmin && events.Any(WebhookEventTypes.Referral.Contains))
        {
            throw new ForbiddenException("Referral events go only to the organisation admins of a party to the referral.");
        }

        if (!isOwnAdmin && !caller.IsPlatformAdmin && organisation is not { Kind: OrganisationKind.Fellowship, Status: OrganisationStatus.Active })
        {
            // Only an active fellowship's directory is public: to everyone else this organisation has none.
            throw new NotFoundException("Organisation", organisation.Slug);
        }

        var url = new Uri(request.Url!);
        if (await targets.AddressRefusalAsync(url, cancellationToken) is { } refusal)
        {
            throw new ValidationException([new ValidationFailure("url", refusal)]);
        }

        var id = Guid.CreateVersion7();
        var secret = WebhookSignature.NewSecret();
        var subscription = WebhookSubscription.Create(
            id,
            organisation.Id,
            caller.IsPlatformAdmin ? null : caller.OrganisationId,
            caller.CredentialId ?? "unknown",
            isOwnAdmin ? WebhookAudience.Organisation : WebhookAudience.Public,
            request.Url!,
            events,
            secrets.Seal(secret, id),
            clock.GetUtcNow());
        db.Subscriptions.Add(subscription);
        return new CreatedWebhookResponse(WebhookResponse.From(subscription, organisation.Slug), secret);
    }

    private async Task<OrganisationSummary> TargetAsync(Caller caller, string? slug, CancellationToken cancellationToken)
    {
        if (slug is not null)
        {
            return await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken) ?? throw new NotFoundException("Organisation", slug);
        }

        if (caller.OrganisationId is not { } own)
        {
            throw new ValidationException([new ValidationFailure("organisation", "Required for platform administrators, who belong to no organisation.")]);
        }

        return await sender.Send(new GetOrganisationSummaryByIdQuery(own), cancellationToken) ?? throw new NotFoundException("Organisation", own);
    }
}

internal static class CreateWebhookEndpoint
{
    public static void Map(IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/", async (CreateWebhookRequest request, ISender sender, CancellationToken cancellationToken) =>
            {
                var created = await sender.Send(new CreateWebhookCommand(request), cancellationToken);
                return TypedResults.Created($"/api/v1/webhooks/{created.Webhook.Id}", created);
            })
            .WithName("CreateWebhook")
            .CarriesSecret()
            .WithSummary("Subscribe a URL to events")
            .WithDescription(
                "Any API key or token. An organisation's own admins may subscribe to its directory events and to referral events for the referrals it is a party to; "
                + "anyone else (a reader app, say) to the public directory events of any active fellowship. Deliveries are signed POSTs of ids only (see docs/webhooks.md). "
                + "The url must be https only, absolute, at most 2000 characters, and resolve only to public addresses: loopback, private, shared, link-local (metadata) and other non-public ranges are refused with 400, "
                + "at subscription and again at every delivery. The response carries the signing secret once; store it, it cannot be shown again (rotate it with POST /api/v1/webhooks/{id}/secret).")
            .RequireAuthorization()
            .Produces<CreatedWebhookResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithRequestExample(new CreateWebhookRequest("leeds-intergroup", "https://hooks.example.org/recovery", ["meeting.created", "meeting.updated", "meeting.deleted"]))
            .WithResponseExample(new CreatedWebhookResponse(WebhookExamples.Response, WebhookExamples.Secret), StatusCodes.Status201Created);
}
