using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.UnitTests.Venues;

/// <summary>
/// A venue stores its accessibility as a bit mask, and search indexes the same bits: each feature's
/// number is its bit. Renumbering one would silently give every stored venue other features.
/// </summary>
public sealed class AccessibilityFeatureTests
{
    [Fact]
    public void Each_feature_keeps_the_bit_it_is_stored_under()
    {
        var pinned = new Dictionary<AccessibilityFeature, int>
        {
            [AccessibilityFeature.StepFreeAccess] = 0,
            [AccessibilityFeature.AccessibleToilet] = 1,
            [AccessibilityFeature.HearingLoop] = 2,
            [AccessibilityFeature.BritishSignLanguage] = 3,
            [AccessibilityFeature.Parking] = 4,
            [AccessibilityFeature.NearPublicTransport] = 5,
            [AccessibilityFeature.QuietSpace] = 6,
        };

        Enum.GetValues<AccessibilityFeature>().ShouldBe(pinned.Keys, ignoreOrder: true, "a new feature needs a pinned number here too");
        foreach (var (feature, bit) in pinned)
        {
            ((int)feature).ShouldBe(bit, feature.ToString());
        }
    }

    [Fact]
    public void Every_feature_fits_in_the_stored_mask()
    {
        Enum.GetValues<AccessibilityFeature>().ShouldAllBe(feature => (int)feature >= 0 && (int)feature < 31);
    }
}
