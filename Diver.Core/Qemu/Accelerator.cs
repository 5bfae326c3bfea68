namespace Diver.Qemu;

public enum Accelerator { Kvm, Tcg }

public static class AcceleratorProbe
{
    /// <summary>
    /// KVM when /dev/kvm can be opened for read and write (what QEMU needs), TCG otherwise. A
    /// device node that exists but is not accessible is common in containers, so existence alone
    /// is not enough.
    /// </summary>
    public static Accelerator Detect(string devicePath = "/dev/kvm")
    {
        try
        {
            using var kvm = new FileStream(devicePath, FileMode.Open, FileAccess.ReadWrite);
            return Accelerator.Kvm;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Accelerator.Tcg;
        }
    }
}
