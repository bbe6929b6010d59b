namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// The key commands of the README, run as an operator runs them: the real binary, then the API started on
/// the same data folder. A key printed must be a key stored, usable at once, whether or not the API is running.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new("recoveryplatform-cli");

    private Dictionary<string, string> Environment()
    {
        var settings = ApiProcess.Settings(_data.Path);
        settings.Remove("RecoveryPlatform__BootstrapAdminKey");
        return settings;
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Keys_made_on_the_command_line_work_against_the_api()
    {
        var (exitCode, output, errors) = await ApiProcess.RunCommandAsync(Environment(), "keys", "create-platform-admin", "--name", "Ops");
        exitCode.ShouldBe(0, errors);
        var platformKey = output.Trim();
        platformKey.ShouldStartWith("rpk_");
        platformKey.ShouldNotContain("\n");

        await using var api = await ApiProcess.StartAsync(Environment());
        using var admin = api.Client(platformKey);
        var created = await admin.PostAsync("/api/v1/organisations", HttpAssertions.Json(new { slug = "cli-fellowship", name = "CLI Fellowship", kind = "fellowship" }), TestContext.Current.CancellationToken);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        // With the API running, on the same database.
        (exitCode, output, errors) = await ApiProcess.RunCommandAsync(Environment(), "keys", "create", "--organisation", "cli-fellowship", "--role", "org-admin", "--name", "Import script");
        exitCode.ShouldBe(0, errors);
        using var orgAdmin = api.Client(output.Trim());
        var keys = await (await orgAdmin.GetAsync("/api/v1/organisations/cli-fellowship/api-keys", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        keys["items"]!.AsArray().Select(k => k!["name"]!.GetValue<string>()).ShouldBe(["Import script"]);
    }

    [Fact]
    public async Task A_key_for_an_unknown_organisation_or_with_a_bad_role_is_refused_with_a_reason_on_standard_error()
    {
        var (exitCode, output, errors) = await ApiProcess.RunCommandAsync(Environment(), "keys", "create", "--organisation", "nobody", "--role", "editor", "--name", "Script");
        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("nobody");

        (exitCode, output, errors) = await ApiProcess.RunCommandAsync(Environment(), "keys", "create-platform-admin", "--name", new string('x', 101));
        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldNotBeEmpty();
    }
}
