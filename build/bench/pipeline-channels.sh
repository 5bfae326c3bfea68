# Sourced by build/bench/pipeline.sh (needs its workspace: root, work, version, launcher).
# Channel throughput: a two-stage pipeline (Posix 'zeros' writes N MiB to stdout, Posix 'drain'
# reads and counts them) timed at N and at 0 MiB (boots and start-up), so (N) / (t(N) - t(0)) is
# the stage-to-stage rate, beside `dd if=/dev/zero bs=1M count=N | cat >/dev/null`. Latency: a
# 1-byte ping-pong between this script and a guest echo over its two channels, beside the same
# ping-pong with `cat` over two host pipes. Waiting: a computing stage ('spin', SPIN_M million
# loop turns) feeding two stages that wait for its output, timed against 'spin' alone: on a host
# with fewer cores than stages, waiters that keep their vCPUs busy slow the stage that computes.
channels_mib="${CHANNELS_MIB:-1024}"
spin_m="${SPIN_M:-800}"
for app in zeros drain echo spin wait; do
  dotnet new diver-posix -o "$work/ch/$app" --debug:custom-hive "$work/hive" >/dev/null
done
source "$(dirname "${BASH_SOURCE[0]}")/stream-apps.sh"
stream_apps "$work/ch"
cat > "$work/ch/echo/main.c" <<'C'
#include <unistd.h>
int main(void)
{
    char c;
    while (read(0, &c, 1) == 1)
        if (write(1, &c, 1) != 1) return 2;
    return 0;
}
C
cat > "$work/ch/spin/main.c" <<C
#include <stdio.h>
int main(void)
{
    for (volatile long i = 0; i < ${spin_m}000000L; i++) { }
    puts("spun");
    return 0;
}
C
cat > "$work/ch/wait/main.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    char buf[256];
    long n, total = 0;
    while ((n = read(0, buf, sizeof buf)) > 0)
        total += n;
    printf("waited for %ld bytes\n", total);
    return 0;
}
C
mkdir -p "$work/ch/crowd"
cat > "$work/ch/crowd/crowd.diverproj" <<XML
<Project Sdk="Diver.Sdk/$version">
  <PropertyGroup><DiverProjectKind>Pipeline</DiverProjectKind></PropertyGroup>
  <ItemGroup>
    <Stage Include="../spin/spin.diverproj" />
    <Stage Include="../wait/wait.diverproj" Name="waitA" Input="spin" />
    <Stage Include="../wait/wait.diverproj" Name="waitB" Input="spin" />
  </ItemGroup>
</Project>
XML
mkdir -p "$work/ch/flow"
cat > "$work/ch/flow/flow.diverproj" <<XML
<Project Sdk="Diver.Sdk/$version">
  <PropertyGroup><DiverProjectKind>Pipeline</DiverProjectKind></PropertyGroup>
  <ItemGroup>
    <Stage Include="../zeros/zeros.diverproj" Args="\$(Mib)" />
    <Stage Include="../drain/drain.diverproj" Input="zeros" />
  </ItemGroup>
</Project>
XML
for app in zeros drain echo spin wait flow crowd; do (cd "$work/ch/$app" && dotnet build -nologo -v q >/dev/null); done

python3 - "$work/ch" "$launcher" "$channels_mib" <<'PY'
import os, subprocess, sys, time, statistics
ch, launcher, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
flow = os.path.join(ch, "flow")
pipeline_json = os.path.join(flow, "bin", "Debug", "flow.pipeline.json")

def timed(cmd, expect):
    """Seconds cmd took; it must exit 0 and print expect."""
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if p.returncode != 0 or expect not in p.stdout:
        raise SystemExit(f"{' '.join(cmd[1:3])} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return took

def run_flow(n):
    # The pipeline description carries Args as built; rewrite zeros' Args for this size.
    import json
    d = json.load(open(pipeline_json))
    for s in d["Stages" if "Stages" in d else "stages"]:
        key = "Args" if "Args" in s else "args"
        if s.get("Name", s.get("name")) == "zeros": s[key] = [str(n)]
    path = os.path.join(os.path.dirname(pipeline_json), f"flow-{n}.pipeline.json")
    json.dump(d, open(path, "w"))
    return timed([launcher, "pipeline", path, "--accel", "tcg", "-q"], f"drained {n << 20}")

def dd(n):
    start = time.perf_counter()
    subprocess.run(f"dd if=/dev/zero bs=1M count={n} status=none | cat >/dev/null", shell=True, check=True)
    return time.perf_counter() - start

# Alternated pairs: the boots' share (about a second) swings more than the transfer takes, so each
# transfer time is a full run minus the empty run just before it, and the figure is their median.
pairs = []
for _ in range(5):
    e = run_flow(0)
    pairs.append((e, run_flow(mib)))
empty = statistics.median(e for e, _ in pairs)
transfer = statistics.median(f - e for e, f in pairs)
pipe = statistics.median(dd(mib) for _ in range(5))
channel_rate = mib / max(transfer, 1e-9)
pipe_rate = mib / pipe

def pingpong(cmd, pass_fds=(), rounds=2000, to_fd=None, from_fd=None, proc_kwargs=None):
    p = subprocess.Popen(cmd, pass_fds=pass_fds, **(proc_kwargs or {}))
    # warm up (the guest boots) and then time
    for _ in range(50):
        os.write(to_fd, b"x"); assert os.read(from_fd, 1) == b"x"
    times = []
    for _ in range(rounds):
        t = time.perf_counter_ns(); os.write(to_fd, b"x"); os.read(from_fd, 1); times.append(time.perf_counter_ns() - t)
    os.close(to_fd)
    p.wait()
    return statistics.median(times) / 1000

# host pipes: this script <-> cat
a_r, a_w = os.pipe(); b_r, b_w = os.pipe()
host_us = pingpong(["cat"], rounds=2000, to_fd=a_w, from_fd=b_r, proc_kwargs={"stdin": a_r, "stdout": b_w})
os.close(a_r); os.close(b_w); os.close(b_r)
# channels: this script <-> launcher <-> guest echo
a_r, a_w = os.pipe(); b_r, b_w = os.pipe()
echo = os.path.join(ch, "echo", "bin", "Debug", "echo.net.json")
chan_us = pingpong([launcher, "run", echo, "--accel", "tcg", "-q", "--channel-in", str(a_r), "--channel-out", str(b_w)],
                   pass_fds=(a_r, b_w), rounds=2000, to_fd=a_w, from_fd=b_r)
# waiting: 'spin' alone, then feeding two stages that wait for its output
spin_net = os.path.join(ch, "spin", "bin", "Debug", "spin.net.json")
crowd_json = os.path.join(ch, "crowd", "bin", "Debug", "crowd.pipeline.json")
alone, crowded = [], []
for _ in range(3):
    alone.append(timed([launcher, "run", spin_net, "--accel", "tcg", "-q"], "spun"))
    crowded.append(timed([launcher, "pipeline", crowd_json, "--accel", "tcg", "-q"], "waited for 5 bytes"))
spin_alone, spin_crowded = statistics.median(alone), statistics.median(crowded)
load = os.getloadavg()[0]
print(f"Channels: two Posix stages (`zeros` writes {mib} MiB to stdout, `drain` reads it), 1 vCPU each, TCG, {os.cpu_count()} host cores,")
print(f"load average {load:.2f} at the end. Rate = {mib} MiB ÷ the median over 5 alternated pairs of (pipeline time − the same pipeline")
print(f"moving 0 MiB just before it: {empty:.2f} s of boots); the host pipe: median of 5.")
print()
print("| measure | figure | baseline | ratio |")
print("| --- | --- | --- | --- |")
print(f"| stage-to-stage throughput, channel ÷ host pipe (`dd bs=1M count={mib} \\| cat >/dev/null`) | {channel_rate:.0f} MiB/s | {pipe_rate:.0f} MiB/s | {channel_rate / pipe_rate:.2f} |")
print(f"| 1-byte round trip, host ↔ guest echo over its two channels ÷ host ↔ `cat` over two pipes (median of 2000) | {chan_us:.0f} µs | {host_us:.0f} µs | {chan_us / host_us:.1f} |")
print(f"| a computing stage feeding two stages that wait for its output ÷ the computing stage alone (median of 3, alternated) | {spin_crowded:.2f} s | {spin_alone:.2f} s | {spin_crowded / spin_alone:.2f} |")
print()
PY
