using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Authentication;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

/// <summary>A new API key for a machine of this organisation.</summary>
/// <param name="Name">What the key is for, e.g. "Meeting finder app" (shown in lists).</param>
/// <param name="Role">The role the key acts with: org-admin, editor, reader (fellowships also referral-coordinator; treatment services referrer). Platform-wide keys cannot be issued through the API.</param>
/// <param name="ExpiresAt">Optional expiry, in the future and before 3000; after it the key stops working.</param>
internal sealed record CreateApiKeyRequest(string? Name, Role? Role, DateTimeOffset? ExpiresAt);

/// <summary>A key as lists show it: never the secret.</summary>
internal sealed record ApiKeyResponse(Guid Id, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKey key) => new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.LastUsedAt);
}

/// <summary>The new key, with its secret: shown this once and never again.</summary>
internal sealed record CreatedApiKeyResponse(Guid Id, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key)
{
    public static CreatedApiKeyResponse From(ApiKey key, string secret) => new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.ExpiresAt, secret);
}

internal sealed record CreateApiKeyCommand(string OrganisationSlug, CreateApiKeyRequest Request) : ICommand<CreatedApiKeyResponse>;

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Request.Name).ValidKeyName().OverridePropertyName("name");
        RuleFor(c => c.Request.Role).NotNull().NotEqual(Role.PlatformAdmin).OverridePropertyName("role").WithMessage("Platform-wide keys cannot be issued through the API.");
        RuleFor(c => c.Request.ExpiresAt).Must(expiry => expiry is null || expiry > clock.GetUtcNow()).WithMessage("Must be in the future.")
            .WithinSupportedCalendar().OverridePropertyName("expiresAt");
    }
}

internal sealed class CreateApiKeyHandler(OrganisationsDbContext db, ApiKeyIssuer issuer, ICallerAccessor callers)
    : ICommandHandler<CreateApiKeyCommand, CreatedApiKeyResponse>
{
    public async ValueTask<CreatedApiKeyResponse> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAccess.LoadAdministeredAsync(db, callers.Caller, command.OrganisationSlug, cancellationToken);
        return issuer.IssueFor(organisation, command.Request.Name!, command.Request.Role!.Value, command.Request.ExpiresAt);
    }
}

internal sealed record ListApiKeysQuery(string OrganisationSlug, int Page, int PageSize) : IQuery<Tagged<PagedList<ApiKeyResponse>>>, IPagedQuery;

internal sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>
{
    public ListApiKeysValidator() => this.ValidatePaging();
}

internal sealed class ListApiKeysHandler(OrganisationsDbContext db, ICallerAccessor callers) : IQueryHandler<ListApiKeysQuery, Tagged<PagedList<ApiKeyResponse>>>
{
    public async ValueTask<Tagged<PagedList<ApiKeyResponse>>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAccess.LoadAdministeredAsync(db, callers.Caller, query.OrganisationSlug, cancellationToken);
        var keys = db.ApiKeys.AsNoTracking().Where(k => k.OrganisationId == organisation.Id);
        var total = await keys.CountAsync(cancellationToken);
        var page = await keys.OrderBy(k => k.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        var list = new PagedList<ApiKeyResponse>(page.Select(ApiKeyResponse.From).ToList(), query.Page, query.PageSize, total);

        // Keys have no version stamp (revocation and last use change them): the tag takes every field shown.
        var tag = new ETagBuilder().AddPage(list);
        foreach (var key in list.Items)
        {
            tag.Add(key.Id).Add(key.Name).Add((int)key.Role).Add(key.Prefix).Add(key.CreatedAt).Add(key.ExpiresAt).Add(key.RevokedAt).Add(key.LastUsedAt);
        }

        return new Tagged<PagedList<ApiKeyResponse>>(list, tag.Build());
    }
}

internal sealed record RevokeApiKeyCommand(string OrganisationSlug, Guid KeyId) : ICommand<Unit>;

internal sealed class RevokeApiKeyHandler(OrganisationsDbContext db, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<RevokeApiKeyCommand, Unit>
{
    public async ValueTask<Unit> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAccess.LoadAdministeredAsync(db, callers.Caller, command.OrganisationSlug, cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.KeyId && k.OrganisationId == organisation.Id, cancellationToken)
            ?? throw new NotFoundException("API key", command.KeyId);
        key.Revoke(clock.GetUtcNow());

        // Every instance's key cache follows the change log: the key stops working everywhere once this commits.
        db.Outbox.Add(new ApiKeyRevoked(key.Id, organisation.Id));
        return Unit.Value;
    }
}

internal static class ApiKeyEndpoints
{
    public static void Map(IEndpointRouteBuilder organisations)
    {
        var keys = organisations.MapGroup("/{slug}/api-keys").WithTags("API keys");

        keys.MapPost("/", async (string slug, CreateApiKeyRequest request, ISender sender, CancellationToken cancellationToken) =>
            {
                var created = await sender.Send(new CreateApiKeyCommand(slug, request), cancellationToken);
                return TypedResults.Created($"/api/v1/organisations/{slug}/api-keys/{created.Id}", created);
            })
            .WithName("CreateApiKey")
            .CarriesSecret()
            .WithSummary("Issue an API key")
            .WithDescription("Organisation admins and platform admins. The response carries the secret key once; store it, it cannot be shown again.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(new CreateApiKeyRequest("Leeds meeting finder", Role.Reader, null))
            .WithResponseExample(
                new CreatedApiKeyResponse(
                    Guid.Parse("0193a0b0-0000-7000-8000-0000000000c1"),
                    "Leeds meeting finder",
                    Role.Reader,
                    "rpk_7Hq2",
                    new DateTimeOffset(2026, 11, 26, 18, 40, 0, TimeSpan.Zero),
                    null,
                    "rpk_7Hq2xN4pLw9sKd3mVb8tRz6yFc1jGa5e"),
                StatusCodes.Status201Created);

        keys.MapGet("/", async (string slug, int? page, int? pageSize, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new ListApiKeysQuery(slug, page ?? 1, pageSize ?? Paging.DefaultPageSize), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListApiKeys")
            .WithSummary("List an organisation's API keys")
            .WithDescription("Prefixes, roles, expiry, revocation and last use; never the secrets.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<PagedList<ApiKeyResponse>>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        keys.MapDelete("/{keyId:guid}", async (string slug, Guid keyId, ISender sender, CancellationToken cancellationToken) =>
            {
                await sender.Send(new RevokeApiKeyCommand(slug, keyId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once. Revoking an already revoked key succeeds.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
    }
}
