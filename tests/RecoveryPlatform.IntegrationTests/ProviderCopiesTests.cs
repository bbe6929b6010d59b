namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// An HTTP test class runs only through its concrete copies, so a forgotten copy silently drops it
/// from a provider: most easily the SQL Server one, whose copies live apart in SqlServerSuite.cs.
/// </summary>
public sealed class ProviderCopiesTests
{
    [Fact]
    public void Every_http_test_class_has_one_sqlite_copy_and_one_sql_server_copy()
    {
        var testClasses = HttpTestClasses.WrittenForEveryProvider();

        var problems = testClasses
            .SelectMany(testClass => new[] { typeof(SqliteApiFactory), typeof(SqlServerApiFactory) }
                .Select(factory => Problem(testClass, factory)))
            .OfType<string>()
            .ToList();

        testClasses.ShouldContain(typeof(HttpConventionsTests<>), "the search for HTTP test classes found too little to trust");
        problems.ShouldBeEmpty();
    }

    private static string? Problem(Type testClass, Type factory)
    {
        var name = testClass.Name[..testClass.Name.IndexOf('`', StringComparison.Ordinal)];
        var provider = factory == typeof(SqliteApiFactory) ? "Sqlite" : "SqlServer";
        var copies = HttpTestClasses.CopiesOf(testClass, factory);
        return copies.Count switch
        {
            1 => null,
            0 => $"{name} has no {provider} copy: add 'public sealed class {name}On{provider}({factory.Name} api) : {name}<{factory.Name}>(api);'"
                 + (provider == "SqlServer" ? " to SqlServerSuite.cs" : $" beside {name}"),
            _ => $"{name} has {copies.Count} {provider} copies, so it runs more than once: {string.Join(", ", copies.Select(c => c.Name))}",
        };
    }
}
