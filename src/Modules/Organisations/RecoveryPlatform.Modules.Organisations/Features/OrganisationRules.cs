using FluentValidation;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.Modules.Organisations.Domain;

namespace RecoveryPlatform.Modules.Organisations.Features;

/// <summary>Field rules shared by create, replace and patch, so every write path validates alike.</summary>
internal static class OrganisationRules
{
    public const string SlugPattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

    public static IRuleBuilderOptions<T, string?> ValidSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .MaximumLength(Organisation.SlugMaxLength)
            .Matches(SlugPattern).WithMessage("Use lower-case letters, digits and single hyphens, e.g. 'aa-great-britain'.");

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(Organisation.NameMaxLength);

    public static IRuleBuilderOptions<T, string?> ValidWebsite<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Organisation.WebsiteMaxLength)
            .AbsoluteHttpUrl();

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Organisation.EmailMaxLength).EmailAddress();

    public static IRuleBuilderOptions<T, string?> ValidDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Organisation.DescriptionMaxLength);

}
