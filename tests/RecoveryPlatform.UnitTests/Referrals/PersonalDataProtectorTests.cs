using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Referrals;
using RecoveryPlatform.Modules.Referrals.Protection;

namespace RecoveryPlatform.UnitTests.Referrals;

public sealed class PersonalDataProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static PersonalDataProtector Protector(string active, params (string Id, string Key)[] keys)
    {
        var options = new ReferralsOptions { ActiveKeyId = active };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return new PersonalDataProtector(Options.Create(options));
    }

    [Fact]
    public void A_sealed_value_names_its_key_hides_its_text_and_opens_again()
    {
        var protector = Protector("a", ("a", KeyA));
        var owner = Guid.NewGuid();

        var sealedValue = protector.Seal("Zebedee 07700 900461", owner);

        sealedValue.ShouldStartWith("rp1.a.");
        sealedValue.ShouldNotContain("Zebedee");
        protector.Open<string>(sealedValue, owner).ShouldBe("Zebedee 07700 900461");
        protector.Seal("Zebedee 07700 900461", owner).ShouldNotBe(sealedValue, "a fresh nonce every time");
    }

    [Fact]
    public void After_rotation_old_values_still_open_and_new_ones_use_the_new_key()
    {
        var owner = Guid.NewGuid();
        var old = Protector("a", ("a", KeyA)).Seal("before rotation", owner);

        var rotated = Protector("b", ("a", KeyA), ("b", KeyB));

        rotated.Open<string>(old, owner).ShouldBe("before rotation");
        PersonalDataProtector.KeyIdOf(rotated.Seal("after rotation", owner)).ShouldBe("b");
    }

    [Fact]
    public void A_value_does_not_open_for_another_record_nor_after_tampering_nor_without_its_key()
    {
        var protector = Protector("a", ("a", KeyA));
        var owner = Guid.NewGuid();
        var sealedValue = protector.Seal("secret", owner);

        Should.Throw<CryptographicException>(() => protector.Open<string>(sealedValue, Guid.NewGuid()));
        var tampered = sealedValue[..^2] + (sealedValue[^2] == 'A' ? "B" : "A") + sealedValue[^1];
        Should.Throw<CryptographicException>(() => protector.Open<string>(tampered, owner));
        Should.Throw<CryptographicException>(() => Protector("b", ("b", KeyB)).Open<string>(sealedValue, owner));
    }

    [Theory]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64!", false)]
    [InlineData(null, false)]
    public void Only_32_bytes_of_base64_are_a_usable_key(string? key, bool usable)
    {
        PersonalDataProtector.IsUsableKey(key).ShouldBe(usable);
        PersonalDataProtector.IsUsableKey(KeyA).ShouldBeTrue();
    }

    [Theory]
    [InlineData("missing", "a")]
    [InlineData("a", "not base64!")]
    [InlineData("a", "c2hvcnQ=")]
    public void A_bad_key_configuration_stops_start_up(string active, string key)
    {
        Should.Throw<InvalidOperationException>(() => Protector(active, ("a", key)));
    }
}
