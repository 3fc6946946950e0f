#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the KUnit suites (sastrace_kunit.ko) against the KUnit/debug kernel
# KDIR, with W=1: any warning fails.
#
#   KDIR=... tests/kunit/build.sh OUT     -> OUT/sastrace_kunit.ko
#
# The sources (module/ and tests/kunit/) are copied to OUT/src first, so
# that the tree is not written. Used by run.sh (`make kunit`) and by
# tests/integration/kunit/build (make check's shared boot).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $# -eq 1 && -n ${KDIR:-} ]] || { echo "usage: KDIR=... $0 OUT" >&2; exit 2; }
out=$1
src=$out/src
rm -rf "$src"
mkdir -p "$src/tests"
cp -a "$repo/module" "$src/"
cp -a "$here" "$src/tests/kunit"
timeout 600 make -s -C "$KDIR" M="$src/tests/kunit" W=1 modules >"$out/build.log" 2>&1 || {
	cat "$out/build.log"; echo "kunit: suites did not build"; exit 1; }
if grep -q 'warning:' "$out/build.log"; then
	cat "$out/build.log"; echo "kunit: build warnings"; exit 1
fi
cp "$src/tests/kunit/sastrace_kunit.ko" "$out/"
