#!/usr/bin/env bash
# Runs every benchmark part (build/bench/*.sh) after the usual set-up and assembles
# docs/benchmarks.md. Each part measures side by side in one run and prints one markdown section;
# figures are ratios against a baseline measured in the same run, never absolute promises.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/build/install-deps.sh"
"$root/build/pack.sh" >/dev/null
out="$root/docs/benchmarks.md"
parts=("$root"/build/bench/*.sh)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`build/bench.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Diver $(cat "$root/artifacts/version.txt"))."
  echo "Every figure is a median over several runs, measured side by side with its baseline in the same run."
  echo
  for part in "${parts[@]}"; do
    echo "Running $(basename "$part")" >&2
    "$part"
    echo
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "Wrote $out" >&2
