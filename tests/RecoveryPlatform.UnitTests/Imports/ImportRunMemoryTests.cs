using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.UnitTests.Imports;

public sealed class ImportRunMemoryTests
{
    private sealed class Places(int load) { public int Load { get; } = load; }

    private sealed class Groups(int load) { public int Load { get; } = load; }

    private static readonly Guid Run = Guid.NewGuid();
    private static readonly Guid Organisation = Guid.NewGuid();

    private static ServiceProvider Services() =>
        new ServiceCollection().AddImportRunMemory<Places>().AddImportRunMemory<Groups>().BuildServiceProvider(validateScopes: true);

    [Fact]
    public async Task A_run_is_loaded_once_and_kept_between_slices()
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var places = scope.ServiceProvider.GetRequiredService<ImportRunMemory<Places>>();
        var loads = 0;

        var first = await places.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)));
        var second = await places.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)));

        second.ShouldBeSameAs(first);
        loads.ShouldBe(1);
        (await places.ForAsync(Guid.NewGuid(), Organisation, () => ValueTask.FromResult(new Places(++loads)))).Load.ShouldBe(2, "another run starts afresh");
    }

    [Fact]
    public async Task Forgetting_all_lets_go_of_every_modules_memory_in_the_scope_and_no_other()
    {
        await using var services = Services();
        await using var importing = services.CreateAsyncScope();
        await using var other = services.CreateAsyncScope();
        var loads = 0;
        var places = importing.ServiceProvider.GetRequiredService<ImportRunMemory<Places>>();
        var groups = importing.ServiceProvider.GetRequiredService<ImportRunMemory<Groups>>();
        var otherPlaces = other.ServiceProvider.GetRequiredService<ImportRunMemory<Places>>();
        await places.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)));
        await groups.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Groups(++loads)));
        var kept = await otherPlaces.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)));

        importing.ServiceProvider.GetRequiredService<ImportRunMemories>().ForgetAll();

        (await places.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)))).Load.ShouldBe(4, "loaded again");
        (await groups.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Groups(++loads)))).Load.ShouldBe(5, "loaded again");
        (await otherPlaces.ForAsync(Run, Organisation, () => ValueTask.FromResult(new Places(++loads)))).ShouldBeSameAs(kept, "another scope's import is not this one's");
    }
}
