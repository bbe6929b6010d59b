using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.Modules.Webhooks.Signing;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Webhooks.Features.ManageWebhooks;

internal sealed record ListWebhooksQuery(int Page, int PageSize) : IQuery<PagedList<WebhookResponse>>, IPagedQuery;

internal sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator() => this.ValidatePaging();
}

internal sealed class ListWebhooksHandler(WebhooksDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<ListWebhooksQuery, PagedList<WebhookResponse>>
{
    public async ValueTask<PagedList<WebhookResponse>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var managed = WebhookAccess.Managed(db.Subscriptions.AsNoTracking(), callers.Caller);
        var total = await managed.CountAsync(cancellationToken);
        var page = await managed.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var organisations = await sender.Send(new GetOrganisationSummariesQuery(page.Select(s => s.OrganisationId).Distinct().ToList()), cancellationToken);
        var items = page.Select(s => WebhookResponse.From(s, organisations.GetValueOrDefault(s.OrganisationId)?.Slug)).ToList();
        return new PagedList<WebhookResponse>(items, query.Page, query.PageSize, total);
    }
}

internal sealed record GetWebhookQuery(Guid Id) : IQuery<WebhookResponse>;

internal sealed class GetWebhookHandler(WebhooksDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<GetWebhookQuery, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(GetWebhookQuery query, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, query.Id, cancellationToken);
        return WebhookResponse.From(subscription, await WebhookAccess.SlugOfAsync(sender, subscription.OrganisationId, cancellationToken));
    }
}

internal sealed record DeleteWebhookCommand(Guid Id) : ICommand<Unit>;

internal sealed class DeleteWebhookHandler(WebhooksDbContext db, ICallerAccessor callers) : ICommandHandler<DeleteWebhookCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, command.Id, cancellationToken);

        // Its deliveries go with it: nothing more is sent, and its history is of no use to anyone else.
        await db.Deliveries.Where(d => d.SubscriptionId == subscription.Id).ExecuteDeleteAsync(cancellationToken);
        db.Subscriptions.Remove(subscription);
        return Unit.Value;
    }
}

internal sealed record RotateWebhookSecretCommand(Guid Id) : ICommand<WebhookSecretResponse>;

internal sealed class RotateWebhookSecretHandler(WebhooksDbContext db, ICallerAccessor callers, SecretProtector secrets, TimeProvider clock) : ICommandHandler<RotateWebhookSecretCommand, WebhookSecretResponse>
{
    public async ValueTask<WebhookSecretResponse> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, command.Id, cancellationToken);
        var secret = WebhookSignature.NewSecret();
        subscription.ReplaceSecret(secrets.Seal(secret, subscription.Id), clock.GetUtcNow());
        return new WebhookSecretResponse(subscription.Id, secret);
    }
}

internal sealed record EnableWebhookCommand(Guid Id) : ICommand<WebhookResponse>;

internal sealed class EnableWebhookHandler(WebhooksDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<EnableWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(EnableWebhookCommand command, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, command.Id, cancellationToken);
        if (subscription.Status == WebhookStatus.Disabled)
        {
            subscription.Enable(clock.GetUtcNow());
        }

        return WebhookResponse.From(subscription, await WebhookAccess.SlugOfAsync(sender, subscription.OrganisationId, cancellationToken));
    }
}

internal static class ManageWebhooksEndpoints
{
    private const string Managers = "The credential that subscribed, its organisation's admins, and platform admins; to anyone else a subscription does not exist (404).";

    public static void Map(IEndpointRouteBuilder webhooks)
    {
        webhooks.MapGet("/", async (int? page, int? pageSize, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListWebhooksQuery(page ?? 1, pageSize ?? Paging.DefaultPageSize), cancellationToken)))
            .WithName("ListWebhooks")
            .WithSummary("List the webhook subscriptions you manage")
            .WithDescription("Those your credential made, and, for organisation admins, every one your organisation's credentials made; platform admins see all. Oldest first. Never the secrets.")
            .RequireAuthorization()
            .Produces<PagedList<WebhookResponse>>()
            .ProducesAuthProblems()
            .ProducesCommonProblems()
            .WithResponseExample(new PagedList<WebhookResponse>([WebhookExamples.Response], 1, 20, 1));

        webhooks.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetWebhookQuery(id), cancellationToken)))
            .WithName("GetWebhook")
            .WithSummary("Get a webhook subscription")
            .WithDescription($"{Managers} Shows whether it is active and, when disabled, why.")
            .RequireAuthorization()
            .Produces<WebhookResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithResponseExample(WebhookExamples.Response);

        webhooks.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            {
                await sender.Send(new DeleteWebhookCommand(id), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook subscription")
            .WithDescription($"{Managers} Nothing more is sent to it, pending retries included.")
            .RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        webhooks.MapPost("/{id:guid}/secret", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new RotateWebhookSecretCommand(id), cancellationToken)))
            .WithName("RotateWebhookSecret")
            .CarriesSecret()
            .WithSummary("Replace a subscription's signing secret")
            .WithDescription($"{Managers} The new secret is shown once, here, and signs every attempt from now on (retries of earlier deliveries included); the old one stops at once.")
            .RequireAuthorization()
            .Produces<WebhookSecretResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithResponseExample(new WebhookSecretResponse(WebhookExamples.Id, WebhookExamples.Secret));

        webhooks.MapPost("/{id:guid}/enable", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new EnableWebhookCommand(id), cancellationToken)))
            .WithName("EnableWebhook")
            .WithSummary("Re-enable a disabled subscription")
            .WithDescription($"{Managers} Clears the reason and the failure count; deliveries still pending go out again, in order. Events that happened while it was disabled were not queued for it (read them from GET /api/v1/changes). An active subscription is returned unchanged.")
            .RequireAuthorization()
            .Produces<WebhookResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithResponseExample(WebhookExamples.Response);
    }
}
