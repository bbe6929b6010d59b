namespace RecoveryPlatform.Modules.Referrals;

/// <summary>How the Referrals module protects and keeps personal data. Bound from <c>RecoveryPlatform:Referrals</c>.</summary>
public sealed class ReferralsOptions
{
    public const string SectionName = "RecoveryPlatform:Referrals";

    /// <summary>
    /// Data-encryption keys by id: 32 random bytes each, base64. New values are sealed with
    /// <see cref="ActiveKeyId"/>; older keys stay here to open what they sealed (rotation).
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key new values are sealed with; it must be one of <see cref="Keys"/>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Days after a referral reaches a final status before its personal data is erased.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention job looks for referrals to erase.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lets platform admins read personal data (each read logged). Off: they get 404 like any outsider.</summary>
    public bool PlatformAdminBreakGlass { get; set; }

    /// <summary>Submissions per minute per credential: a burst beyond it is answered 429.</summary>
    public int SubmissionsPerMinute { get; set; } = 30;
}
