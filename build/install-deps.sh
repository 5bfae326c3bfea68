#!/usr/bin/env bash
# Installs the system tools Diver needs and the machine lacks: QEMU, clang, lld, make, gdb and
# the GRUB tools for ISO images, musl (the Posix kernel packs Debian's musl-dev), plus jq, python3
# and a host C compiler for the benchmarks, and Chromium with its WebDriver for the catalog tests.
# Only what is missing is installed, so a second run is instant.
set -euo pipefail

declare -A package_for=(
  [qemu-system-x86_64]=qemu-system-x86
  [clang]=clang
  [ld.lld]=lld
  [make]=make
  [gdb]=gdb
  # Tests read kernel archives and images with llvm-nm (symbols, the Posix kernel's references).
  [llvm-nm]=llvm
  [grub-mkrescue]=grub-common
  [xorriso]=xorriso
  [mformat]=mtools
  [setsid]=util-linux
  # The framework-dependent launcher starts QEMU under setpriv --pdeathsig (docs/process-lifetime.md); the tests run as nobody through it.
  [setpriv]=util-linux
  # build/test.sh takes the NativeAOT launcher out of the packed Diver.Sdk for the launcher tests.
  [unzip]=unzip
  # The benchmarks and the kernel's smoke test read manifests with jq and time runs with python3.
  [jq]=jq
  [python3]=python3
  [cc]=gcc
  # The catalog tests open the generated site in a real headless browser (Selenium drives it
  # through chromedriver); the tests never download a browser themselves.
  [chromium]=chromium
  [chromedriver]=chromium-driver
)
missing=()
for tool in "${!package_for[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_for[$tool]}")
done
# grub-mkrescue needs the BIOS modules too, which live in grub-pc-bin.
[ -d /usr/lib/grub/i386-pc ] || missing+=(grub-pc-bin)
# Diver.Kernel.Posix carries musl's headers and libc.a from Debian's musl-dev (no command to probe).
[ -f /usr/lib/x86_64-linux-musl/libc.a ] || missing+=(musl-dev)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
