#!/usr/bin/env bash
# The sweep's Slurm job array on a real single-node Slurm, on localhost: starts munged,
# slurmctld and slurmd (Debian's munge and slurm-wlm) with a generated slurm.conf in a
# private directory (nothing under /etc is touched), submits the array emitted by
# `ringsim sweep --emit slurm`, waits for it, merges, and checks that the run directories
# and merged.csv equal a local sweep's. The daemons it started are stopped on exit.
#
# Needs root (slurmd runs jobs as any user; munged's key must belong to user munge).
# Usage: tests/slurm/run_slurm_sweep.sh [RINGSIM_BINARY]   (default build/bin/ringsim)
# Run by `./dev.sh slurm-test` and by .ci/run; takes about 10-20 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RINGSIM="$(realpath "${1:-$root/build/bin/ringsim}")"
source "$root/tests/sweep/common.sh"
[[ "$(id -u)" == 0 ]] || fail "needs root (it starts slurmd and munged)"
[[ -x "$RINGSIM" ]] || fail "no ringsim binary at $RINGSIM (build first)"
"$root/install-deps.sh" --slurm

work="$(mktemp -d /tmp/ringsim-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP_WORK:-0}" != 1 ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# munge: a private key, socket and state, owned by the munge user as munged insists.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$work/munge"
chmod 755 "$work/munge"; chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
# setpriv execs munged itself, so $! is munged's pid (su would leave a wrapper in between).
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
  --key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" >>"$work/munge/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S "$socket" ]] && break; sleep 0.1; done
[[ -S "$socket" ]] || fail "munged did not start: $(cat "$work/munge/munged.log" 2>/dev/null)"

# Slurm: ports derived from our pid so concurrent runs on one machine do not collide.
host="$(hostname)"
port=$((20000 + ($$ % 20000) * 2))
mkdir -p "$work/slurm/state" "$work/slurm/spool"
export SLURM_CONF="$work/slurm/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=ringsim-test
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/slurmctld.log
SlurmdLogFile=$work/slurm/slurmd.log
MailProg=/bin/true
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
/usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >>"$work/slurm/slurmctld.out" 2>&1 &
pids+=($!)
/usr/sbin/slurmd -D -f "$SLURM_CONF" >>"$work/slurm/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -qx idle && break
  sleep 0.2
done
sinfo -h -o %T | grep -qx idle || fail "the Slurm node never became idle: $(tail -5 "$work/slurm/slurmctld.log")"

sweep=("$RINGSIM" sweep "$root/scenarios/mm1.json" --seeds 1..4 --grid /workload/arrivals/rate_qps=500,800)
"${sweep[@]}" --jobs 2 --out "$work/local" 2>/dev/null
"${sweep[@]}" --emit slurm --slurm-max-running 4 --out "$work/slurm-sweep" >/dev/null
grep -q '^#SBATCH --array=1-8%4$' "$work/slurm-sweep/sweep.sbatch" || fail "unexpected array line"
start=$(date +%s.%N)
timeout 300 sbatch --wait --quiet "$work/slurm-sweep/sweep.sbatch" || fail "the array failed: $(cat "$work"/slurm-sweep/logs/*.log)"
end=$(date +%s.%N)

same_run_dirs "$work/local" "$work/slurm-sweep"
"$RINGSIM" merge "$work/local" --out "$work/m_local"
"$RINGSIM" merge "$work/slurm-sweep" --out "$work/m_slurm"
cmp "$work/m_local/merged.csv" "$work/m_slurm/merged.csv" || fail "Slurm and local sweeps merge differently"
awk -v s="$start" -v e="$end" 'BEGIN { printf "ok: the Slurm array (8 tasks) ran in %.1f s; its run directories and merged.csv equal the local sweep'"'"'s\n", e - s }'
