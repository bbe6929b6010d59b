namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The HTTP test classes written once for every provider: <c>XTests&lt;TFactory&gt; : ApiTest&lt;TFactory&gt;</c>,
/// generic in the factory. Each runs through small concrete copies, one per provider.
/// </summary>
public static class HttpTestClasses
{
    /// <summary>The open generic classes, e.g. <c>GroupsTests&lt;&gt;</c>.</summary>
    public static IReadOnlyList<Type> WrittenForEveryProvider() =>
        typeof(HttpTestClasses).Assembly.GetTypes()
            .Where(type => type.IsGenericTypeDefinition && type.GetGenericArguments() is [var factory] && IsApiTestOf(type, factory))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>The concrete classes that run <paramref name="openTestClass"/> on <paramref name="factoryType"/>.</summary>
    public static IReadOnlyList<Type> CopiesOf(Type openTestClass, Type factoryType)
    {
        var closed = openTestClass.MakeGenericType(factoryType);
        return typeof(HttpTestClasses).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && !type.ContainsGenericParameters && type.BaseType == closed)
            .ToList();
    }

    /// <summary>True when <paramref name="type"/> derives from <c>ApiTest&lt;T&gt;</c> with T its own factory parameter.</summary>
    private static bool IsApiTestOf(Type type, Type factoryParameter)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ApiTest<>))
            {
                return current.GetGenericArguments()[0] == factoryParameter;
            }
        }

        return false;
    }
}
