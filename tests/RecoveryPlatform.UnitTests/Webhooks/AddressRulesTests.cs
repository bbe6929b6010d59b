using System.Net;
using Microsoft.Extensions.Hosting.Internal;
using RecoveryPlatform.Modules.Webhooks.Targets;

namespace RecoveryPlatform.UnitTests.Webhooks;

/// <summary>Which addresses a webhook may reach: public unicast only, however the address is spelt (ADR 0015).</summary>
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:5db8:d70e::1")]
    public void Public_addresses_are_allowed(string address) => AddressRules.Refusal(IPAddress.Parse(address)).ShouldBeNull();

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "RFC 1918")]
    [InlineData("172.16.0.1", "RFC 1918")]
    [InlineData("172.31.255.255", "RFC 1918")]
    [InlineData("192.168.0.1", "RFC 1918")]
    [InlineData("::ffff:192.168.0.1", "RFC 1918")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("64:ff9b::a00:1", "RFC 1918")]
    [InlineData("2002:a00:1::1", "RFC 1918")]
    [InlineData("::10.0.0.1", "RFC 1918")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("2001:db8::1", "documentation")]
    public void Non_public_addresses_are_refused_naming_the_range(string address, string range) =>
        AddressRules.Refusal(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain(range);

    [Theory]
    [InlineData("Testing", true, true)]
    [InlineData("Production", true, false)]
    [InlineData("Development", true, false)]
    [InlineData("Testing", false, false)]
    public void Loopback_receivers_are_allowed_only_when_a_test_host_registers_the_allowance(string environment, bool registered, bool allowed)
    {
        var targets = new WebhookTargets(new HostingEnvironment { EnvironmentName = environment }, registered ? [new LoopbackReceiversForTests()] : []);

        targets.AllowsLoopback.ShouldBe(allowed);
        (targets.Refusal(IPAddress.Loopback) is null).ShouldBe(allowed);
        (targets.FormRefusal("http://127.0.0.1:5000/hook") is null).ShouldBe(allowed);
        targets.Refusal(IPAddress.Parse("10.0.0.1")).ShouldNotBeNull("the allowance is for loopback only");
    }
}
