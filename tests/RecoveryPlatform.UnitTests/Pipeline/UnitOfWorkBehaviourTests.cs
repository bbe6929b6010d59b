using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Organisations;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Pipeline;

namespace RecoveryPlatform.UnitTests.Pipeline;

public sealed class UnitOfWorkBehaviourTests
{
    public sealed record Save(string Value) : ICommand<string>;

    public sealed record Orphan(string Value) : ICommand<string>;

    /// <summary>Makes this test assembly a "module" that handles <see cref="Save"/>.</summary>
    public sealed class SaveHandler : ICommandHandler<Save, string>
    {
        public ValueTask<string> Handle(Save command, CancellationToken cancellationToken) => ValueTask.FromResult(command.Value);
    }

    private sealed class RecordingUnitOfWork : IUnitOfWork
    {
        public int Units { get; private set; }

        public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
        {
            Units++;
            return await work(cancellationToken);
        }

        public Task<bool> ExecuteOnceAsync(Guid eventId, string handler, Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task SaveProgressAsync(IReadOnlyCollection<object> newRows, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static readonly MessageRouting Routing = MessageRouting.From([typeof(UnitOfWorkBehaviourTests).Assembly]);

    private static string ThisModule => UnitOfWorkKeys.For(typeof(SaveHandler));

    [Fact]
    public async Task A_command_runs_inside_the_unit_of_work_of_the_module_that_handles_it()
    {
        var unitOfWork = new RecordingUnitOfWork();
        var services = new ServiceCollection().AddKeyedSingleton<IUnitOfWork>(ThisModule, unitOfWork).BuildServiceProvider();
        var behaviour = new UnitOfWorkBehaviour<Save, string>(services, Routing);

        var result = await behaviour.Handle(new Save("x"), (m, _) => ValueTask.FromResult(m.Value), TestContext.Current.CancellationToken);

        result.ShouldBe("x");
        unitOfWork.Units.ShouldBe(1);
    }

    [Fact]
    public void A_command_declared_in_a_modules_contracts_belongs_to_the_module_that_handles_it()
    {
        var routing = MessageRouting.From([typeof(OrganisationsModule).Assembly]);

        routing.ModuleHandling(typeof(MintApiKeyCommand)).ShouldBe(typeof(OrganisationsModule).Assembly.GetName().Name);
        UnitOfWorkKeys.For(typeof(MintApiKeyCommand)).ShouldNotBe(routing.ModuleHandling(typeof(MintApiKeyCommand)), "the old lookup by the message's assembly found no unit of work");
    }

    [Fact]
    public async Task A_command_without_a_unit_of_work_fails_instead_of_running_unsaved()
    {
        var ran = false;
        var behaviour = new UnitOfWorkBehaviour<Save, string>(new ServiceCollection().BuildServiceProvider(), Routing);

        await Should.ThrowAsync<InvalidOperationException>(async () =>
            await behaviour.Handle(new Save("y"), (m, _) => { ran = true; return ValueTask.FromResult(m.Value); }, TestContext.Current.CancellationToken));

        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task A_command_no_module_handles_fails()
    {
        var services = new ServiceCollection().AddKeyedSingleton<IUnitOfWork>(ThisModule, new RecordingUnitOfWork()).BuildServiceProvider();
        var behaviour = new UnitOfWorkBehaviour<Orphan, string>(services, Routing);

        await Should.ThrowAsync<InvalidOperationException>(async () =>
            await behaviour.Handle(new Orphan("z"), (m, _) => ValueTask.FromResult(m.Value), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Start_up_refuses_a_module_whose_handlers_have_no_unit_of_work()
    {
        var services = new ServiceCollection().BuildServiceProvider();

        var refusal = Should.Throw<InvalidOperationException>(() => Routing.EnsureUnitsOfWork(services));

        refusal.Message.ShouldContain(nameof(Save));
    }

    [Fact]
    public void Start_up_accepts_a_module_whose_database_is_registered()
    {
        var services = new ServiceCollection().AddKeyedScoped<IUnitOfWork>(ThisModule, (_, _) => new RecordingUnitOfWork()).BuildServiceProvider();

        Should.NotThrow(() => Routing.EnsureUnitsOfWork(services));
    }
}
