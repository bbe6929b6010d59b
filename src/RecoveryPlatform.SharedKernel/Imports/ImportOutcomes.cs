namespace RecoveryPlatform.SharedKernel.Imports;

/// <summary>What an import does, or would do in a dry run, with one record of the source.</summary>
public enum ImportAction
{
    Create,
    Update,
    Unchanged,
    Reject,
}

/// <summary>
/// Why a record of an import was refused, or what about it deserves a look: the field as the source names it, the
/// value (left out for contact fields, which may be personal data), and the rule in words.
/// </summary>
public sealed record ImportProblem(string Field, string? Value, string Rule);

public static class ImportProblems
{
    private const int ShownValueLength = 100;

    /// <summary>A validator's failures as an import reports them: under the API's field names, values cut short.</summary>
    public static IReadOnlyList<ImportProblem> From(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        [.. failures.Select(f => new ImportProblem(f.PropertyName, ValueText(f.AttemptedValue), f.ErrorMessage))];

    /// <summary>A value as a report shows it: text cut to 100 characters, numbers and dates invariant, anything else left out.</summary>
    public static string? ValueText(object? value) => value switch
    {
        null => null,
        string text => text.Length > ShownValueLength ? text[..ShownValueLength] + "…" : text,
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>Rules every module applies alike to the part of an import it owns.</summary>
public static class ImportRules
{
    /// <summary>Only an admin of the organisation (or a platform admin) imports into its directory.</summary>
    /// <exception cref="Errors.ForbiddenException">The caller is not.</exception>
    public static void EnsureAdminOf(Security.Caller caller, Guid organisationId)
    {
        if (!caller.HasRoleIn(organisationId, Security.Role.OrgAdmin))
        {
            throw new Errors.ForbiddenException("Only an admin of the organisation imports its directory.");
        }
    }

    /// <summary>A group's name as imports match it: "Tuesday  Night group" and "tuesday night Group" are one group.</summary>
    public static string GroupNameKey(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
