#!/usr/bin/env bash
# Soak test (not part of CI): N boots in a row (default 200) of the template app through
# diver-prestart and the NativeAOT launcher (what dotnet run starts), each with a random fault injected: a kernel panic, a hang stopped by a short
# RunTimeout, or SIGKILL/SIGINT/SIGTERM at a random moment to the launcher or to its parent
# (the launcher runs with --exit-with-parent under a shell, as under dotnet run), in VM and SplitVM.
# After every boot it checks that nothing is left running (no process mentions the workspace)
# and nothing is left on disk (/dev/shm, the run's private temp folder). Prints a summary table.
#   build/soak.sh [RUNS]     (after build/pack.sh)
set -euo pipefail
runs="${1:-200}"
workspace_name=soak
source "$(dirname "$0")/template-workspace.sh"
for variant in ok panic hang; do new_app "$variant"; done
cat > "$work/ok/main.c" <<'C'
#include <stdio.h>
int main(void) { FILE *f = fopen("soak.txt", "w"); if (f) { fputs("ok\n", f); fclose(f); } printf("done\n"); return 7; }
C
cat > "$work/panic/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void) { printf("about to abort\n"); abort(); }
C
cat > "$work/hang/main.c" <<'C'
#include <stdio.h>
int main(void) { printf("spinning\n"); for (;;) { } }
C
for variant in ok panic hang; do (cd "$work/$variant" && dotnet build -nologo -v q >/dev/null); done

python3 - "$work" "$launcher" "$runs" <<'PY'
import collections, os, random, signal, subprocess, sys, time

work, launcher, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
prestart = os.path.join(os.path.dirname(launcher), "diver-prestart")
random.seed(int(os.environ.get("DIVER_SOAK_SEED", "15")))
faults = ["none", "panic", "hang+timeout", "SIGKILL launcher", "SIGINT launcher", "SIGTERM launcher",
          "SIGKILL parent", "SIGTERM parent", "SIGHUP parent"]
count = collections.Counter()
started_ahead = collections.Counter()   # runs whose QEMU diver-prestart started (seen by its monitor option)
leftovers = []

def mentioning(marker):
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids

def shm():
    return {e for e in os.listdir("/dev/shm")} if os.path.isdir("/dev/shm") else set()

for i in range(runs):
    mode = random.choice(["VM", "SplitVM"])
    fault = random.choice(faults)
    variant = {"none": "ok", "panic": "panic"}.get(fault, "hang")
    run_dir = os.path.join(work, "runs", str(i))
    tmp = os.path.join(run_dir, "tmp")
    os.makedirs(tmp)
    net = os.path.join(work, variant, "bin", "Debug", f"{variant}.net.json")
    timeout = "2" if fault == "hang+timeout" else "120"
    # Through diver-prestart, as dotnet run starts an app: the same arguments run after run (runs are one
    # after another, so the workspace marks this run's processes), so VM runs resume a QEMU started ahead.
    cache = os.path.join(work, variant, f"prestart-{timeout}.cache")
    cmd = [prestart, cache, launcher, "run", net, "--accel", "tcg", "--mode", mode, "--sandbox", os.path.join(work, "box"),
           "--timeout", timeout, "--exit-with-parent", "--", work]
    # The launcher's parent names itself, as dotnet run does (docs/process-lifetime.md).
    env = dict(os.environ, TMPDIR=tmp, DIVER_LAUNCHER_PARENT=str(os.getpid()))
    before = shm()
    if "parent" in fault:
        # The shell stays the launcher's parent (the trailing command keeps it from exec'ing).
        proc = subprocess.Popen(["sh", "-c", 'DIVER_LAUNCHER_PARENT=$$ "$0" "$@"; true'] + cmd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The pids of this run (launcher, QEMU), sampled while it runs: other users' Diver runs may create
    # /dev/shm files at the same time, and only this run's are its leftovers.
    seen = {proc.pid}
    ahead = False
    def sample():
        nonlocal_ahead = False
        for pid in mentioning(work):
            seen.add(pid)
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    nonlocal_ahead |= b"id=diverctl" in f.read()
            except OSError:
                pass
        return nonlocal_ahead
    if fault.startswith("SIG"):
        deadline = time.time() + random.uniform(0.0, 1.5)   # any moment: before QEMU starts, while booting, while running
        while time.time() < deadline:
            ahead |= sample(); time.sleep(0.02)
        os.kill(proc.pid, getattr(signal, fault.split()[0]))
    end = time.time() + 180
    while proc.poll() is None and time.time() < end:
        ahead |= sample(); time.sleep(0.02)
    if proc.poll() is None:
        proc.kill(); proc.wait()
        leftovers.append((i, mode, fault, "the run did not end within 180 s"))
    deadline = time.time() + 10
    while mentioning(work) and time.time() < deadline:
        time.sleep(0.1)
    left = mentioning(work)
    files = os.listdir(tmp) + [f for f in shm() - before if any(f.startswith(f"diver-{pid}-") for pid in seen)]
    if left or files:
        leftovers.append((i, mode, fault, f"processes {left} files {files}"))
        for pid in left:
            try: os.kill(pid, signal.SIGKILL)
            except OSError: pass
    count[(mode, fault)] += 1
    started_ahead[mode] += ahead

print("## Soak: faults injected, leftovers (issue 15)")
print()
print(f"`build/soak.sh {runs}`: {runs} boots of the template app through diver-prestart and the NativeAOT launcher (as dotnet run starts them), TCG, "
      "each with one random fault; after each, no process may mention the workspace and no file may be left "
      "in its temp folder or /dev/shm.")
print()
print("| mode | fault | runs |")
print("| --- | --- | --- |")
for (mode, fault), n in sorted(count.items()):
    print(f"| {mode} | {fault} | {n} |")
print()
vm_runs = sum(n for (mode, _), n in count.items() if mode == "VM")
print(f"VM runs whose QEMU diver-prestart had started ahead (a SIGKILL before it ran may hide it): {started_ahead['VM']} of {vm_runs}; "
      f"SplitVM runs (never started ahead): {started_ahead['SplitVM']}.")
print()
print(f"Leftovers: {len(leftovers)} (target 0).")
for i, mode, fault, what in leftovers:
    print(f"- run {i} ({mode}, {fault}): {what}")
sys.exit(1 if leftovers else 0)
PY
