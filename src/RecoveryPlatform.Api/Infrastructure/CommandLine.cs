using Mediator;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Administrative commands that run against the configured database without starting the API:
/// <c>keys create --organisation SLUG --role ROLE --name NAME</c> and <c>keys create-platform-admin --name NAME</c>.
/// </summary>
internal static class CommandLine
{
    private const string Usage = """
        Usage:
          keys create --organisation <slug> --role <org-admin|editor|reader|referral-coordinator|referrer> --name <name>
          keys create-platform-admin --name <name>
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var options = ParseOptions(args.Skip(2));
        if (args.Length < 2 || !options.TryGetValue("name", out var name))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        foreach (var database in scope.ServiceProvider.GetServices<IModuleDatabase>())
        {
            await database.MigrateAsync(scope.ServiceProvider, CancellationToken.None);
        }

        scope.ServiceProvider.GetRequiredService<CallerAccessor>().RunAs(Caller.System);
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        try
        {
            var key = args[1] switch
            {
                "create" when options.TryGetValue("organisation", out var slug) && options.TryGetValue("role", out var roleText)
                    => (await KeyCommands.CreateAsync(sender, slug, roleText, name)),
                "create-platform-admin" => await KeyCommands.CreatePlatformAdminAsync(sender, name),
                _ => null,
            };
            if (key is null)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            // The key goes to standard output alone so scripts can capture it.
            Console.WriteLine(key);
            return 0;
        }
        catch (Exception exception) when (exception is FluentValidation.ValidationException or SharedKernel.Errors.ProblemException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                options[pending] = arg;
                pending = null;
            }
        }

        return options;
    }
}

internal static class KeyCommands
{
    public static async Task<string?> CreateAsync(ISender sender, string slug, string roleText, string name) =>
        RecoveryPlatform.SharedKernel.Http.WireNames.TryParse<Role>(roleText, out var role)
            ? await sender.Send(new RecoveryPlatform.Modules.Organisations.Contracts.MintApiKeyCommand(slug, role, name))
            : null;

    public static async Task<string?> CreatePlatformAdminAsync(ISender sender, string name) =>
        await sender.Send(new RecoveryPlatform.Modules.Organisations.Contracts.MintApiKeyCommand(null, Role.PlatformAdmin, name));
}
