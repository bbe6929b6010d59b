using RecoveryPlatform.SharedKernel.Messaging;
using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using RecoveryPlatform.Modules.Venues.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Venues.Features.GetVenue;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.UpdateVenue;

internal sealed record UpdateVenueCommand(Guid Id, IfMatch? ExpectedVersion, VenueRequest Request) : VenueFieldsMessage(Request), ICommand<VersionedVenue>;

internal sealed class UpdateVenueValidator : AbstractValidator<UpdateVenueCommand>
{
    public UpdateVenueValidator() => this.ValidateVenueFields();
}

internal sealed class UpdateVenueHandler(VenuesDbContext db, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<UpdateVenueCommand, VersionedVenue>
{
    public async ValueTask<VersionedVenue> Handle(UpdateVenueCommand command, CancellationToken cancellationToken)
    {
        var venue = await VenueAccess.LoadEditableAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, venue.Version);
        venue.Update(command.ToDetails(), clock.GetUtcNow());
        db.Outbox.Add(new VenueChangedIntegrationEvent(venue.Id, venue.OrganisationId, ChangeAction.Updated));
        return VersionedVenue.From(venue);
    }
}

/// <summary>Archives a venue (<c>Archived</c> true) or brings it back (false). Doing either twice is harmless and announces nothing new.</summary>
internal sealed record ArchiveVenueCommand(Guid Id, bool Archived) : ICommand<VersionedVenue>;

internal sealed class ArchiveVenueHandler(VenuesDbContext db, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<ArchiveVenueCommand, VersionedVenue>
{
    public async ValueTask<VersionedVenue> Handle(ArchiveVenueCommand command, CancellationToken cancellationToken)
    {
        var venue = await VenueAccess.LoadEditableAsync(db, callers.Caller, command.Id, cancellationToken);
        if (venue.IsArchived != command.Archived)
        {
            if (command.Archived)
            {
                venue.Archive(clock.GetUtcNow());
            }
            else
            {
                venue.Unarchive(clock.GetUtcNow());
            }

            // Meetings at the venue show it again, or stop showing it, on every instance.
            db.Outbox.Add(new VenueChangedIntegrationEvent(venue.Id, venue.OrganisationId, ChangeAction.Updated));
        }

        return VersionedVenue.From(venue);
    }
}

internal static class UpdateVenueEndpoints
{
    public static void Map(IEndpointRouteBuilder venues)
    {
        venues.MapPut("/{id:guid}", (Guid id, VenueRequest request, HttpContext http) => VersionedResources.ReplaceAsync(id, request, http, Replace))
            .WithName("ReplaceVenue")
            .WithSummary("Replace a venue's details")
            .WithDescription("Editors and organisation admins of the owner, and platform admins. Requires If-Match with the current ETag.")
            .WithRequestExample(VenueRequest.From(CreateVenue.VenueExamples.Response))
            .WithVersionedWriteConventions<VenueResponse>(Policies.Editor);

        venues.MapPatch("/{id:guid}", (Guid id, JsonObject patch, HttpContext http) => VersionedResources.MergePatchAsync(id, patch, http, ReadWritable, Replace))
            .AcceptsMergePatch()
            .WithName("PatchVenue")
            .WithSummary("Change some of a venue's details")
            .WithDescription("JSON Merge Patch (RFC 7396): send only what changes; null clears an optional field. Validated like PUT.")
            .WithRequestExample(new { accessibility = new[] { "step-free-access", "hearing-loop" }, accessNotes = "Hearing loop in the main hall." })
            .WithVersionedWriteConventions<VenueResponse>(Policies.Editor);

        venues.MapPost("/{id:guid}/archive", async (Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
                await SetArchived(id, archived: true, sender, response, cancellationToken))
            .WithName("ArchiveVenue")
            .WithSummary("Archive a venue")
            .WithDescription(
                "Takes the venue out of lists while keeping it (a venue still used by meetings cannot be deleted, but can be archived); " +
                "its meetings are then shown without it. Archiving twice is harmless. POST /unarchive brings it back.")
            .WithArchiveConventions();

        venues.MapPost("/{id:guid}/unarchive", async (Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
                await SetArchived(id, archived: false, sender, response, cancellationToken))
            .WithName("UnarchiveVenue")
            .WithSummary("Bring an archived venue back")
            .WithDescription("Returns the venue to lists, and to its meetings' details and search results. Unarchiving a venue that is not archived is harmless.")
            .WithArchiveConventions();
    }

    private static async ValueTask<Tagged<VenueResponse>> Replace(Guid id, VenueRequest request, IfMatch expected, ISender sender, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(new UpdateVenueCommand(id, expected, request), cancellationToken);
        return new Tagged<VenueResponse>(updated.Venue, ConcurrencyHeaders.ETagFor(updated.Version));
    }

    private static async ValueTask<VenueRequest> ReadWritable(Guid id, ISender sender, CancellationToken cancellationToken) =>
        VenueRequest.From((await sender.Send(new GetVenueQuery(id), cancellationToken)).Venue);

    private static async Task<Ok<VenueResponse>> SetArchived(Guid id, bool archived, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var changed = await sender.Send(new ArchiveVenueCommand(id, archived), cancellationToken);
        ConcurrencyHeaders.SetETag(response, changed.Version);
        return TypedResults.Ok(changed.Venue);
    }

    private static RouteHandlerBuilder WithArchiveConventions(this RouteHandlerBuilder builder) =>
        builder
            .RequireAuthorization(Policies.Editor)
            .Produces<VenueResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
