#!/usr/bin/env bash
# Soak test (not part of CI): N boots in a row (default 200) of the template app through the
# NativeAOT launcher, each with a random fault injected: a kernel panic, a hang stopped by a short
# RunTimeout, or SIGKILL/SIGINT/SIGTERM at a random moment to the launcher or to its parent
# (the launcher runs with --exit-with-parent under a shell, as under dotnet run), in VM and SplitVM.
# After every boot it checks that nothing is left running (no process mentions the run's folder)
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
random.seed(int(os.environ.get("DIVER_SOAK_SEED", "15")))
faults = ["none", "panic", "hang+timeout", "SIGKILL launcher", "SIGINT launcher", "SIGTERM launcher",
          "SIGKILL parent", "SIGTERM parent", "SIGHUP parent"]
count = collections.Counter()
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
    cmd = [launcher, "run", net, "--accel", "tcg", "--mode", mode, "--sandbox", os.path.join(run_dir, "box"),
           "--timeout", "2" if fault == "hang+timeout" else "120", "--exit-with-parent", "--", run_dir]
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
    def sample():
        seen.update(mentioning(run_dir))
    if fault.startswith("SIG"):
        deadline = time.time() + random.uniform(0.0, 1.5)   # any moment: before QEMU starts, while booting, while running
        while time.time() < deadline:
            sample(); time.sleep(0.02)
        os.kill(proc.pid, getattr(signal, fault.split()[0]))
    end = time.time() + 180
    while proc.poll() is None and time.time() < end:
        sample(); time.sleep(0.02)
    if proc.poll() is None:
        proc.kill(); proc.wait()
        leftovers.append((i, mode, fault, "the run did not end within 180 s"))
    deadline = time.time() + 10
    while mentioning(run_dir) and time.time() < deadline:
        time.sleep(0.1)
    left = mentioning(run_dir)
    files = os.listdir(tmp) + [f for f in shm() - before if any(f.startswith(f"diver-{pid}-") for pid in seen)]
    if left or files:
        leftovers.append((i, mode, fault, f"processes {left} files {files}"))
        for pid in left:
            try: os.kill(pid, signal.SIGKILL)
            except OSError: pass
    count[(mode, fault)] += 1

print("## Soak: faults injected, leftovers (issue 15)")
print()
print(f"`build/soak.sh {runs}`: {runs} boots of the template app through the NativeAOT launcher, TCG, "
      "each with one random fault; after each, no process may mention the run's folder and no file may be left "
      "in its temp folder or /dev/shm.")
print()
print("| mode | fault | runs |")
print("| --- | --- | --- |")
for (mode, fault), n in sorted(count.items()):
    print(f"| {mode} | {fault} | {n} |")
print()
print(f"Leftovers: {len(leftovers)} (target 0).")
for i, mode, fault, what in leftovers:
    print(f"- run {i} ({mode}, {fault}): {what}")
sys.exit(1 if leftovers else 0)
PY
