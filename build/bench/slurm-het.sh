#!/usr/bin/env bash
# A stream group through Slurm, side by side in one run: the same two Posix stages ('zeros' writes N
# MiB to stdout, 'drain' counts them) as one job on one node (stages that ask alike: shared-memory
# link) and as a heterogeneous job (drain asks for more memory: a component each, the stream over
# srun's I/O forwarding), each timed at N and at 0 MiB, so N / (t(N) - t(0)) is the stream's rate and
# t(0) the group's start-up through Slurm. On the two-node cluster of build/slurm-local.sh (both nodes
# this host). Prints one markdown section.
set -euo pipefail
workspace_name=bench-slurm-het
source "$(dirname "$0")/../template-workspace.sh"
mib="${HET_MIB:-64}"
rounds="${HET_ROUNDS:-3}"
if "$root/build/slurm-local.sh" status >/dev/null 2>&1; then started_slurm=0; else started_slurm=1; fi
"$root/build/slurm-local.sh" start >/dev/null
trap 'rm -rf "$work"; if [ "$started_slurm" = 1 ]; then "$root/build/slurm-local.sh" stop >/dev/null; fi' EXIT
eval "$("$root/build/slurm-local.sh" env)"
for app in zeros drain; do
  dotnet new diver-posix -o "$work/$app" --debug:custom-hive "$work/hive" >/dev/null
done
source "$(dirname "$0")/stream-apps.sh"
stream_apps "$work"
# one-N, one-0: stages alike (one job); het-N, het-0: drain asks for 256M (a heterogeneous job).
for kind in one het; do
  for n in "$mib" 0; do
    memory=""; [ "$kind" = het ] && memory=' Memory="256M"'
    mkdir -p "$work/$kind-$n"
    cat > "$work/$kind-$n/$kind-$n.diverproj" <<XML
<Project Sdk="Diver.Sdk/$version">
  <PropertyGroup><DiverProjectKind>Pipeline</DiverProjectKind></PropertyGroup>
  <ItemGroup>
    <Stage Include="../zeros/zeros.diverproj" Args="$n" />
    <Stage Include="../drain/drain.diverproj" Input="zeros"$memory />
  </ItemGroup>
</Project>
XML
  done
done
for app in zeros drain "one-$mib" one-0 "het-$mib" het-0; do (cd "$work/$app" && dotnet build -nologo -v q >/dev/null); done

python3 - "$work" "$launcher" "$mib" "$rounds" <<'PY'
import os, subprocess, sys, time, statistics
work, launcher, mib, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def run(kind, n):
    d = os.path.join(work, f"{kind}-{n}")
    pipeline = os.path.join(d, "bin", "Debug", f"{kind}-{n}.pipeline.json")
    start = time.perf_counter()
    p = subprocess.run([launcher, "slurm", pipeline], cwd=d, capture_output=True, text=True)
    took = time.perf_counter() - start
    if p.returncode != 0 or f"drained {n << 20}" not in p.stdout:
        raise SystemExit(f"{kind}-{n} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return took

# Alternate the two kinds so a change in the host's load falls on both.
times = {(k, n): [] for k in ("one", "het") for n in (0, mib)}
for _ in range(rounds):
    for k in ("one", "het"):
        for n in (0, mib):
            times[(k, n)].append(run(k, n))
med = {key: statistics.median(v) for key, v in times.items()}
rate = {k: mib / max(med[(k, mib)] - med[(k, 0)], 1e-9) for k in ("one", "het")}
load = open("/proc/loadavg").read().split()[0]
print("### A stream group through Slurm: one job vs a heterogeneous job (issue 11)")
print()
print(f"`build/bench/slurm-het.sh`: zeros ({mib} MiB) | drain, Posix, 1 vCPU each, TCG, the two-node cluster of")
print(f"`build/slurm-local.sh` (both nodes this host); median of {rounds} alternated runs each; 1-minute load {load} at the end.")
print()
print("| measure | heterogeneous job | one job | ratio |")
print("| --- | --- | --- | --- |")
print(f"| group start-up and end through Slurm, 0 MiB | {med[('het', 0)]:.2f} s | {med[('one', 0)]:.2f} s | {med[('het', 0)] / med[('one', 0)]:.2f} |")
print(f"| stream rate, {mib} MiB ÷ (t({mib}) − t(0)) | {rate['het']:.0f} MiB/s | {rate['one']:.0f} MiB/s | {rate['het'] / rate['one']:.2f} |")
PY
