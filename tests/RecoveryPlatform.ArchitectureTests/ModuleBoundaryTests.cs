using System.Reflection;

namespace RecoveryPlatform.ArchitectureTests;

/// <summary>The modular monolith's first rule (README, "Where things are"): modules see each other only through Contracts.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] ModuleNames = ["Organisations", "Venues", "Groups", "Meetings", "Referrals", "Imports", "Webhooks"];

    public static TheoryData<string> Modules() => new(ModuleNames);

    private static Assembly ModuleAssembly(string module) => Assembly.Load($"RecoveryPlatform.Modules.{module}");

    private static Assembly ContractsAssembly(string module) => Assembly.Load($"RecoveryPlatform.Modules.{module}.Contracts");

    private static IEnumerable<string> ReferencedPlatformAssemblies(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("RecoveryPlatform.", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_references_no_other_module_project(string module)
    {
        var references = ReferencedPlatformAssemblies(ModuleAssembly(module)).ToList();
        var otherModules = references.Where(r => r.StartsWith("RecoveryPlatform.Modules.", StringComparison.Ordinal)
            && r != $"RecoveryPlatform.Modules.{module}"
            && !r.EndsWith(".Contracts", StringComparison.Ordinal));
        otherModules.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Contracts_reference_only_the_shared_kernel(string module)
    {
        ReferencedPlatformAssemblies(ContractsAssembly(module)).ShouldAllBe(name => name == "RecoveryPlatform.SharedKernel");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Only_the_registration_type_of_a_module_is_public(string module)
    {
        var publicTypes = ModuleAssembly(module).GetExportedTypes().Select(t => t.FullName).ToList();
        var allowed = new[] { $"RecoveryPlatform.Modules.{module}.{module}Module" }
            .Concat(PublicOptionTypes(module));
        publicTypes.ShouldBe(allowed, ignoreOrder: true);
    }

    [Fact]
    public void Only_the_host_references_module_projects()
    {
        // Every platform assembly beside the tests, loaded here: which ones the app domain already holds
        // depends on which tests ran first (alone, this test saw one and failed).
        var platform = Directory.GetFiles(AppContext.BaseDirectory, "RecoveryPlatform.*.dll")
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
            .ToList();
        platform.Count.ShouldBeGreaterThan(5);
        foreach (var assembly in platform.Where(a => a.GetName().Name is not "RecoveryPlatform.Api" && !a.GetName().Name!.EndsWith("Tests", StringComparison.Ordinal)))
        {
            var name = assembly.GetName().Name!;
            var moduleReferences = ReferencedPlatformAssemblies(assembly)
                .Where(r => r.StartsWith("RecoveryPlatform.Modules.", StringComparison.Ordinal) && !r.EndsWith(".Contracts", StringComparison.Ordinal))
                .Where(r => !name.StartsWith(r + ".", StringComparison.Ordinal) && r != name);
            moduleReferences.ShouldBeEmpty($"{name} references a module project");
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Handlers_and_messages_are_internal_and_sealed(string module)
    {
        var concrete = ModuleAssembly(module).GetTypes().Where(t => t.IsClass && !t.IsAbstract && !t.IsNested && !IsCompilerGenerated(t)).ToList();
        var offenders = concrete
            .Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) || t.Name.EndsWith("Command", StringComparison.Ordinal) || t.Name.EndsWith("Query", StringComparison.Ordinal) || t.Name.EndsWith("Validator", StringComparison.Ordinal))
            .Where(t => t.IsPublic || !t.IsSealed)
            .Select(t => t.FullName);
        offenders.ShouldBeEmpty();
    }

    private static bool IsCompilerGenerated(Type type) => type.GetCustomAttributes(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false).Length > 0;

    /// <summary>Options the host binds and passes in are public by necessity; each is listed here on purpose.</summary>
    private static IEnumerable<string> PublicOptionTypes(string module) => module switch
    {
        "Organisations" => ["RecoveryPlatform.Modules.Organisations.Authentication.ApiKeyHashingOptions"],
        "Referrals" => ["RecoveryPlatform.Modules.Referrals.ReferralsOptions"],
        "Webhooks" => ["RecoveryPlatform.Modules.Webhooks.WebhooksOptions"],
        _ => [],
    };
}
