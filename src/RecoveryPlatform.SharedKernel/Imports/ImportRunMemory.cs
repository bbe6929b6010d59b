using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecoveryPlatform.SharedKernel.Imports;

/// <summary>
/// What a module learns during one run of an import, kept between the slices the importer sends it. A large file is
/// sent a slice at a time so that it is never all in memory at once, but a module still needs what it loaded or saw in
/// earlier slices: the organisation's existing rows, the ids already used. Another run (another import, or the same
/// one retried in a new transaction, which rolled back what was learnt) starts afresh.
/// </summary>
/// <remarks>Scoped: one per import's scope, registered by each module for its own state with <see cref="ImportRunMemoryRegistration.AddImportRunMemory{TState}"/>.</remarks>
public sealed class ImportRunMemory<TState>
    where TState : class
{
    private (Guid Run, Guid OrganisationId) _owner;
    private TState? _state;

    public ImportRunMemory(ImportRunMemories all) => all.Add(Forget);

    /// <summary>The run's state, loaded by <paramref name="load"/> at its first slice.</summary>
    public async ValueTask<TState> ForAsync(Guid run, Guid organisationId, Func<ValueTask<TState>> load)
    {
        if (_state is null || _owner != (run, organisationId))
        {
            // The last run's state is let go before the next is loaded, not held alongside it.
            _state = null;
            _state = await load();
            _owner = (run, organisationId);
        }

        return _state;
    }

    /// <summary>Forgets the run once its last slice is done (<see cref="ImportRunMemories.ForgetAll"/>): a large file's state is not small.</summary>
    private void Forget() => (_state, _owner) = (null, default);
}

/// <summary>
/// Every module's <see cref="ImportRunMemory{TState}"/> in one import's scope. The importer lets them all go once the
/// last slice is written: the scope lives on through the commit and the wait for the search index to take the import
/// in, which on a large file is the moment memory peaks.
/// </summary>
public sealed class ImportRunMemories
{
    private readonly List<Action> _forgetters = [];

    internal void Add(Action forget) => _forgetters.Add(forget);

    public void ForgetAll()
    {
        foreach (var forget in _forgetters)
        {
            forget();
        }
    }
}

public static class ImportRunMemoryRegistration
{
    /// <summary>Registers a module's memory of an import run, scoped, among the scope's <see cref="ImportRunMemories"/>.</summary>
    public static IServiceCollection AddImportRunMemory<TState>(this IServiceCollection services)
        where TState : class
    {
        services.TryAddScoped<ImportRunMemories>();
        services.AddScoped<ImportRunMemory<TState>>();
        return services;
    }
}
