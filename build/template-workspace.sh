# Sourced (not run) by build/soak.sh and the benchmark parts that build the template app: a
# temporary workspace that restores only from this tree's packed feed (artifacts/packages, from
# build/pack.sh) into its own NuGet cache, with the packed templates installed in a private hive.
# Sets root, version and work (removed on exit); new_app NAME creates $work/NAME from the template.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(cat "$root/artifacts/version.txt")"
work="$(mktemp -d "/tmp/diver-${workspace_name:-workspace}.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Temp files of the runs (the console log a --print-command line names) go with the workspace.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
export NUGET_PACKAGES="$work/nuget-packages" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDTERMINALLOGGER=off
cat > "$work/nuget.config" <<XML
<configuration><packageSources><clear /><add key="diver" value="$root/artifacts/packages" /></packageSources></configuration>
XML
dotnet new install "$root/artifacts/packages/Diver.Templates.$version.nupkg" --debug:custom-hive "$work/hive" >/dev/null
new_app() { dotnet new diver-nautilus -o "$work/$1" --debug:custom-hive "$work/hive" >/dev/null; }
# The NativeAOT launcher dotnet run uses, as restored into this workspace.
launcher="$NUGET_PACKAGES/diver.sdk/$version/tools/launcher/linux-x64/diver"
