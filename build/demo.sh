#!/usr/bin/env bash
# A newcomer's first run: install what is missing, pack everything into the local feed, install
# the templates and the 'dotnet diver' tool, create an app from diver-nautilus, build it and boot
# it. Exits with the app's exit code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/build/install-deps.sh"
"$root/build/pack.sh"
version="$(cat "$root/artifacts/version.txt")"
feed="$root/artifacts/packages"

dotnet new install "$feed/Diver.Templates.$version.nupkg" --force >/dev/null
dotnet tool update --global Diver.Cli --version "$version" --add-source "$feed" >/dev/null
echo "Installed templates and 'dotnet diver' $version (tools live in ~/.dotnet/tools; add it to PATH)."

demo="$root/artifacts/demo"
rm -rf "$demo"
mkdir -p "$demo"
cd "$demo"
dotnet new diver-nautilus -o hello
cd hello
dotnet build -nologo
set +e
dotnet run --no-build -- from the demo
code=$?
set -e
echo "The app exited with code $code."
exit $code
