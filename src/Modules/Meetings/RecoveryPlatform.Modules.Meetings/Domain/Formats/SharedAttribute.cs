namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

/// <summary>
/// A property of a meeting that a search can ask for whatever the fellowship, e.g. "women only" or "wheelchair access".
/// Each fellowship's own format codes map onto these (<see cref="FormatVocabularies"/>).
/// </summary>
/// <remarks>
/// Each value is a bit position in a <see cref="SharedAttributes"/> mask, and masks are stored: append new members
/// with the next free number (at most 62), and never renumber, reuse or remove one.
/// Wire names are the member names in kebab case (<c>WomenOnly</c> is <c>women-only</c>).
/// </remarks>
internal enum SharedAttribute
{
    /// <summary>Anyone may attend, including people without the problem (students, family, professionals).</summary>
    OpenToAll = 0,

    /// <summary>Only for people who have, or think they may have, the problem the fellowship addresses.</summary>
    Closed = 1,

    /// <summary>Run with people new to recovery in mind (beginners' or newcomers' meetings).</summary>
    NewcomerFriendly = 2,

    WomenOnly = 3,

    MenOnly = 4,

    /// <summary>For lesbian, gay, bisexual, transgender, queer and other sexual or gender minorities.</summary>
    Lgbtq = 5,

    YoungPeople = 6,

    /// <summary>The meeting room can be reached and used in a wheelchair.</summary>
    WheelchairAccess = 7,

    Speaker = 8,

    /// <summary>Members share in turn (discussion, participation, questions and answers).</summary>
    Discussion = 9,

    StepStudy = 10,

    /// <summary>Reading or study of the fellowship's literature.</summary>
    Literature = 11,

    Meditation = 12,

    /// <summary>Interpreted into British Sign Language. Other sign languages (e.g. ASL) are not this.</summary>
    BslInterpreted = 13,

    /// <summary>Secular or agnostic: no prayers or references to God.</summary>
    Secular = 14,

    /// <summary>Children may come into the meeting with the parent or carer attending.</summary>
    ChildFriendly = 15,

    Outdoor = 16,

    /// <summary>The meeting itself is for the family and friends of people with the problem.</summary>
    FamilyAndFriends = 17,

    /// <summary>For people living with both addiction and a mental health condition.</summary>
    DualDiagnosis = 18,

    /// <summary>For non-binary people; formats with this also carry <see cref="Lgbtq"/>.</summary>
    NonBinary = 19,

    /// <summary>Study of the fellowship's traditions (Meeting Guide TR).</summary>
    TraditionStudy = 20,

    /// <summary>Held by candlelight (Meeting Guide CAN).</summary>
    Candlelight = 21,
}
