#!/bin/sh
# check.sh PKG WORK - kernel developer's smoke test. Builds two tiny apps
# against the staged package PKG exactly as diver/kernel.json says, boots
# them in QEMU (TCG, and KVM when it works) and checks exit status and output.
set -eu
PKG=$1
WORK=$2
M=$PKG/diver/kernel.json
mkdir -p "$WORK"

jqs() { jq -r "$1" "$M"; }
TARGET=$(jqs .compile.target)
CFLAGS=$(jqs '.compile.flags | join(" ")')
INCS=$(jq -r --arg p "$PKG" '.compile.includeDirs | map("-I" + $p + "/" + .) | join(" ")' "$M")
LDFLAGS=$(jqs '.link.flags | join(" ")')
SCRIPT=$PKG/$(jqs .link.script)

cat > "$WORK/hello.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
    printf("hello argc=%d", argc);
    for (int i = 0; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf(" %.2f\n", 1.25);
    return 3;
}
C
cat > "$WORK/fault.c" <<'C'
int main(void)
{
    volatile int *bad = (volatile int *)0x10;
    return *bad;
}
C

build() { # app config
    clang --target="$TARGET" $CFLAGS $INCS -g -Wall -Wextra -c "$WORK/$1.c" -o "$WORK/$1.$2.o"
    ld.lld $LDFLAGS -T "$SCRIPT" "$WORK/$1.$2.o" "$PKG/$(jqs ".configs.$2.archive")" -o "$WORK/$1.$2.elf"
}

boot() { # elf accel cmdline... ; prints output, returns QEMU status
    elf=$1 accel=$2
    shift 2
    cpu=max
    [ "$accel" = kvm ] && cpu=${KVM_CPU:-host}
    timeout 30 qemu-system-x86_64 -M microvm,x-option-roms=off,rtc=off -accel "$accel" -cpu "$cpu" \
        -m 128M -smp 1 -nodefaults -no-user-config -nographic -no-reboot \
        -chardev stdio,id=con0,signal=on -serial chardev:con0 \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$elf" -append "$*" </dev/null
}

fail=0
expect() { # name accel want_status want_text elf cmdline...
    name=$1 accel=$2 want=$3 text=$4
    shift 4
    set +e
    out=$(boot "$1" "$accel" "$2" 2>&1)
    st=$?
    set -e
    if [ "$st" = "$want" ] && printf '%s' "$out" | grep -qF -- "$text"; then
        echo "PASS $name ($accel): status $st"
    else
        echo "FAIL $name ($accel): status $st, want $want and \"$text\""
        printf '%s\n' "$out" | sed 's/^/    /'
        fail=1
    fi
}

accels=tcg
for cfg in default debug; do
    build hello $cfg
    build fault $cfg
done
# KVM counts only if it actually boots the hello image on this host.
if [ -w /dev/kvm ]; then
    set +e; boot "$WORK/hello.default.elf" kvm hello >/dev/null 2>&1; st=$?; set -e
    if [ $st = 9 ]; then accels="tcg kvm"; else echo "note: KVM unusable here (status $st), TCG only"; fi
fi

echo "hello image: $(wc -c < "$WORK/hello.default.elf") bytes"
for accel in $accels; do
    for cfg in default debug; do
        expect "hello/$cfg" $accel 9 'hello argc=3 [hello] [a] [b c] 1.25' \
            "$WORK/hello.$cfg.elf" 'hello a "b c"'
        expect "fault/$cfg" $accel 255 'PANIC: Page fault (vector 14' "$WORK/fault.$cfg.elf" fault
    done
done
exit $fail
