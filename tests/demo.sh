#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boot Debian's 6.1 kernel in qemu, load sastrace.ko, run
# tests/demo/overflow (a stack overflow caught by a SIGSEGV handler on an
# alternate stack) under the reader, and print what sastrace captured.
#
#   tests/demo.sh          (SASTRACE_DEMO_KERNEL=6.12 for the other kernel)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/tests/lib
out=$repo/build/demo
series=${SASTRACE_DEMO_KERNEL:-6.1}

say() { echo "== $*" >&2; }

"$lib/deps.sh"
say "kernel $series"
eval "$("$lib/kernels.sh" fetch "$series")"
mkdir -p "$out"

say "building sastrace.ko for $KVER"
ko=$("$lib/build-module.sh" build "$KDIR" "$out/module")

say "building the reader and the demo program"
rm -rf "$out/reader"
mkdir -p "$out/reader"
cp -a "$repo/userspace" "$repo/module" "$out/reader/"
find "$out/reader" \( -name '*.o' -o -name '*.d' -o -name sastrace -type f \) -delete
timeout 300 make -s -C "$out/reader/userspace" -j"$(nproc)" >&2
timeout 120 gcc -O2 -Wall -Wextra -Werror -static -o "$out/overflow" "$repo/tests/demo/overflow.c"

"$lib/initramfs.sh" "$out/root.cpio.gz" "$repo/tests/demo/init.sh" \
	"$ko:/lib/sastrace/sastrace.ko" \
	"$out/reader/userspace/sastrace:/usr/bin/sastrace" \
	"$out/overflow:/usr/bin/overflow"

say "booting $KVER in qemu (TCG)"
rc=0
"$lib/vm.sh" "$VMLINUZ" "$out/root.cpio.gz" "$out/vm" 180 || rc=$?
grep -vx 'SASTRACE-VM-DONE' "$out/vm/results.txt" || true
if [[ $rc -ne 0 ]]; then
	echo "demo: the VM run failed; kernel console: $out/vm/console.log" >&2
	exit 1
fi
