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

projects=(
  Diver.Sdk/Diver.Sdk.csproj
  kernel-packages/Diver.Kernel.Nautilus/Diver.Kernel.Nautilus.csproj
  templates/Diver.Templates.csproj
  Diver.Cli/Diver.Cli.csproj
)
for project in "${projects[@]}"; do
  echo "Packing $project ($version)"
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v q -nr:false
done
echo "$version" > "$root/artifacts/version.txt"
echo "Packed Diver $version into $feed"
