using Mediator;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Groups.Contracts;

/// <summary>A group an import names: matched by name to a group of the organisation, or created.</summary>
/// <param name="Key">The importer's key for it, returned with its outcome.</param>
/// <param name="Name">The group's name as the source gives it.</param>
/// <param name="Description">The source's notes about the group.</param>
/// <param name="Website">The group's website.</param>
/// <param name="ServiceAreas">Regions and neighbourhoods the source places its meetings in.</param>
/// <param name="ServiceBody">The area service body the source puts the group in (Meeting Guide <c>district</c>).</param>
/// <param name="CountryCode">ISO 3166 alpha-2 of the group's meetings, for reading phone numbers; null for GB.</param>
public sealed record ImportedGroup(string Key, string Name, string? Description, string? Website, IReadOnlyList<string> ServiceAreas, string? ServiceBody = null, string? CountryCode = null);

/// <param name="Key">The importer's key.</param>
/// <param name="GroupId">The group the key stands for; null when rejected.</param>
/// <param name="Action">Created, updated (new service areas or a service body it lacked), unchanged, or rejected.</param>
/// <param name="Problems">Why it was rejected.</param>
public sealed record ImportedGroupOutcome(string Key, Guid? GroupId, ImportAction Action, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Creates the groups of an import that the organisation does not have yet, matched by name without regard to case
/// or spacing, and adds service areas the import names to the groups it matches (including groups an earlier slice of
/// the same run created). Bulk: sent once per slice of an import, inside its transaction. The caller must be an admin
/// of the organisation.
/// </summary>
/// <param name="OrganisationId">The organisation importing.</param>
/// <param name="Run">One run of the import: its slices share the groups read and created so far.</param>
/// <param name="Groups">This slice's groups.</param>
public sealed record ImportGroupsCommand(Guid OrganisationId, Guid Run, IReadOnlyList<ImportedGroup> Groups) : ICommand<IReadOnlyList<ImportedGroupOutcome>>;
