using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Pipeline;

/// <summary>
/// Wraps every command in one transaction on the database of the module whose handler handles it, and
/// saves the handler's changes (and the events it recorded) at the end: a command either happens whole
/// or not at all. A command no module's unit of work can run is an error, never run without one;
/// start-up refuses such a composition (<see cref="MessageRouting.EnsureUnitsOfWork"/>). Queries pass straight through.
/// </summary>
public sealed class UnitOfWorkBehaviour<TMessage, TResponse>(IServiceProvider services, MessageRouting routing)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var module = routing.ModuleHandling(typeof(TMessage))
            ?? throw new InvalidOperationException($"No module handles {typeof(TMessage).Name}.");
        var unitOfWork = services.GetRequiredKeyedService<IUnitOfWork>(module);
        return await unitOfWork.ExecuteAsync(ct => next(message, ct), cancellationToken);
    }
}
