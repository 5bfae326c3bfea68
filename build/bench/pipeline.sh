#!/usr/bin/env bash
# Pipelines and Slurm, side by side in one run: the makespan of a DAG of 20 DependsOn steps with
# known durations (local scheduler, Diver on Slurm, and the same DAG as bare sbatch jobs chained by
# hand) against its lower bound max(total work / cores, critical path), and the time to an app's
# first output line through Slurm: Diver's `slurm` verb against `srun` of the bare QEMU command it
# ends up running, and `dotnet run -p:Scheduler=Slurm` against `srun echo`, on the
# cluster of build/slurm-local.sh; and (channels part) the stage-to-stage throughput of a channel
# against `dd | cat` and a 1-byte ping-pong against a host pipe. Prints one markdown section.
# PIPELINE_BENCH=channels runs only the channels part, PIPELINE_BENCH=dag only the DAG/Slurm part;
# default both.
set -euo pipefail
workspace_name=bench-pipeline
source "$(dirname "$0")/../template-workspace.sh"
parts="${PIPELINE_BENCH:-dag,channels}"
echo "## Pipelines and Slurm (TCG)"
echo
if [[ ",$parts," == *",channels,"* ]]; then
  source "$(dirname "$0")/pipeline-channels.sh"
fi
if [[ ",$parts," != *",dag,"* ]]; then exit 0; fi
# The Slurm figures need the local cluster: started here if it is not up, and stopped again at the end.
if "$root/build/slurm-local.sh" status >/dev/null 2>&1; then started_slurm=0; else started_slurm=1; fi
"$root/build/slurm-local.sh" start >/dev/null
trap 'rm -rf "$work"; if [ "$started_slurm" = 1 ]; then "$root/build/slurm-local.sh" stop >/dev/null; fi' EXIT
eval "$("$root/build/slurm-local.sh" env)"
new_app spin
# A step that computes for argv[1] milliseconds of guest time, then prints one line.
cat > "$work/spin/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <nautilus/threads.h>
int main(int argc, char **argv)
{
    unsigned long long until = kernel_time_ns() + strtoull(argc > 1 ? argv[1] : "0", NULL, 10) * 1000000ULL;
    while (kernel_time_ns() < until) { }
    printf("done\n");
    return 0;
}
C
mkdir -p "$work/dag"
python3 - "$work/dag/dag.diverproj" "$version" <<'PY'
import json, random, sys
path, version = sys.argv[1:3]
rng = random.Random(20261203)
stages, steps = [], []
for i in range(20):
    deps = [f"s{d}" for d in range(i) if rng.random() < 0.12]
    seconds = 1 + rng.randrange(4)
    dep = f' DependsOn="{";".join(deps)}"' if deps else ""
    stages.append(f'    <Stage Include="../spin/spin.diverproj" Name="s{i}" Args="{seconds * 1000}" EstimatedSeconds="{seconds}"{dep} />')
    steps.append({"name": f"s{i}", "ms": seconds * 1000, "deps": deps})
json.dump(steps, open(path.replace("dag.diverproj", "steps.json"), "w"))
open(path, "w").write(f'''<Project Sdk="Diver.Sdk/{version}">
  <PropertyGroup><DiverProjectKind>Pipeline</DiverProjectKind></PropertyGroup>
  <ItemGroup>
{chr(10).join(stages)}
  </ItemGroup>
</Project>
''')
PY
(cd "$work/dag" && dotnet build -nologo -v q >/dev/null)
(cd "$work/spin" && dotnet build -nologo -v q >/dev/null)

python3 - "$work" "$launcher" <<'PY'
import json, os, re, shlex, statistics, subprocess, sys, time
work, launcher = sys.argv[1:3]
dag, spin = os.path.join(work, "dag"), os.path.join(work, "spin")

def timed(cmd, cwd):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{cmd} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return time.perf_counter() - start, p.stdout

plan = subprocess.run(["dotnet", "run", "--no-build", "-p:ShowPlan=true"], cwd=dag, capture_output=True, text=True, check=True).stdout
m = re.search(r"Predicted makespan ([\d.]+) s from the estimates \(lower bound ([\d.]+) s\)", plan)
predicted, bound = float(m.group(1)), float(m.group(2))
local, _ = timed(["dotnet", "run", "--no-build", "-p:Accelerator=tcg"], dag)

spin_net = os.path.join(spin, "bin", "Debug", "spin.net.json")
def bare_qemu(guest_ms):
    """The QEMU command the launcher runs for the spin net (the baseline Slurm runs without Diver)."""
    return subprocess.run([launcher, "run", spin_net, "--accel", "tcg", "--print-command", "--", str(guest_ms)],
                          capture_output=True, text=True, check=True).stdout.strip()

def sbatch_chain():
    """The DAG as Slurm runs it without Diver: bare QEMU commands as sbatch jobs chained with afterok
    by hand (QEMU exits 3 for the guest's 0: Diver.Core/Qemu/GuestExit.cs), the same requests, polled
    as Diver polls (0.3 s). Every job's output must show the step ran, or the baseline is void."""
    steps = json.load(open(os.path.join(dag, "steps.json")))
    commands = {step["name"]: bare_qemu(step["ms"]) for step in steps}
    start = time.perf_counter()
    ids = {}
    for step in steps:
        dep = ["--dependency=afterok:" + ":".join(ids[d] for d in step["deps"]), "--kill-on-invalid-dep=yes"] if step["deps"] else []
        ids[step["name"]] = subprocess.run(["sbatch", "--parsable", "--job-name=bare:" + step["name"], "--ntasks=1", "--cpus-per-task=1",
                                            "--mem=256M", f"--output={work}/bare-{step['name']}.out", *dep, "--wrap", commands[step["name"]] + "; [ $? -eq 3 ]"],
                                           capture_output=True, text=True, check=True).stdout.strip().split(";")[0]
    while subprocess.run(["squeue", "-h", "-j", ",".join(ids.values())], capture_output=True, text=True).stdout.strip():
        time.sleep(0.3)
    elapsed = time.perf_counter() - start
    for step in steps:
        with open(os.path.join(work, f"bare-{step['name']}.out")) as out:
            if "done" not in out.read():
                raise SystemExit(f"bare sbatch step {step['name']} did not run to its end; the baseline is void")
    return elapsed

# Diver on Slurm and the hand-chained bare jobs, alternated: one makespan each swings by seconds with
# where the scheduler's timer falls, so the ratio is taken per pair and the median pair reported.
pairs = []
for _ in range(int(os.environ.get("DAG_SLURM_RUNS", "3"))):
    pairs.append((timed(["dotnet", "run", "--no-build", "-p:Accelerator=tcg", "-p:Scheduler=Slurm"], dag)[0], sbatch_chain()))
slurm = statistics.median(p[0] for p in pairs)
bare_slurm = statistics.median(p[1] for p in pairs)
pair_ratios = sorted(p[0] / p[1] for p in pairs)

def first_line(cmd, cwd, marker):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = None
    for line in p.stdout:
        if first is None and marker in line:
            first = time.perf_counter() - start
    p.wait()
    return first if first is not None else float("nan")

staging = os.path.join(work, "slurm-staging")
srun_qemu = ["srun", "--ntasks=1", "--cpus-per-task=1", "--mem=256M", *shlex.split(bare_qemu(0))]
srun_true, via_diver, srun_bare, via_verb, direct = [], [], [], [], []
for _ in range(11):   # interleaved, so drift on a shared machine hits every case alike
    direct.append(first_line(["dotnet", "run", "--no-build", "-p:Accelerator=tcg", "--", "0"], spin, "done"))
    srun_true.append(first_line(["srun", "--ntasks=1", "echo", "done"], work, "done"))
    via_diver.append(first_line(["dotnet", "run", "--no-build", "-p:Accelerator=tcg", "-p:Scheduler=Slurm", "--", "0"], spin, "done"))
    srun_bare.append(first_line(srun_qemu, work, "done"))
    via_verb.append(first_line([launcher, "slurm", "--staging", staging, "--", "run", spin_net, "--accel", "tcg", "--", "0"], work, "done"))

cores = os.cpu_count()
print(f"A DAG of 20 `DependsOn` steps (1-4 s of guest compute each, 1 vCPU, seeded at random) on {cores} host cores, and one app through the")
print(f"cluster of `build/slurm-local.sh` (two nodes, both this host); 1-minute load average {os.getloadavg()[0]:.1f} at the end. Every boot pays its")
print("launcher and QEMU start-up on top of the estimates.")
print()
print("| measure | figure | baseline | ratio |")
print("| --- | --- | --- | --- |")
print(f"| makespan, local scheduler ÷ lower bound max(work ÷ cores, critical path) | {local:.1f} s | {bound:.1f} s | {local / bound:.2f} |")
print(f"| the plan's predicted makespan ÷ lower bound (list scheduling alone, no boots) | {predicted:.1f} s | {bound:.1f} s | {predicted / bound:.2f} |")
print(f"| makespan through Slurm (afterok jobs) ÷ local scheduler | {slurm:.1f} s | {local:.1f} s | {slurm / local:.2f} |")
print(f"| makespan, Diver on Slurm ÷ the same DAG as bare QEMU sbatch jobs chained by hand (what Diver adds to Slurm; median of {len(pairs)} alternated pairs) | {slurm:.1f} s | {bare_slurm:.1f} s | {statistics.median(pair_ratios):.2f} ({pair_ratios[0]:.2f}–{pair_ratios[-1]:.2f}) |")
ms = lambda s: f"{s * 1000:.0f} ms"
d, s, l = statistics.median(via_diver), statistics.median(srun_true), statistics.median(direct)
v, b = statistics.median(via_verb), statistics.median(srun_bare)
print(f"| first output line: launcher `slurm` verb (staging, verify, srun, launcher on the node) ÷ `srun` of the bare QEMU command | {ms(v)} | {ms(b)} | {v / b:.2f} |")
print(f"| first output line: `dotnet run -p:Scheduler=Slurm` ÷ `srun echo` | {ms(d)} | {ms(s)} | {d / s:.1f} |")
print(f"| first output line: `dotnet run -p:Scheduler=Slurm` − local `dotnet run` (what Slurm adds) | {ms(d - l)} | {ms(l)} (local) | {d / l:.2f} |")
print()
print("What limits these: the DAG's steps run one per core under TCG, each boot adding launcher and QEMU start-up; through")
print("Slurm each step is a batch job, so the scheduler's own latency (sched/backfill, job start, afterok release) comes on top.")
print("The `dotnet run` first-line figure includes `dotnet run`'s own start-up (MSBuild evaluation) and a boot, which `srun echo` pays neither of;")
print("the `slurm` verb row compares like with like: the same boot through Slurm, with and without Diver around it.")
PY
