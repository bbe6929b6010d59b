namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>How a scan reads week slots: all of them, only the days asked for, or only the window's.</summary>
internal enum SlotScan
{
    Everything,
    Days,
    Window,
}
