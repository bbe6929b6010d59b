using FluentValidation;
using Mediator;
using RecoveryPlatform.SharedKernel.Pipeline;

namespace RecoveryPlatform.UnitTests.Pipeline;

public sealed class ValidationBehaviourTests
{
    public sealed record Rename(string? Name) : ICommand<string>;

    private sealed class RenameValidator : AbstractValidator<Rename>
    {
        public RenameValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(5);
    }

    private static ValueTask<string> Handler(Rename message, CancellationToken cancellationToken) => ValueTask.FromResult($"handled {message.Name}");

    [Fact]
    public async Task A_valid_message_reaches_its_handler()
    {
        var behaviour = new ValidationBehaviour<Rename, string>([new RenameValidator()]);
        (await behaviour.Handle(new Rename("Ok"), Handler, TestContext.Current.CancellationToken)).ShouldBe("handled Ok");
    }

    [Fact]
    public async Task An_invalid_message_never_reaches_its_handler_and_reports_each_field()
    {
        var reached = false;
        var behaviour = new ValidationBehaviour<Rename, string>([new RenameValidator()]);
        var failure = await Should.ThrowAsync<ValidationException>(async () => await behaviour.Handle(new Rename("Far too long"), (m, ct) =>
        {
            reached = true;
            return Handler(m, ct);
        }, TestContext.Current.CancellationToken));

        reached.ShouldBeFalse();
        failure.Errors.Select(e => e.PropertyName).ShouldBe(["Name"]);
    }

    [Fact]
    public async Task A_message_without_validators_passes_through()
    {
        var behaviour = new ValidationBehaviour<Rename, string>([]);
        (await behaviour.Handle(new Rename(null), Handler, TestContext.Current.CancellationToken)).ShouldBe("handled ");
    }
}
