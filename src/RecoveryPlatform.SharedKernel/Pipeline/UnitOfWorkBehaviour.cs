using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Pipeline;

/// <summary>
/// Wraps every command in one transaction on the database of the module that declares it, and
/// saves the handler's changes at the end: a command either happens whole or not at all.
/// Queries pass straight through.
/// </summary>
public sealed class UnitOfWorkBehaviour<TMessage, TResponse>(IServiceProvider services)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    private static readonly string ModuleKey = UnitOfWorkKeys.For(typeof(TMessage));

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var unitOfWork = services.GetKeyedService<IUnitOfWork>(ModuleKey);
        if (unitOfWork is null)
        {
            return await next(message, cancellationToken);
        }

        return await unitOfWork.ExecuteAsync(ct => next(message, ct), cancellationToken);
    }
}
