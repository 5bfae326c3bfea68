namespace Diver.Qemu;

/// <summary>
/// The deploy mode a net or a pipeline stage runs in when nothing says otherwise. The modes themselves
/// are the launcher's, in one place (Diver.Cli/Modes, DeployModeRegistry, whose first entry this names);
/// the build checks a stage's mode against the modes its kernel's manifest lists, and the launcher
/// refuses a name it does not know (DIVER3001), so a new mode needs no list here.
/// </summary>
public static class DeployModes
{
    public const string Default = "VM";
}
