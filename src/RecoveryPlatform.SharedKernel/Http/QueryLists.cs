namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// A list query parameter's values, as every list parameter of the API takes them: repeated
/// (day=monday&amp;day=friday) or comma-separated (day=monday,friday), blanks dropped.
/// </summary>
public static class QueryLists
{
    public static IReadOnlyList<string> ValuesIn(string[]? raw) =>
        raw is null ? [] : [.. raw.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
