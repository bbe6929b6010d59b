using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

internal static partial class FormatVocabularies
{
    /// <summary>
    /// The kinds of SMART Recovery UK meeting, English labels. Family &amp; Friends has no Meeting Guide code (the
    /// Meeting Guide "FF" is Fragrance Free); nor do BSL and criminal justice settings. A criminal justice meeting (in
    /// a prison or probation setting) is normally open only to people there, so it should not also carry "SMART".
    /// </summary>
    public static IReadOnlyList<FormatDefinition> SmartRecovery { get; } = new IndexedVocabulary(
    [
        EnglishOnly("SMART", "SMART Recovery Mutual Aid Meeting", "O", OpenToAll),
        EnglishOnly("FF", "Family & Friends", null, FamilyAndFriends),
        EnglishOnly("W", "Women", "W", WomenOnly),
        EnglishOnly("M", "Men", "M", MenOnly),
        EnglishOnly("LGBTQ", "LGBTQ+", "LGBTQ", Lgbtq),
        EnglishOnly("YP", "Young People", "Y", YoungPeople),
        EnglishOnly("BSL", "British Sign Language Interpreted", null, BslInterpreted),
        EnglishOnly("DD", "Dual Diagnosis / Mental Health", "DD", DualDiagnosis),
        EnglishOnly("CJ", "Criminal Justice Setting", null),
    ]);
}
