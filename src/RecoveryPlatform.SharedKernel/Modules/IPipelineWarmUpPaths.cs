namespace RecoveryPlatform.SharedKernel.Modules;

/// <summary>
/// Requests a module wants sent through the whole HTTP pipeline after the server listens and before readiness turns
/// healthy, so that a restarted instance meets its first real traffic with optimised code: the host sends them over
/// loopback, over and over, until the runtime stops compiling (the API's PipelineWarmUp). A module with nothing worth
/// warming (a small directory) gives none.
/// </summary>
public interface IPipelineWarmUpPaths
{
    /// <summary>Anonymous GET paths with their query strings (<c>/api/v1/meetings?near=LS6</c>); distinct, so that many of them miss any answer cache.</summary>
    IReadOnlyList<string> GetPaths();
}
