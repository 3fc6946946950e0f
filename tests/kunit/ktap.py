#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge the KTAP the KUnit suites printed to a kernel log.

    ktap.py LOG VM_OK LABEL

LOG: the guest's kernel log (dmesg, timestamps or not); VM_OK: 1 when the
boot reported no kernel problem, else 0; LABEL: the result lines' prefix
("kunit", "kunit debug-rt"). The suites and how many cases each must
report come from the sources: each *_test.c here declares one suite (its
.name) and its KUNIT_CASE() entries (*_under_test.c are the module's
sources, included as they are). Prints `ok - LABEL <suite>.<case>` /
`not ok - ...` per case and `ok - LABEL <suite> ran all N cases`, then
`N passed, N failed`; fails on any `not ok` or skipped case, a missing
suite, or fewer cases than the suite declares. Used by run.sh (`make
kunit`) and by tests/integration/kunit/check (make check's shared boot).
"""
import glob
import os
import re
import sys


def declared(here):
    """{suite: number of cases} from the *_test.c files in @here."""
    want = {}
    for f in sorted(glob.glob(os.path.join(here, '*_test.c'))):
        if f.endswith('_under_test.c'):
            continue
        src = open(f).read()
        names = re.findall(r'^\s*\.name = "([^"]*)",$', src, re.M)
        cases = len(re.findall(r'^\s*KUNIT_CASE\(', src, re.M))
        if len(names) != 1 or cases == 0:
            sys.exit(f'kunit: {f} declares no suite name or no KUNIT_CASE()')
        want[names[0]] = cases
    if not want:
        sys.exit(f'kunit: no *_test.c in {here}')
    return want


def main():
    path, vm_ok, label = sys.argv[1:4]
    want = declared(os.path.dirname(os.path.abspath(__file__)))
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
    count = {'passed': 0, 'failed': 0}

    def res(ok, name, why=''):
        if ok:
            count['passed'] += 1
            print(f'ok - {label} {name}')
        else:
            count['failed'] += 1
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
    if vm_ok != '1':
        res(False, 'boot', 'the VM reported a kernel problem or did not finish')
    print(f'{count["passed"]} passed, {count["failed"]} failed')
    return 1 if count['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
