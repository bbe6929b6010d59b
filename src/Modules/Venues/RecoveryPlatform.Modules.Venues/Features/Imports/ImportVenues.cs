using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Features.CreateVenue;
using RecoveryPlatform.Modules.Venues.Features.NearbyDuplicates;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.Imports;

internal sealed class ImportVenuesHandler(VenuesDbContext db, IUnitOfWork<VenuesDbContext> unitOfWork, ImportRunMemory<ImportVenuesHandler.KnownPlaces> runs, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<ImportVenuesCommand, IReadOnlyList<ImportedVenueOutcome>>
{
    private static readonly CreateVenueValidator Validator = new();

    public async ValueTask<IReadOnlyList<ImportedVenueOutcome>> Handle(ImportVenuesCommand command, CancellationToken cancellationToken)
    {
        ImportRules.EnsureAdminOf(callers.Caller, command.OrganisationId);

        var now = clock.GetUtcNow();
        var known = await runs.ForAsync(command.Run, command.OrganisationId, async () =>
        {
            var places = new KnownPlaces();
            foreach (var venue in await db.Venues.AsNoTracking().Where(v => v.OrganisationId == command.OrganisationId && v.ArchivedAt == null).ToListAsync(cancellationToken))
            {
                places.Add(venue);
            }

            return places;
        });

        var outcomes = new List<ImportedVenueOutcome>(command.Venues.Count);
        var slice = new ImportSlices(unitOfWork);
        foreach (var place in command.Venues)
        {
            await slice.SaveWhenFullAsync(cancellationToken);
            var request = new CreateVenueRequest(
                null, place.Name, place.AddressLine1, null, place.Town, place.Region, place.Postcode, place.CountryCode,
                place.Latitude, place.Longitude, place.Directions, place.Accessibility, null, place.CoordinatesApproximate);
            var validation = Validator.Validate(new CreateVenueCommand(request));
            if (!validation.IsValid)
            {
                outcomes.Add(new ImportedVenueOutcome(place.Key, null, ImportAction.Reject, ImportProblems.From(validation.Errors)));
                continue;
            }

            var details = request.ToDetails();
            if (known.SamePlaceAs(details) is { } match)
            {
                outcomes.Add(new ImportedVenueOutcome(place.Key, match, ImportAction.Unchanged, []));
                continue;
            }

            var created = Venue.Create(command.OrganisationId, details, now);
            slice.Created(created);
            db.Outbox.Add(new VenueChangedIntegrationEvent(created.Id, created.OrganisationId, ChangeAction.Created));
            known.Add(created);
            outcomes.Add(new ImportedVenueOutcome(place.Key, created.Id, ImportAction.Create, []));
        }

        await slice.SaveAsync(cancellationToken);
        return outcomes;
    }


    /// <summary>
    /// The organisation's venues, found by address and postcode, or by the nearby-duplicates rule through a grid of
    /// cells about a kilometre across (so a large import compares each place with a handful of venues, not all of them).
    /// Kept through a run of an import, with the venues its earlier slices created.
    /// </summary>
    internal sealed class KnownPlaces
    {
        private const double CellDegrees = 0.01;
        private readonly Dictionary<string, Guid> _byAddress = new(StringComparer.Ordinal);
        private readonly Dictionary<(int, int), List<(Guid Id, string Name, double Latitude, double Longitude)>> _cells = [];

        public void Add(Venue venue)
        {
            if (AddressKey(venue.AddressLine1, venue.Postcode) is { } key)
            {
                _byAddress.TryAdd(key, venue.Id);
            }

            var cell = CellOf(venue.Latitude, venue.Longitude);
            if (!_cells.TryGetValue(cell, out var list))
            {
                _cells[cell] = list = [];
            }

            list.Add((venue.Id, venue.Name, venue.Latitude, venue.Longitude));
        }

        public Guid? SamePlaceAs(VenueDetails details)
        {
            if (AddressKey(details.AddressLine1, details.Postcode) is { } key && _byAddress.TryGetValue(key, out var id))
            {
                return id;
            }

            var (row, column) = CellOf(details.Latitude, details.Longitude);
            for (var r = row - 1; r <= row + 1; r++)
            {
                for (var c = column - 1; c <= column + 1; c++)
                {
                    if (!_cells.TryGetValue((r, c), out var list))
                    {
                        continue;
                    }

                    foreach (var venue in list)
                    {
                        if (GeoBox.DistanceMetres(details.Latitude, details.Longitude, venue.Latitude, venue.Longitude) <= FindNearbyDuplicatesHandler.RadiusMetres
                            && NameSimilarity.Of(details.Name ?? Venue.DerivedName(details), venue.Name) >= FindNearbyDuplicatesHandler.MinimumSimilarity)
                        {
                            return venue.Id;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>Letters and digits of the street address and postcode, lower case: "12 High St." and "12 high st" are one place.</summary>
        private static string? AddressKey(string? addressLine, string? postcode)
        {
            if (string.IsNullOrWhiteSpace(addressLine))
            {
                return null;
            }

            var letters = (addressLine + "|" + postcode).Where(ch => char.IsLetterOrDigit(ch) || ch == '|').Select(char.ToLowerInvariant);
            return string.Concat(letters);
        }

        private static (int, int) CellOf(double latitude, double longitude) =>
            ((int)Math.Floor(latitude / CellDegrees), (int)Math.Floor(longitude / CellDegrees));
    }
}
