namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// Work a command wants done only once its transaction has committed: clearing a cache, publishing
/// an in-process integration event. Queued by handlers, run by the unit of work after the commit;
/// dropped if the command fails.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Func<CancellationToken, Task>> _pending = [];

    public void Enqueue(Func<CancellationToken, Task> action) => _pending.Add(action);

    public void Enqueue(Action action) => _pending.Add(_ => { action(); return Task.CompletedTask; });

    /// <summary>
    /// Publishes an integration event once the change it announces is committed, so a rolled-back change
    /// is never announced. In-process and not durable: a crash between commit and publish loses it.
    /// </summary>
    public void Publish<TNotification>(Mediator.IPublisher publisher, TNotification notification)
        where TNotification : Mediator.INotification =>
        _pending.Add(cancellationToken => publisher.Publish(notification, cancellationToken).AsTask());

    internal void Discard() => _pending.Clear();

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        // Actions may queue more (an event handler running its own command); run until none are left.
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            foreach (var action in batch)
            {
                await action(cancellationToken);
            }
        }
    }
}
