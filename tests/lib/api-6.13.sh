#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Compile-only check of module/compat_uprobe.h's 6.13+ branch, for want of
# 6.13+ headers on bookworm: a copy (hard links) of the 6.12 headers with
# the one uprobe API change of 6.13 applied (commit da09a9e0c3eab1: the
# consumer's handler and ret_handler gain `__u64 *data`) and the version
# raised to 6.13, then the W=1 build and sparse of build-module.sh.
#
#   api-6.13.sh KDIR_6_12 OUTDIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
die() { echo "api-6.13.sh: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: $0 KDIR_6_12 OUTDIR"
kdir=$(realpath "$1") out=$(realpath -m "$2")
src=$(dirname "$kdir")			# .../usr/src
root=$(dirname "$(dirname "$src")")	# the unpacked packages' root
arch=$(basename "$kdir")
[[ $arch == linux-headers-6.12.* ]] || die "$kdir: not 6.12 headers"
common=${arch%-amd64}-common

fake=$out/root
rm -rf "$out"
mkdir -p "$fake/usr"
cp -al "$src" "$fake/usr/src"
# The headers' scripts/ links to ../../lib/linux-kbuild-*: share it.
ln -s "$root/usr/lib" "$fake/usr/lib"

# Replace, never edit, a hard-linked file: the cache must stay intact.
patch_file() {	# FILE PYTHON-EXPR-ON-s
	local f=$1 tmp
	tmp=$(mktemp)
	python3 - "$f" "$2" >"$tmp" <<'PY'
import sys
s = open(sys.argv[1]).read()
new = eval(sys.argv[2])
if new == s:
    sys.exit('no change in ' + sys.argv[1])
sys.stdout.write(new)
PY
	rm -f "$f"
	mv "$tmp" "$f"
}
patch_file "$fake/usr/src/$common/include/linux/uprobes.h" \
	's.replace("struct pt_regs *regs);", "struct pt_regs *regs, __u64 *data);")'
patch_file "$fake/usr/src/$arch/include/generated/uapi/linux/version.h" \
	's.replace("LINUX_VERSION_PATCHLEVEL 12", "LINUX_VERSION_PATCHLEVEL 13")'
grep -q '__u64 \*data);' "$fake/usr/src/$common/include/linux/uprobes.h" ||
	die "could not apply the 6.13 handler signature"

"$here/build-module.sh" build "$fake/usr/src/$arch" "$out/module"
"$here/build-module.sh" sparse "$fake/usr/src/$arch" "$out/module"
# The trampolines with the 6.13 signature are what got built.
syms=$(nm "$out/module/src/sastrace.ko")
grep -q ' sas_uc_ret_handler$' <<<"$syms" ||
	die "the 6.13+ branch of compat_uprobe.h was not selected"
echo "6.13+ uprobe API: builds with W=1 and sparse"
