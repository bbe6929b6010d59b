using System.Text.Json.Nodes;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.UnitTests.Http;

/// <summary>The examples of RFC 7396 appendix A, and the cases our PATCH endpoints rely on.</summary>
public sealed class JsonMergePatchTests
{
    [Theory]
    [InlineData("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"a\":null}", "{}")]
    [InlineData("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}")]
    [InlineData("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}")]
    [InlineData("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}")]
    [InlineData("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}")]
    [InlineData("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}")]
    [InlineData("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}")]
    public void Applies_the_rfc_7396_examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));
        JsonNode.DeepEquals(result, JsonNode.Parse(expected)).ShouldBeTrue(result?.ToJsonString());
    }

    [Fact]
    public void Leaves_the_target_unchanged()
    {
        var target = JsonNode.Parse("{\"a\":{\"b\":1}}");
        JsonMergePatch.Apply(target, JsonNode.Parse("{\"a\":{\"b\":2}}"));
        target!["a"]!["b"]!.GetValue<int>().ShouldBe(1);
    }
}
