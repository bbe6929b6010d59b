using FluentValidation;

namespace RecoveryPlatform.SharedKernel.Paging;

/// <summary>Implemented by every list query so paging is validated the same way everywhere.</summary>
public interface IPagedQuery
{
    int Page { get; }

    int PageSize { get; }
}

public static class PageRequestValidation
{
    public static void ValidatePaging<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).InclusiveBetween(1, Paging.MaxPage).OverridePropertyName("page").WithName("page");
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, Paging.MaxPageSize).OverridePropertyName("pageSize").WithName("pageSize");
    }
}
