#!/usr/bin/env bash
# What the launcher's supervision costs (issue 15): what `dotnet run` starts for the template app
# (diver-prestart, which starts QEMU paused from the last run's plan, then the NativeAOT launcher,
# which checks and resumes it) booting to exit ÷ the bare QEMU command it runs (`--print-command`),
# interleaved in one run; beside it the launcher started directly, and where its difference goes: the launcher's fixed start-up (planning only, --print-command), the parent-death
# wrapper (diver-pdeathsig, shipped beside the launcher) and the console-input relay. Prints one markdown section.
set -euo pipefail
runs="${DIVER_BENCH_RUNS:-31}"
workspace_name=bench-supervision
source "$(dirname "$0")/../template-workspace.sh"
new_app hello
(cd "$work/hello" && dotnet build -nologo -v q >/dev/null)

net="$work/hello/bin/Debug/hello.net.json"

python3 - "$launcher" "$net" "$runs" <<'PY'
import os, shlex, statistics, subprocess, sys, time

launcher, net, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
pdeathsig = os.path.join(os.path.dirname(launcher), "diver-pdeathsig")
prestart = os.path.join(os.path.dirname(launcher), "diver-prestart")
cache = os.path.join(os.path.dirname(net), "diver.prestart")

def timed(cmd, expect, stdin=subprocess.DEVNULL):
    start = time.perf_counter()
    p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if p.returncode != expect:
        raise SystemExit(f"{cmd} exited {p.returncode}, expected {expect}")
    return elapsed

bare = shlex.split(subprocess.run([launcher, "run", net, "--accel", "tcg", "--print-command"],
                                  capture_output=True, text=True, check=True).stdout.strip())
through_prestart = [prestart, cache, launcher, "run", net, "--quiet", "--accel", "tcg"]
timed(through_prestart, 0)   # the first run records the command the others start ahead
cases = {
    "diver-prestart + launcher, stdin /dev/null (what dotnet run starts)": lambda: timed(through_prestart, 0),
    "launcher, stdin /dev/null (relay on)": lambda: timed([launcher, "run", net, "--quiet", "--accel", "tcg"], 0),
    "bare QEMU": lambda: timed(bare, 3),
    "diver-pdeathsig + bare QEMU": lambda: timed([pdeathsig, str(os.getpid())] + bare, 3),
    "launcher --print-command (start-up and planning only)": lambda: timed([launcher, "run", net, "--quiet", "--accel", "tcg", "--print-command"], 0),
    "launcher --version (NativeAOT runtime start, no work)": lambda: timed([launcher, "--version"], 0),
    "/bin/true (a process's start and exit)": lambda: timed(["/bin/true"], 0),
}
load_before = os.getloadavg()[0]
times = {name: [] for name in cases}
for _ in range(runs):   # interleaved, so drift on a shared machine hits every case alike
    for name, run in cases.items():
        times[name].append(run())
median = {name: statistics.median(t) for name, t in times.items()}
ms = lambda s: f"{s * 1000:.1f} ms"
launch, qemu = median["launcher, stdin /dev/null (relay on)"], median["bare QEMU"]
ahead = median["diver-prestart + launcher, stdin /dev/null (what dotnet run starts)"]

print("## Launcher supervision cost (issue 15)")
print()
print(f"Median of {runs} interleaved runs of each, template app (Debug), TCG, {os.cpu_count()} host cores, "
      f"1-minute load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after.")
print()
print("| measurement | median |")
print("| --- | --- |")
for name in cases:
    print(f"| {name} | {ms(median[name])} |")
print()
print("| ratio | value | target |")
print("| --- | --- | --- |")
print(f"| dotnet run's path (diver-prestart + launcher) boot-to-exit ÷ bare QEMU | {ahead / qemu:.2f} | ≤ 1.05 |")
print(f"| launcher alone boot-to-exit ÷ bare QEMU | {launch / qemu:.2f} | |")
print()
planning = median['launcher --print-command (start-up and planning only)']
runtime = median['launcher --version (NativeAOT runtime start, no work)']
process = median['/bin/true (a process\'s start and exit)']
wrapper = median['diver-pdeathsig + bare QEMU'] - qemu
rest = launch - qemu - planning - max(wrapper, 0)
print(f"With QEMU started ahead, its own start-up (loading, machine set-up: about half of the bare run) overlaps the launcher's; "
      f"what remains is one more exec before QEMU's and the launcher's exit after it ({ms(ahead - qemu)} here).")
print()
print(f"Where the {ms(launch - qemu)} between the launcher alone and bare QEMU goes: one more process ({ms(process)}, /bin/true), the NativeAOT runtime's own start "
      f"beyond that ({ms(runtime - process)}), planning (reading the .net.json, checking the image and memory: {ms(planning - runtime)}), "
      f"the parent-death wrapper ({ms(wrapper) if wrapper > 0 else 'below the noise of this run'}: one more exec), and the rest ({ms(rest) if rest > 0 else 'below the noise of this run'}: "
      "starting and reaping QEMU through System.Diagnostics.Process, the memfd console log, the relay thread, reading the exit).")
PY
