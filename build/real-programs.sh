#!/usr/bin/env bash
# Real programs, unmodified, on Diver.Kernel.Posix: fetches upstream sources from Debian's source
# packages (apt-get source), wraps each in a diver-posix project whose only changes are project
# items (build/real-programs/<name>/), builds it with dotnet, runs it in QEMU, and compares its
# output with the same sources built for the host. Exits non-zero on the first difference.
#
#   build/real-programs.sh [work-folder]      (default: a fresh temporary folder)
#
# Uses the packed feed (artifacts/packages, or DIVER_TEST_FEED/DIVER_TEST_VERSION as the tests set).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
feed="${DIVER_TEST_FEED:-$root/artifacts/packages}"
version="${DIVER_TEST_VERSION:-$(cat "$root/artifacts/version.txt")}"
work="${1:-$(mktemp -d -t diver-real-XXXXXX)}"
mkdir -p "$work/src"
export NUGET_PACKAGES="$work/nuget-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="diver" value="$feed" /></packageSources></configuration>
XML

if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
# Debian's source packages: a deb-src entry for the suite this machine runs.
ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$suite" |
      $sudo tee /etc/apt/sources.list.d/diver-src.sources >/dev/null
    $sudo apt-get update -qq
  fi
}

# fetch PACKAGE TARBALL-GLOB: the upstream tarball unpacked into $work/src.
fetch() {
  (cd "$work/src" && ls $2 >/dev/null 2>&1 || { ensure_deb_src; apt-get source --download-only "$1" >/dev/null 2>&1 || apt-get source --download-only "$1"; })
  (cd "$work/src" && for t in $2; do tar xf "$t"; done)
}

# net NAME: copies the wrapper project and builds it.
net() {
  rm -rf "$work/$1"
  cp -R "$root/build/real-programs/$1" "$work/$1"
  sed -i "s/DIVER_VERSION/$version/g" "$work/$1/$1.diverproj"
  (cd "$work/$1" && dotnet build -nologo -v q -c Release >"$work/$1.build.log" 2>&1) || { cat "$work/$1.build.log"; exit 1; }
}

# same LABEL GUEST-OUTPUT HOST-OUTPUT
same() {
  if cmp -s "$2" "$3"; then
    echo "  ok   $1"
  else
    echo "  FAIL $1: the net's output differs from the host build's"; diff "$3" "$2" | head -20; exit 1
  fi
}

run_net() { # run_net NAME ARGS... -> the net's stdout (the launcher's own lines go to stderr)
  local name="$1"; shift
  (cd "$work/$name" && dotnet run --no-build -c Release -p:RunTimeout=300 -- "$@" 2>"$work/$name.run.err" | tr -d '\r')
}

echo "## Lua 5.4 (Debian lua5.4)"
fetch lua5.4 'lua5.4_*.orig.tar.gz'
net lua
cc -O2 -DLUA_USE_POSIX -o "$work/lua-host" $(ls "$work"/src/lua-5.4.4/src/*.c | grep -v luac.c) -lm
(cd "$work/lua" && "$work/lua-host" scripts/check.lua && rm -f lua-out.txt) > "$work/lua.host.out"
run_net lua scripts/check.lua > "$work/lua.net.out"
same "check.lua (GuestFile scripts, RAM files)" "$work/lua.net.out" "$work/lua.host.out"
expr='local s = 0 for i = 1, 100000 do s = s + i % 7 end print(s, string.format("%.3f", math.exp(1)), #arg)'
"$work/lua-host" -e "$expr" > "$work/lua-e.host.out"
run_net lua -e "$expr" > "$work/lua-e.net.out"
same "lua -e" "$work/lua-e.net.out" "$work/lua-e.host.out"

echo "## bzip2 1.0.8 (Debian bzip2): its 'make test' checks, in SplitVM"
fetch bzip2 'bzip2_*.orig.tar.gz'
net bzip2
sandbox="$work/bzip2-sandbox"
rm -rf "$sandbox" && mkdir -p "$sandbox"
cp "$work"/src/bzip2-1.0.8/sample[123].{ref,bz2} "$sandbox/"
# bzip2 -N < sampleN.ref > sampleN.rb2 becomes a file-to-file run (-k keeps the input): the console
# is a terminal, not a byte pipe. The outputs must equal the expected files byte for byte.
bz() { (cd "$work/bzip2" && dotnet run --no-build -c Release -p:DeployMode=SplitVM -p:SplitVMRoot="$sandbox" \
        -p:ForwardTrace=true -p:RunTimeout=600 -- "$@" >>"$work/bzip2.run.out" 2>>"$work/bzip2.run.err") ||
        { echo "  FAIL bzip2 $*"; tail -20 "$work/bzip2.run.out" "$work/bzip2.run.err"; exit 1; }; }
for n in 1 2 3; do bz -$n -k sample$n.ref; done
bz -d -k sample1.bz2 sample2.bz2
bz -d -k -s sample3.bz2
for n in 1 2 3; do
  same "sample$n.ref compressed with -$n equals sample$n.bz2" "$sandbox/sample$n.ref.bz2" "$sandbox/sample$n.bz2"
  same "sample$n.bz2 decompressed equals sample$n.ref" "$sandbox/sample$n" "$sandbox/sample$n.ref"
done
grep -A12 'forwarded calls' "$work/bzip2.run.err" | tail -13 || true
echo "Real programs: all outputs equal the host builds' ($work)"
