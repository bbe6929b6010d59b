using FluentValidation;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// The dates and instants the API accepts: 1900-01-01 to 2999-12-31 (instants in UTC). A directory of
/// meetings has no use for others, and every computation on an accepted value (a week either side of a
/// search instant, a default 28-day window, a year of occurrences) then stays far inside what
/// <see cref="DateTime"/> can represent. At 9999-12-31 the same arithmetic overflows into a 500.
/// </summary>
public static class SupportedCalendar
{
    public static readonly DateOnly FirstDate = new(1900, 1, 1);

    public static readonly DateOnly LastDate = new(2999, 12, 31);

    public static readonly DateTimeOffset FirstInstant = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the supported calendar (exclusive).</summary>
    public static readonly DateTimeOffset EndInstant = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Message = "Must be from 1900-01-01 to 2999-12-31 (instants in UTC).";

    public static bool Contains(DateOnly date) => date >= FirstDate && date <= LastDate;

    public static bool Contains(DateTimeOffset instant) => instant >= FirstInstant && instant < EndInstant;

    public static IRuleBuilderOptions<T, DateOnly?> WithinSupportedCalendar<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(date => date is not { } value || Contains(value)).WithMessage(Message);

    public static IRuleBuilderOptions<T, DateOnly> WithinSupportedCalendar<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.Must(Contains).WithMessage(Message);

    public static IRuleBuilderOptions<T, DateTimeOffset?> WithinSupportedCalendar<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(instant => instant is not { } value || Contains(value)).WithMessage(Message);

    public static IRuleBuilderOptions<T, DateTimeOffset> WithinSupportedCalendar<T>(this IRuleBuilder<T, DateTimeOffset> rule) =>
        rule.Must(Contains).WithMessage(Message);
}
