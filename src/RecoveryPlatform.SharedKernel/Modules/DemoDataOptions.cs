namespace RecoveryPlatform.SharedKernel.Modules;

/// <summary>Bound by the host: whether to seed the demo directory, and where to write demo credentials.</summary>
public sealed class DemoDataOptions
{
    /// <summary>Seed a demo directory into an empty database (<c>RecoveryPlatform:SeedDemoData</c>, on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where demo API keys are written, in Development only; null elsewhere, and then no demo keys are made.</summary>
    public string? KeysFilePath { get; set; }
}
