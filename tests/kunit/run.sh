#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make kunit`: build the KUnit test kernel (cached, tests/kunit/kernel.sh),
# build the KUnit suites against it, boot it in qemu, and judge the KTAP
# the suites print to the kernel log (the guest's full dmesg).
#
#   run.sh [debug|debug-rt]   which test kernel (default debug; debug-rt is
#                             the PREEMPT_RT one)
#
# Prints `ok - kunit <suite>.<case>` / `not ok - ...` per case (debug-rt:
# `ok - kunit debug-rt <suite>.<case>`) and fails on
# any `not ok` or skipped case, a missing suite, or fewer cases than the
# suite declares (or than this script expects);
# the last line is `N passed, N failed`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lib=$repo/tests/lib
flavour=${1:-debug}
case $flavour in
debug) label=kunit out=${SASTRACE_KUNIT_OUT:-$repo/build/kunit} ;;
debug-rt) label="kunit debug-rt" out=${SASTRACE_KUNIT_OUT:-$repo/build/kunit-rt} ;;
*) echo "usage: $0 [debug|debug-rt]" >&2; exit 2 ;;
esac
"$lib/deps.sh"
rm -rf "$out"
mkdir -p "$out"
"$here/kernel.sh" "$flavour" >"$out/kernel.env"
# shellcheck disable=SC1091
. "$out/kernel.env"

KDIR=$KDIR "$here/build.sh" "$out"

"$lib/initramfs.sh" "$out/kunit.cpio.gz" "$here/guest-init.sh" \
	"$out/sastrace_kunit.ko:/lib/sastrace/sastrace_kunit.ko" >/dev/null
vm_ok=1
SASTRACE_VM_MEM=2048 "$lib/vm.sh" "$VMLINUZ" "$out/kunit.cpio.gz" "$out/vm" \
	"${SASTRACE_VM_TIMEOUT:-420}" || vm_ok=

# The KTAP is read from the guest's full dmesg: the debugfs results files
# keep only the first bytes of a failing case's log (ktap.py: the suites
# and cases the sources declare).
python3 "$here/ktap.py" "$out/vm/dmesg.txt" "${vm_ok:-0}" "$label"
