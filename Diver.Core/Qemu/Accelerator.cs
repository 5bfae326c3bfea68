namespace Diver.Qemu;

public enum Accelerator { Kvm, Tcg }

/// <summary>Whether KVM can run a Diver kernel here, and if not, why (said once in the boot line).</summary>
public readonly record struct KvmAvailability(bool DeviceOpens, bool RunsDiverKernels, string WhyNot)
{
    public static readonly KvmAvailability Yes = new(true, true, "");
    public static readonly KvmAvailability NoDevice = new(false, false, "no usable /dev/kvm");

    public bool Usable => DeviceOpens && RunsDiverKernels;
}

public static class AcceleratorProbe
{
    /// <summary>
    /// KVM when /dev/kvm can be opened for read and write (what QEMU needs) and is backed by
    /// hardware virtualization (kvm_intel or kvm_amd). A device node that exists but is not
    /// accessible is common in containers. Some nested hosts serve /dev/kvm with PVM (kvm_pvm),
    /// which runs only PVM-aware guests: it emulates an ordinary kernel instruction by instruction
    /// and stops at the first SSE instruction, so Diver kernels must use TCG there.
    /// </summary>
    public static KvmAvailability ProbeKvm(string devicePath = "/dev/kvm", string modulesPath = "/sys/module")
    {
        try
        {
            using var kvm = new FileStream(devicePath, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return KvmAvailability.NoDevice;
        }
        var hardware = Directory.Exists(Path.Combine(modulesPath, "kvm_intel")) || Directory.Exists(Path.Combine(modulesPath, "kvm_amd"));
        if (!hardware && Directory.Exists(Path.Combine(modulesPath, "kvm_pvm")))
            return new(true, false, "/dev/kvm is PVM, which cannot run Diver kernels");
        return KvmAvailability.Yes;
    }
}
