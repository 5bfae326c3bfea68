#!/usr/bin/env bash
# What `dotnet test` costs per test: 200 trivial in-kernel tests under `dotnet test`, against the
# same 200 checks in one app under `dotnet run` (the floor: one boot, no per-test reporting), and
# against an xunit project of 200 trivial tests (what .NET users are used to). Prints one markdown section.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(cat "$root/artifacts/version.txt")"
work="$(mktemp -d /tmp/diver-bench-testing.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-packages" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDTERMINALLOGGER=off
hive="$work/hive"
mkdir -p "$work/diver"
# Diver projects see only the local feed; the xunit project uses the machine's usual sources.
cat > "$work/diver/nuget.config" <<XML
<configuration><packageSources><clear /><add key="diver" value="$root/artifacts/packages" /></packageSources></configuration>
XML
dotnet new install "$root/artifacts/packages/Diver.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null
dotnet new diver-test -o "$work/diver/suite" --debug:custom-hive "$hive" >/dev/null
dotnet new diver-nautilus -o "$work/diver/single" --debug:custom-hive "$hive" >/dev/null
rm "$work/diver/suite/tests.c" "$work/diver/single/main.c"
{
  echo '#include <diver/test.h>'
  for i in $(seq 1 200); do echo "DIVER_TEST(check_$i) { DIVER_ASSERT_EQ($i + 1, $((i + 1))); }"; done
} > "$work/diver/suite/tests.c"
{
  echo 'volatile int base = 1;'
  echo 'int main(void) {'
  echo '    int failed = 0;'
  for i in $(seq 1 200); do echo "    failed += ($i + base != $((i + 1)));"; done
  echo '    return failed;'
  echo '}'
} > "$work/diver/single/main.c"
mkdir -p "$work/xunit"
cat > "$work/xunit/XunitChecks.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsTestProject>true</IsTestProject><IsPackable>false</IsPackable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
  </ItemGroup>
</Project>
XML
{
  echo 'public class Checks {'
  for i in $(seq 1 200); do echo "  [Xunit.Fact] public void Check_$i() => Xunit.Assert.Equal($((i + 1)), $i + 1);"; done
  echo '}'
} > "$work/xunit/Checks.cs"
(cd "$work/diver/suite" && dotnet build -nologo -v q >/dev/null)
(cd "$work/diver/single" && dotnet build -nologo -v q >/dev/null)
(cd "$work/xunit" && dotnet build -nologo -v q >/dev/null)

launcher="$NUGET_PACKAGES/diver.sdk/$version/tools/launcher/linux-x64/diver"
python3 - "$work" "$launcher" <<'PY'
import os, statistics, subprocess, sys, time
work, launcher = sys.argv[1:3]
suite, single, xunit = (os.path.join(work, *p) for p in (("diver", "suite"), ("diver", "single"), ("xunit",)))

def timed(cmd, cwd, expect=0):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if p.returncode != expect:
        raise SystemExit(f"{cmd} in {cwd} exited {p.returncode}, expected {expect}:\n{p.stdout[-3000:]}")
    return elapsed

runs = 5
t_test, t_run, t_xunit, t_test1 = [], [], [], []
for _ in range(runs):   # alternated, so drift on a shared machine hits all alike
    t_test.append(timed(["dotnet", "test", "--no-build", "-p:TestVMs=1"], suite))
    t_test1.append(timed(["dotnet", "test", "--no-build", "-p:TestVMs=1", "--filter", "Name=check_1"], suite))
    t_run.append(timed(["dotnet", "run", "--no-build"], single))
    t_xunit.append(timed(["dotnet", "test", "--no-build"], xunit))
m = {k: statistics.median(v) for k, v in (("test", t_test), ("test1", t_test1), ("run", t_run), ("xunit", t_xunit))}
# The launcher alone, without MSBuild's evaluation (seconds of noise here), shows the per-test cost.
suite_net = os.path.join(suite, "bin", "Debug", "suite.net.json")
single_net = os.path.join(single, "bin", "Debug", "single.net.json")
l_test, l_test1, l_run = [], [], []
for _ in range(9):
    l_test.append(timed([launcher, "test", suite_net, "--vms", "1"], suite))
    l_test1.append(timed([launcher, "test", suite_net, "--vms", "1", "--filter", "Name=check_1"], suite))
    l_run.append(timed([launcher, "run", single_net, "--quiet"], single))
l = {k: statistics.median(v) for k, v in (("test", l_test), ("test1", l_test1), ("run", l_run))}
per_test = (l["test"] - l["test1"]) / 199
print("## `dotnet test`: per-test overhead (issue 12)")
print()
print("| measurement (median of %d, `--no-build`) | time | ratio to one `dotnet run` |" % runs)
print("| --- | --- | --- |")
print(f"| one `dotnet run` of an app making the same 200 checks | {m['run']:.2f} s | 1.00 |")
print(f"| `dotnet test`, 200 trivial in-kernel tests, 1 VM | {m['test']:.2f} s | {m['test'] / m['run']:.2f} |")
print(f"| `dotnet test --filter Name=check_1` (1 of the 200) | {m['test1']:.2f} s | {m['test1'] / m['run']:.2f} |")
print(f"| `dotnet test`, xunit project of 200 trivial tests | {m['xunit']:.2f} s | {m['xunit'] / m['run']:.2f} |")
print()
print("| the launcher alone (median of 9; what the targets above start) | time | ratio to `diver run` |")
print("| --- | --- | --- |")
print(f"| `diver run` of the app making the 200 checks (one boot) | {l['run'] * 1000:.0f} ms | 1.00 |")
print(f"| `diver test`, 200 tests, 1 VM (a listing boot + a running boot) | {l['test'] * 1000:.0f} ms | {l['test'] / l['run']:.2f} |")
print(f"| `diver test --filter Name=check_1` | {l['test1'] * 1000:.0f} ms | {l['test1'] / l['run']:.2f} |")
print()
print(f"Per in-kernel test: {per_test * 1000:.2f} ms ((launcher with 200 tests - with 1) / 199). The fixed part of `dotnet test` is "
      "MSBuild evaluation, one boot to list the tests and one boot to run them; each test adds two console lines "
      "at 115200 baud through the emulated UART and the host's parsing. All figures are TCG (/dev/kvm here cannot "
      "run Diver kernels) on a shared 2-core machine where other engineers were building at the same time, so "
      "compare the ratios, not the seconds.")
PY
