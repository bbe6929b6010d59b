using PhoneNumbers;

namespace RecoveryPlatform.SharedKernel.Contact;

/// <summary>
/// Phone numbers of any country, read with libphonenumber and kept in E.164 (<c>+16465588656</c>): one
/// spelling per number whatever way it was typed, and dialable from anywhere. A number written in national
/// form (<c>(646) 558-8656</c>, <c>0113 496 0000</c>) is read as a number of the given region; one written
/// with a leading + carries its own country.
/// </summary>
public static class E164PhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in E.164 when it is a valid number (for <paramref name="regionCode"/>, an ISO 3166 alpha-2
    /// code, when written nationally); false for anything else, including a number too short to be one.
    /// </summary>
    public static bool TryNormalise(string? text, string regionCode, out string e164)
    {
        e164 = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            var number = Util.Parse(text.Trim(), regionCode.ToUpperInvariant());
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>Whether <see cref="TryNormalise"/> would accept the text.</summary>
    public static bool IsValid(string? text, string regionCode) => TryNormalise(text, regionCode, out _);
}
