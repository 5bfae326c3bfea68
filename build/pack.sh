#!/usr/bin/env bash
# Packs Diver.Sdk, the kernel packages, the templates and the Diver.Cli tool into the local feed
# (artifacts/packages, or $1). Every run gets a fresh version, because NuGet keeps a package of a
# given id and version forever in its global cache: re-packing under the same version would
# leave apps on the old bits. The version is written to artifacts/version.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
feed="${1:-$root/artifacts/packages}"
version="${DIVER_VERSION:-0.1.0-dev.$(date -u +%Y%m%d%H%M%S)}"
mkdir -p "$feed" "$root/artifacts"

# The kernels are Diver.Sdk kernel projects that import the SDK from source (build/DiverSdkFromSource),
# because no feed holds this run's Diver.Sdk yet; they need the task assembly published first.
dotnet publish "$root/Diver.Tasks/Diver.Tasks.csproj" -c Release -o "$root/artifacts/bootstrap/tasks" -p:Version="$version" -nologo -v q -nr:false

projects=(
  Diver.Sdk/Diver.Sdk.csproj
  kernel-packages/Diver.Kernel.Nautilus/Diver.Kernel.Nautilus.diverproj
  kernel-packages/Diver.Kernel.Posix/Diver.Kernel.Posix.diverproj
  templates/Diver.Templates.csproj
  Diver.Cli/Diver.Cli.csproj
)
for project in "${projects[@]}"; do
  echo "Packing $project ($version)"
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v q -nr:false
done
echo "$version" > "$root/artifacts/version.txt"
echo "Packed Diver $version into $feed"
