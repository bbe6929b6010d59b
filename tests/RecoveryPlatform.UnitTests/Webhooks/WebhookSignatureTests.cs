using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Webhooks;
using RecoveryPlatform.Modules.Webhooks.Signing;

namespace RecoveryPlatform.UnitTests.Webhooks;

/// <summary>Signatures as the Standard Webhooks specification defines them, and secrets sealed at rest.</summary>
public sealed class WebhookSignatureTests
{
    // The example the Standard Webhooks reference libraries test against.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";

    [Fact]
    public void The_signature_is_v1_and_the_hmac_sha256_of_id_timestamp_and_body_under_the_decoded_secret() =>
        WebhookSignature.Sign(Secret, MessageId, Timestamp, Body).ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    [Fact]
    public void Any_change_to_the_id_the_timestamp_or_the_body_breaks_the_signature()
    {
        var header = WebhookSignature.Sign(Secret, MessageId, Timestamp, Body);

        WebhookSignature.Verify(Secret, MessageId, Timestamp, Body, header).ShouldBeTrue();
        WebhookSignature.Verify(Secret, MessageId, Timestamp, Body, $"v1,bm90IGl0 {header}").ShouldBeTrue("one of several space-separated signatures is enough");
        WebhookSignature.Verify(Secret, "msg_other", Timestamp, Body, header).ShouldBeFalse();
        WebhookSignature.Verify(Secret, MessageId, Timestamp + 1, Body, header).ShouldBeFalse();
        WebhookSignature.Verify(Secret, MessageId, Timestamp, Body + " ", header).ShouldBeFalse();
        WebhookSignature.Verify(WebhookSignature.NewSecret(), MessageId, Timestamp, Body, header).ShouldBeFalse();
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes()
    {
        var secret = WebhookSignature.NewSecret();

        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        WebhookSignature.NewSecret().ShouldNotBe(secret);
    }

    [Fact]
    public void A_sealed_secret_opens_only_for_its_own_subscription_and_never_shows_the_secret()
    {
        var protector = new SecretProtector(Options.Create(new WebhooksOptions
        {
            Keys = { ["k1"] = Convert.ToBase64String(new byte[32]) },
            ActiveKeyId = "k1",
        }));
        var subscription = Guid.NewGuid();

        var sealedSecret = protector.Seal(Secret, subscription);

        sealedSecret.ShouldStartWith("wh1.k1.");
        sealedSecret.ShouldNotContain(Secret["whsec_".Length..]);
        protector.Open(sealedSecret, subscription).ShouldBe(Secret);
        protector.Seal(Secret, subscription).ShouldNotBe(sealedSecret, "a fresh nonce each time");
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => protector.Open(sealedSecret, Guid.NewGuid()));
    }
}
