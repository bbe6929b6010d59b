using Microsoft.Extensions.Hosting;

namespace RecoveryPlatform.SharedKernel.Modules;

public static class HostStart
{
    /// <summary>
    /// Waits until the host has started (every database migrated, every start-up task run, the server listening) and
    /// says whether it did: false when the host is stopped first. Background services that need the migrated databases
    /// or the loaded search index begin with it, since they are started before the start-up tasks have run.
    /// </summary>
    public static async Task<bool> WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
