#!/usr/bin/env bash
# A real Slurm cluster on this machine, two nodes both this host (Debian's slurm-wlm and munge), for the tests
# and for trying `dotnet run -p:Scheduler=Slurm` without a cluster at hand.
#
#   build/slurm-local.sh start    installs what is missing, starts munged, slurmctld and slurmd (idempotent)
#   build/slurm-local.sh status   says whether the cluster runs, and prints `export SLURM_CONF=...`
#   build/slurm-local.sh stop     stops every daemon it started and leaves nothing running
#   build/slurm-local.sh env      prints `export SLURM_CONF=...` for eval in scripts
#
# Everything lives under one state folder ($DIVER_SLURM_STATE, default /var/lib/diver-slurm): the
# configuration, spool, logs and pid files. The daemons listen on free ports chosen at the first
# start, so a real Slurm installation on the same host is left alone; clients find the cluster
# through SLURM_CONF (status prints it), or through /etc/slurm/slurm.conf when that file is free.
# The plugins are the ones that work in a container: proctrack/linuxproc, task/none,
# select/cons_tres (no cgroups needed). The cluster has two nodes, both this host (two slurmd, each
# with its own port): Slurm's backfill scheduler starts a heterogeneous job only when it can place
# each component on a node of its own, so a single node would queue a stream group's hetjob forever.
set -euo pipefail
state="${DIVER_SLURM_STATE:-/var/lib/diver-slurm}"
conf="$state/slurm.conf"
command="${1:-status}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi

install_missing() {
  local missing=()
  command -v slurmctld >/dev/null 2>&1 || missing+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || missing+=(slurmd)
  command -v srun >/dev/null 2>&1 || missing+=(slurm-client)
  command -v munged >/dev/null 2>&1 || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The node names: this host's, and the second slurmd's.
nodes() { local node; node="$(hostname -s)"; echo "$node ${node}2"; }

write_config() {
  # A configuration from before the second node is replaced (the cluster must be down for that).
  if [ -f "$conf" ] && ! grep -q '^# nodes: 2$' "$conf"; then
    stop >/dev/null
    rm -rf "$conf" "$state/ctld"
  fi
  [ -f "$conf" ] && return 0
  local node cpus memory ctld_port d_port
  node="$(hostname -s)"
  cpus="$(nproc)"
  # Leave the host some memory of its own; Slurm refuses jobs asking for more than RealMemory.
  memory="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"
  ctld_port="$(free_port)"
  d_port="$(free_port)"
  mkdir -p "$state/ctld" "$state/d" "$state/log"
  cat > "$conf" <<EOF
# Written by Diver's build/slurm-local.sh: a cluster for tests and trials, two nodes on this host.
# nodes: 2
ClusterName=diver-local
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
# Heterogeneous jobs are started by the backfill scheduler only: look every second, not every 30.
SchedulerParameters=bf_interval=1
MpiDefault=none
ReturnToService=2
# Refuse at submission what the partition can never run (more CPUs than its nodes have), instead of
# queueing it for good.
EnforcePartLimits=ALL
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d/%n
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd-%n.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd-%n.log
# Jobs that end are forgotten quickly, so sacct-less queries stay small; a killed job step ends fast.
MinJobAge=300
KillWait=5
# An allocation whose srun is gone (srun itself killed outright, so it could not cancel its step) ends
# after 30 s instead of running its VM for good.
InactiveLimit=30
# Both nodes are this host's cores and memory; the first is preferred (Weight), so a job lands on the
# second only when the first is busy or a hetjob needs a second node.
NodeName=$node NodeAddr=127.0.0.1 Port=$d_port CPUs=$cpus RealMemory=$memory Weight=1 State=UNKNOWN
NodeName=${node}2 NodeAddr=127.0.0.1 Port=$(free_port) CPUs=$cpus RealMemory=$memory Weight=2 State=UNKNOWN
PartitionName=debug Nodes=$node,${node}2 Default=YES MaxTime=INFINITE State=UP
EOF
}

# Clients without SLURM_CONF read /etc/slurm/slurm.conf: point it at ours unless another
# installation owns that file.
link_default_config() {
  local default=/etc/slurm/slurm.conf
  if [ ! -e "$default" ] || [ "$(readlink "$default" 2>/dev/null)" = "$conf" ]; then
    $sudo mkdir -p /etc/slurm
    $sudo ln -sfn "$conf" "$default"
  fi
}

wait_for_node() {
  for _ in $(seq 1 100); do
    if [ "$(SLURM_CONF="$conf" sinfo -h -N -o '%T' 2>/dev/null | grep -cE '^(idle|mixed|allocated)')" -ge 2 ]; then return 0; fi
    sleep 0.2
  done
  echo "slurm-local: the node did not become idle; see $state/log/" >&2
  SLURM_CONF="$conf" sinfo >&2 || true
  return 1
}

start() {
  install_missing
  write_config
  link_default_config
  mkdir -p "$state/munge" "$state/log"
  if ! pid_alive "$state/munged.pid"; then
    # munged refuses to run as root unless forced; the key is the one the munge package generated.
    munged --force --socket="$state/munge/munge.socket" --pid-file="$state/munged.pid" \
      --log-file="$state/log/munged.log" --seed-file="$state/munge/munged.seed"
  fi
  # Slurm's auth/munge plugin finds munged's socket through AuthInfo; add it once.
  grep -q '^AuthInfo=' "$conf" || echo "AuthInfo=socket=$state/munge/munge.socket" >> "$conf"
  pid_alive "$state/slurmctld.pid" || SLURM_CONF="$conf" slurmctld
  for node in $(nodes); do
    pid_alive "$state/slurmd-$node.pid" || SLURM_CONF="$conf" slurmd -N "$node"
  done
  wait_for_node
  echo "Slurm cluster diver-local is up (2 nodes on this host, $(nproc) CPUs each). Clients: export SLURM_CONF=$conf"
}

stop() {
  local pidfile pid
  # slurmd.pid: a cluster started before the second node.
  for daemon in $(for node in $(nodes); do echo "slurmd-$node"; done) slurmd slurmctld munged; do
    pidfile="$state/$daemon.pid"
    pid_alive "$pidfile" || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  # Job steps slurmd started end with it under proctrack/linuxproc only when it kills them:
  # make sure no slurmstepd outlives the cluster.
  pkill -KILL -x slurmstepd 2>/dev/null || true
  echo "Slurm cluster diver-local is stopped."
}

status() {
  local up=0
  for daemon in munged slurmctld $(for node in $(nodes); do echo "slurmd-$node"; done); do
    if pid_alive "$state/$daemon.pid"; then echo "$daemon: running (pid $(cat "$state/$daemon.pid"))"; else echo "$daemon: stopped"; up=1; fi
  done
  if [ $up -eq 0 ]; then
    SLURM_CONF="$conf" sinfo
    echo "export SLURM_CONF=$conf"
  fi
  return $up
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
