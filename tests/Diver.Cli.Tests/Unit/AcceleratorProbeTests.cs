using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public sealed class AcceleratorProbeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-kvm-probe-").FullName;
    string Device => Path.Combine(_dir, "kvm");
    string Modules => Path.Combine(_dir, "module");

    public AcceleratorProbeTests() => Directory.CreateDirectory(Modules);

    void Module(string name) => Directory.CreateDirectory(Path.Combine(Modules, name));

    [Fact]
    public void Missing_device_means_no_kvm()
    {
        Assert.Equal(KvmAvailability.NoDevice, AcceleratorProbe.ProbeKvm(Device, Modules));
    }

    [Theory]
    [InlineData("kvm_amd")]
    [InlineData("kvm_intel")]
    public void Hardware_kvm_is_usable(string module)
    {
        File.WriteAllText(Device, "");
        Module("kvm");
        Module(module);

        Assert.True(AcceleratorProbe.ProbeKvm(Device, Modules).Usable);
    }

    [Fact]
    public void Pvm_opens_but_cannot_run_diver_kernels()
    {
        File.WriteAllText(Device, "");
        Module("kvm");
        Module("kvm_pvm");

        var kvm = AcceleratorProbe.ProbeKvm(Device, Modules);

        Assert.True(kvm.DeviceOpens);
        Assert.False(kvm.Usable);
        Assert.Contains("PVM", kvm.WhyNot);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
