using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Pipeline;

namespace RecoveryPlatform.UnitTests.Pipeline;

public sealed class UnitOfWorkBehaviourTests
{
    public sealed record Save(string Value) : ICommand<string>;

    private sealed class RecordingUnitOfWork : IUnitOfWork
    {
        public int Units { get; private set; }

        public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
        {
            Units++;
            return await work(cancellationToken);
        }
    }

    [Fact]
    public async Task A_command_runs_inside_its_modules_unit_of_work()
    {
        var unitOfWork = new RecordingUnitOfWork();
        var services = new ServiceCollection().AddKeyedSingleton<IUnitOfWork>(UnitOfWorkKeys.For(typeof(Save)), unitOfWork).BuildServiceProvider();
        var behaviour = new UnitOfWorkBehaviour<Save, string>(services);

        var result = await behaviour.Handle(new Save("x"), (m, _) => ValueTask.FromResult(m.Value), TestContext.Current.CancellationToken);

        result.ShouldBe("x");
        unitOfWork.Units.ShouldBe(1);
    }

    [Fact]
    public async Task A_command_of_a_module_without_a_database_runs_directly()
    {
        var behaviour = new UnitOfWorkBehaviour<Save, string>(new ServiceCollection().BuildServiceProvider());
        (await behaviour.Handle(new Save("y"), (m, _) => ValueTask.FromResult(m.Value), TestContext.Current.CancellationToken)).ShouldBe("y");
    }
}
