namespace RecoveryPlatform.SharedKernel.Paging;

/// <summary>The one envelope every list endpoint answers with.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems)
{
    public int TotalPages => PageSize == 0 ? 0 : (int)Math.Ceiling(TotalItems / (double)PageSize);
}

/// <summary>Paging limits shared by every list endpoint.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Pages deeper than this are refused: nobody reads them, and they cost a table scan.</summary>
    public const int MaxPage = 10_000;
}
