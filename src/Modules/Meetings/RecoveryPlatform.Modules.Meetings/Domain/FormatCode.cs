using System.Text.Json;
using RecoveryPlatform.SharedKernel.Auditing;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>
/// One code of an organisation's own format vocabulary (AA's <c>O</c> Open, NA's <c>BT</c> Basic Text…),
/// its labels by language, and the shared attributes it means, so searches work across fellowships.
/// </summary>
internal sealed class FormatCode : IAuditable
{
    public const int CodeMaxLength = 16;
    public const int LabelMaxLength = 200;

    private FormatCode()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    public Guid OrganisationId { get; private set; }

    public string Code { get; private set; } = string.Empty;

    /// <summary>Labels by ISO 639-1 language, as JSON; always has English.</summary>
    public string LabelsJson { get; private set; } = "{}";

    /// <summary>Shared attributes as bits (see SharedAttributes), so a search tests them all at once.</summary>
    public long AttributesMask { get; private set; }

    /// <summary>The Meeting Guide type code written for this format in the Meeting Guide feed, if any.</summary>
    public string? MeetingGuideCode { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyDictionary<string, string> Labels => JsonSerializer.Deserialize<Dictionary<string, string>>(LabelsJson) ?? [];

    public static FormatCode Create(Guid organisationId, string code, IReadOnlyDictionary<string, string> labels, long attributesMask, string? meetingGuideCode, DateTimeOffset now)
    {
        var format = new FormatCode { Id = Guid.CreateVersion7(now), OrganisationId = organisationId, Code = code };
        format.Update(labels, attributesMask, meetingGuideCode, now);
        return format;
    }

    public void Update(IReadOnlyDictionary<string, string> labels, long attributesMask, string? meetingGuideCode, DateTimeOffset now)
    {
        LabelsJson = JsonSerializer.Serialize(labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value));
        AttributesMask = attributesMask;
        MeetingGuideCode = meetingGuideCode;
        UpdatedAt = now;
    }
}
