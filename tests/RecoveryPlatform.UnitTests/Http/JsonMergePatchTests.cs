using System.Text.Json;
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

    private sealed record Writable(string? Name, string? Description);

    /// <summary>The API's body rules: names match in any case, and a name may not be given twice.</summary>
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        Converters = { new StrictJsonObjectConverter() },
    };

    [Fact]
    public void A_member_named_in_another_case_replaces_the_current_one_as_it_would_in_a_put()
    {
        var patch = JsonSerializer.Deserialize<JsonObject>("{\"Description\":\"new\"}", BodyOptions)!;

        var patched = MergePatchRequest.Apply(new Writable("Name", "old"), patch, BodyOptions);

        patched.ShouldBe(new Writable("Name", "new"));
    }

    [Theory]
    [InlineData("{\"formats\":[\"O\",\"\\udc00\"]}", "$.formats[1]")]
    [InlineData("{\"a\":{\"b\":1,\"B\":2}}", "$.a.B")]
    [InlineData("{\"a.b\":1,\"a.b\":2}", "$['a.b']")]
    public void A_patch_that_a_put_body_could_not_carry_is_refused_at_its_path(string json, string path)
    {
        var refused = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<JsonObject>(json, BodyOptions));

        refused.Path.ShouldBe(path);
    }
}
