#!/usr/bin/env bash
# Same set-up as demo.sh, then every test. The end-to-end tests copy the freshly packed feed
# into temporary folders and restore with their own NUGET_PACKAGES, so they never see stale packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/build/install-deps.sh"
"$root/build/pack.sh"
export DIVER_TEST_FEED="$root/artifacts/packages"
export DIVER_TEST_VERSION="$(cat "$root/artifacts/version.txt")"
# The Slurm tests run against a real cluster (two nodes, both this host) on this machine; stopped again at the end.
"$root/build/slurm-local.sh" start
eval "$("$root/build/slurm-local.sh" env)"
trap '"$root/build/slurm-local.sh" stop >/dev/null' EXIT
# The launcher tests (tests/Diver.Cli.Tests/EndToEnd, faults included) run the NativeAOT launcher
# that 'dotnet run' uses, taken from the packed Diver.Sdk, not the framework-dependent diver.dll.
launcher_dir="$root/artifacts/launcher"
rm -rf "$launcher_dir"
# The launcher and diver-pdeathsig, the parent-death wrapper it starts QEMU through.
unzip -q "$DIVER_TEST_FEED/Diver.Sdk.$DIVER_TEST_VERSION.nupkg" 'tools/launcher/linux-x64/diver*' -d "$launcher_dir"
export DIVER_LAUNCHER="$launcher_dir/tools/launcher/linux-x64/diver"
chmod +x "$launcher_dir"/tools/launcher/linux-x64/diver*

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
for project in "$root"/tests/*/*.csproj; do
  dotnet test "$project" -c Release -nologo --logger "console;verbosity=normal" \
    --logger "trx" --results-directory "$results" || status=$?
done

# One plain summary line over every test project.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
