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
# The suites and how many cases each must report, from the sources: each
# *_test.c declares one suite (its .name) and its KUNIT_CASE() entries
# (*_under_test.c are the module's sources, included as they are).
want=
for f in "$here"/*_test.c; do
	case $f in *_under_test.c) continue ;; esac
	suite=$(sed -n 's/^[[:space:]]*\.name = "\([^"]*\)",$/\1/p' "$f")
	cases=$(grep -c '^[[:space:]]*KUNIT_CASE(' "$f" || true)
	if [ -z "$suite" ] || [ "$cases" -eq 0 ]; then
		echo "kunit: $f declares no suite name or no KUNIT_CASE()" >&2
		exit 1
	fi
	want+="${want:+ }$suite=$cases"
done

"$lib/deps.sh"
rm -rf "$out"
mkdir -p "$out"
"$here/kernel.sh" "$flavour" >"$out/kernel.env"
# shellcheck disable=SC1091
. "$out/kernel.env"

src=$out/src
mkdir -p "$src/tests"
cp -a "$repo/module" "$src/"
cp -a "$here" "$src/tests/kunit"
timeout 600 make -s -C "$KDIR" M="$src/tests/kunit" W=1 modules >"$out/build.log" 2>&1 || {
	cat "$out/build.log"; echo "kunit: suites did not build"; exit 1; }
if grep -q 'warning:' "$out/build.log"; then
	cat "$out/build.log"; echo "kunit: build warnings"; exit 1
fi

"$lib/initramfs.sh" "$out/kunit.cpio.gz" "$here/guest-init.sh" \
	"$src/tests/kunit/sastrace_kunit.ko:/lib/sastrace/sastrace_kunit.ko" >/dev/null
vm_ok=1
SASTRACE_VM_MEM=2048 "$lib/vm.sh" "$VMLINUZ" "$out/kunit.cpio.gz" "$out/vm" \
	"${SASTRACE_VM_TIMEOUT:-420}" || vm_ok=

# The KTAP is read from the guest's full dmesg: the debugfs results files
# keep only the first bytes of a failing case's log.
python3 - "$out/vm/dmesg.txt" "$want" "$vm_ok" "$label" <<'PY'
import re, sys
path, decl, vm_ok, label = sys.argv[1:5]
want = dict(w.split('=') for w in decl.split())
suites, cur = {}, None
for line in open(path, errors='replace'):
    line = re.sub(r'^\[ *[0-9.]+\] ', '', line.rstrip('\r\n'))
    m = re.match(r'    # Subtest: (\S+)$', line)
    if m:
        cur = m.group(1)
        suites[cur] = {'plan': None, 'cases': []}
        continue
    if cur is None:
        continue
    # A suite's own lines are indented by exactly 4 spaces.
    if not line.startswith('    ') or line.startswith('     '):
        if re.match(r'(not ok|ok) \d+ ', line):
            cur = None
        continue
    s = line[4:]
    m = re.match(r'1\.\.(\d+)$', s)
    if m:
        suites[cur]['plan'] = int(m.group(1))
        continue
    m = re.match(r'(not ok|ok) (\d+) (\S+)(.*)$', s)
    if m:
        suites[cur]['cases'].append((m.group(1) == 'ok', m.group(3), m.group(4)))
passed = failed = 0
def res(ok, name, why=''):
    global passed, failed
    if ok:
        passed += 1
        print(f'ok - {label} {name}')
    else:
        failed += 1
        print(f'not ok - {label} {name}: {why}')
for suite, n in sorted(want.items()):
    s = suites.get(suite)
    if s is None:
        res(False, suite, 'suite missing from the results')
        continue
    for ok, case, rest in s['cases']:
        skipped = '# SKIP' in rest
        res(ok and not skipped, f'{suite}.{case}', rest.strip() or 'failed')
    got = len(s['cases'])
    res(got == int(n) and s['plan'] == int(n), f'{suite} ran all {n} cases',
        f'{got} cases reported, plan {s["plan"]}')
if not vm_ok:
    res(False, 'boot', 'the VM reported a kernel problem or did not finish')
print(f'{passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
PY
