using System.Diagnostics;
using System.Text.Json;

namespace RecoveryPlatform.ArchitectureTests;

/// <summary>
/// The build settings every project inherits, as MSBuild evaluates them for the API: warnings are errors, except NuGet
/// audit findings, which are reported on every restore but must not fail a build, since an advisory published after a
/// commit would otherwise turn that commit red.
/// </summary>
public sealed class BuildSettingsTests
{
    [Fact]
    public async Task Nuget_audit_checks_every_package_and_reports_findings_as_warnings_not_errors()
    {
        var properties = await EvaluateAsync("src/RecoveryPlatform.Api/RecoveryPlatform.Api.csproj", "TreatWarningsAsErrors", "WarningsNotAsErrors", "NuGetAudit", "NuGetAuditMode", "NuGetAuditLevel");

        properties["TreatWarningsAsErrors"].ShouldBe("true");
        properties["NuGetAudit"].ShouldBe("true");
        properties["NuGetAuditMode"].ShouldBe("all", "transitive packages too");
        properties["NuGetAuditLevel"].ShouldBe("low");
        var notAsErrors = properties["WarningsNotAsErrors"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var code in new[] { "NU1900", "NU1901", "NU1902", "NU1903", "NU1904" })
        {
            notAsErrors.ShouldContain(code);
        }
    }

    private static async Task<Dictionary<string, string>> EvaluateAsync(string project, params string[] names)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(root, project), .. names.Select(name => $"-getProperty:{name}")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, output);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RecoveryPlatform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("RecoveryPlatform.sln not found above the test's folder.");
    }
}
