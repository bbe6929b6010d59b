using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

internal static partial class FormatVocabularies
{
    /// <summary>
    /// The meeting formats used by Narcotics Anonymous in the UK, English labels. NA literature studies are written to
    /// the Meeting Guide feed as "LIT" (the Meeting Guide book codes B, LS, ABSI… are AA books); the Step Working Guides
    /// as "ST"; BSL has no Meeting Guide code.
    /// </summary>
    public static IReadOnlyList<FormatDefinition> NarcoticsAnonymous { get; } = new IndexedVocabulary(
    [
        EnglishOnly("O", "Open", "O", OpenToAll),
        EnglishOnly("C", "Closed", "C", Closed),
        EnglishOnly("BT", "Basic Text Study", "LIT", Literature),
        EnglishOnly("IP", "Information Pamphlet Study", "LIT", Literature),
        EnglishOnly("JFT", "Just for Today", "LIT", Literature),
        EnglishOnly("LC", "Living Clean", "LIT", Literature),
        EnglishOnly("SG", "Step Working Guide Study", "ST", StepStudy, Literature),
        EnglishOnly("ST", "Step Study", "ST", StepStudy),
        EnglishOnly("TR", "Tradition Study", "TR", TraditionStudy),
        EnglishOnly("SP", "Speaker", "SP", Speaker),
        EnglishOnly("D", "Discussion/Participation", "D", Discussion),
        EnglishOnly("QA", "Questions & Answers", "D", Discussion),
        EnglishOnly("BEG", "Beginners/Newcomers", "BE", NewcomerFriendly),
        EnglishOnly("W", "Women", "W", WomenOnly),
        EnglishOnly("M", "Men", "M", MenOnly),
        EnglishOnly("Y", "Young People", "Y", YoungPeople),
        EnglishOnly("LGBTQ", "LGBTQ+", "LGBTQ", Lgbtq),
        EnglishOnly("WC", "Wheelchair Accessible", "X", WheelchairAccess),
        EnglishOnly("CL", "Candlelight", "CAN", Candlelight),
        EnglishOnly("ME", "Meditation", "MED", Meditation),
        EnglishOnly("BSL", "British Sign Language Interpreted", null, BslInterpreted),
    ]);
}
