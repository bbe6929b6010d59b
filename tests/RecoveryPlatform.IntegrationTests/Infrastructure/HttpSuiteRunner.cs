using System.Reflection;
using System.Reflection.Emit;
using Xunit.Sdk;
using Xunit.v3;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>What running the HTTP suite on one factory did.</summary>
public sealed record HttpSuiteRun(int Cases, int Passed, IReadOnlyList<string> Failed, IReadOnlyList<string> TimedOut, IReadOnlyList<string> CouldNotRun);

/// <summary>
/// Runs every case of every HTTP test class (<see cref="HttpTestClasses"/>) against a factory of
/// another kind, outside xunit's own runner: one factory per class, a new test class instance per
/// case, facts and theory rows alike. Assertion failures are counted, not thrown.
/// </summary>
public static class HttpSuiteRunner
{
    private static readonly ModuleBuilder Copies = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("RecoveryPlatform.IntegrationTests.RunnerCopies"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("RunnerCopies");

    private static readonly Lock CopiesLock = new();

    public static async Task<HttpSuiteRun> RunAsync<TFactory>(Func<TFactory> createFactory, Action<string> starting, TimeSpan timeoutPerCase)
        where TFactory : ApiFactory
    {
        int cases = 0, passed = 0;
        List<string> failed = [], timedOut = [], couldNotRun = [];
        foreach (var testClass in HttpTestClasses.WrittenForEveryProvider())
        {
            var copy = CopyOf(testClass, typeof(TFactory));
            await using var factory = createFactory();
            await factory.InitializeAsync();
            foreach (var (name, method, arguments) in await CasesAsync(copy))
            {
                cases++;
                starting(name);
                try
                {
                    var instance = Activator.CreateInstance(copy, factory)!;
                    var result = method.Invoke(instance, arguments);
                    await (result switch
                    {
                        Task task => task,
                        ValueTask valueTask => valueTask.AsTask(),
                        _ => Task.CompletedTask,
                    }).WaitAsync(timeoutPerCase);
                    passed++;
                }
                catch (TimeoutException)
                {
                    timedOut.Add(name);
                }
                catch (Exception exception) when (exception is TargetParameterCountException or ArgumentException)
                {
                    // Thrown by Invoke itself (a test's own exceptions arrive wrapped or through its task): the row does not fit the method.
                    couldNotRun.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
                }
                catch (Exception exception)
                {
                    var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                    failed.Add($"{name}: {cause.GetType().Name}: {FirstLine(cause.Message)}");
                }
            }
        }

        return new HttpSuiteRun(cases, passed, failed, timedOut, couldNotRun);
    }

    /// <summary>Each fact, and each row of each theory, that xunit would run on the class.</summary>
    private static async Task<List<(string Name, MethodInfo Method, object?[] Arguments)>> CasesAsync(Type testClass)
    {
        var cases = new List<(string, MethodInfo, object?[])>();
        await using var disposals = new DisposalTracker();
        foreach (var method in testClass.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (method.GetCustomAttribute<FactAttribute>() is not { Skip: null } fact)
            {
                continue;
            }

            var name = $"{method.DeclaringType!.Name[..method.DeclaringType.Name.IndexOf('`', StringComparison.Ordinal)]}.{method.Name}";
            if (fact is not TheoryAttribute)
            {
                cases.Add((name, method, []));
                continue;
            }

            foreach (var data in method.GetCustomAttributes().OfType<IDataAttribute>())
            {
                if (data is ITypeAwareDataAttribute typeAware)
                {
                    // xunit fills this in for MemberData without a type: the test class.
                    typeAware.MemberType ??= testClass;
                }

                foreach (var row in await data.GetData(method, disposals))
                {
                    var arguments = row.GetData();
                    cases.Add(($"{name}({string.Join(", ", arguments)})", method, arguments));
                }
            }
        }

        return cases;
    }

    /// <summary>A concrete subclass of <c>XTests&lt;TFactory&gt;</c>, made on the fly like the OnSqlite copies.</summary>
    private static Type CopyOf(Type openTestClass, Type factoryType)
    {
        var baseType = openTestClass.MakeGenericType(factoryType);
        var baseConstructor = baseType.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(c => c.GetParameters().Select(p => p.ParameterType).SequenceEqual([factoryType]));
        lock (CopiesLock)
        {
            var name = $"{baseType.Name}On{factoryType.Name}{Guid.NewGuid():N}";
            var type = Copies.DefineType(name, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, baseType);
            var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [factoryType]);
            var il = constructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, baseConstructor);
            il.Emit(OpCodes.Ret);
            return type.CreateType();
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
