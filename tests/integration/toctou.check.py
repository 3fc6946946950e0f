#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side assertions for toctou.vm.sh: every record sastrace flags as a
TOCTOU race shows, as installed, exactly what the kernel installed (the
same thread's next call, sigaltstack(NULL, &old), reads it back) and it
differs from what was read at entry; a non-racing storm flags nothing; an
ss the probe cannot read at entry is UNVERIFIED and, in the reader's JSON,
late_ss with the exact values; every exit status the guest printed is 0."""
import json
import re
import sys

from checklib import Checker, Results, call_events, stats

# Every record names its caller: in the static workload itself, or by
# address when the mmap lock was busy (another of its threads mapping).
CALLER = r' caller=(?:toctou\+0x[0-9a-f]+|0x[0-9a-f]+)'
STACK = r'\{ss_sp=(0x[0-9a-f]+|NULL), ss_flags=([A-Z_|0-9x]+), ss_size=(\d+)\}'
SET = re.compile(r' pid=(\d+) tid=(\d+) comm=toctou kprobe sigaltstack\(' + STACK +
                 r', NULL\) = 0 (TOCTOU|UNVERIFIED) installed=' + STACK + CALLER + '$')
QUERY = re.compile(r' pid=(\d+) tid=(\d+) comm=toctou kprobe sigaltstack\(NULL, ' +
                   STACK + r'\) = 0' + CALLER + '$')


def preemptible_kernel(uname_v, mode):
    """Can this kernel preempt a task in a system call? None: unknown.

    uname -v names the build's model (kernel/Makefile's UTS_VERSION:
    PREEMPT_RT, PREEMPT_DYNAMIC, PREEMPT_LAZY, PREEMPT; nothing for none
    and voluntary); a PREEMPT_DYNAMIC kernel runs the mode that
    /sys/kernel/debug/sched/preempt shows in parentheses.
    """
    words = uname_v.split()
    if not words:
        return None
    if 'PREEMPT_DYNAMIC' in words:
        m = re.search(r'\((\w+)\)', mode)
        return None if not m else m.group(1) in ('full', 'lazy')
    return any(w in ('PREEMPT', 'PREEMPT_RT', 'PREEMPT_LAZY') for w in words)


def main():
    res = Results(sys.argv[1])
    lines, section = res.lines, res.section
    c = Checker(f'{sys.argv[2]}: toctou: ')
    check = c.check

    def value(sec, key):
        for l in sec:
            if l.startswith(key + ' '):
                return l.split(' ', 1)[1]
        return None

    maxcalls = int(value(lines, 'maxcalls') or 0)
    race = section('race')
    calls = int(value(race, 'calls') or 0)
    check('race workload ran and every read-back was plausible',
          'rc=0' in race and value(race, 'bad') == '0' and
          0 < calls <= maxcalls, str(race))
    check('race: the module unloads', 'race unload rc=0' in lines,
          str([l for l in lines if 'unload rc=' in l]))
    st = stats(section('race-stats'))
    check('race: nothing dropped, no fault, nothing unverified',
          st.get('dropped') == 0 and st.get('faults') == 0 and
          st.get('toctou_unverified') == 0, str(st))
    uname_v = value(lines, 'uname_v') or ''
    mode = value(lines, 'preempt_mode') or ''
    preemptible = preemptible_kernel(uname_v, mode)
    if preemptible is None:
        check('race: the kernel says how it preempts', False,
              f'uname -v {uname_v!r}, sched/preempt {mode!r}')
    minflips = value(lines, 'minflips')
    queries = int(value(race, 'flipped_during_call') or 0)
    if preemptible:
        check(f'race: at least one race caught within {maxcalls} calls',
              st.get('toctou', 0) >= 1, f'toctou={st.get("toctou")} after {calls} calls')
        check('race: a kernel that can race ran the race workload without a '
              'flip budget', minflips == '-', f'minflips {minflips}')
    elif preemptible is not None:
        # No preemption inside a system call: the ss the kernel copies is
        # the one the probe read, whatever the other thread does. The
        # workload stops after its flip budget (toctou.vm.sh: MINFLIPS),
        # having given that many chances, or after maxcalls.
        check(f'race: a kernel without preemption ({uname_v}) cannot race: '
              f'none flagged in {calls} calls, {queries} of them with a flip',
              st.get('toctou') == 0, f'toctou={st.get("toctou")} after {calls} calls')
        check('race: without preemption, the flip budget was given and spent '
              f'(flips {queries} >= minflips {minflips}, or all {maxcalls} calls)',
              (minflips or '').isdigit() and int(minflips) > 0 and
              (queries >= int(minflips) or calls == maxcalls),
              f'minflips {minflips}, flips {queries}, calls {calls}')
    check('race: the reader printed every call (sets + read-backs)',
          int((section('race-lines') or ['-1'])[0]) == calls + queries and
          'reader rc=0' in race, f'{section("race-lines")} lines for {calls} + {queries} calls')

    flagged = [l for l in section('flagged') if l != '--']
    pairs, i = [], 0
    while i < len(flagged):
        m = SET.search(flagged[i])
        q = QUERY.search(flagged[i + 1]) if m and i + 1 < len(flagged) else None
        pairs.append((flagged[i], m, q))
        i += 2 if q else 1
    check('race: one flagged line per counted race',
          len(pairs) == st.get('toctou', -1), f'{len(pairs)} lines, stats {st}')
    for n, (line, m, q) in enumerate(pairs[:20]):
        ok = bool(m and q and m.group(6) == 'TOCTOU' and
                  q.group(2) == m.group(2))
        check(f'race {n}: flagged line parses, followed by its read-back', ok,
              line)
        if not ok:
            continue
        entry, installed, back = m.group(3, 4, 5), m.group(7, 8, 9), q.group(3, 4, 5)
        check(f'race {n}: installed = what the kernel reported back',
              installed == back, f'installed {installed}, read back {back}')
        check(f'race {n}: installed differs from the entry read',
              installed != entry, f'{installed} vs {entry}')

    steady = section('steady')
    check('steady storm made 100000 successful calls, exit 0',
          value(steady, 'calls') == '100000' and value(steady, 'bad') == '0'
          and steady[-1:] == ['rc=0'], str(steady))
    st = stats(section('steady-stats'))
    check('steady storm: toctou 0, toctou_unverified 0, every call counted',
          st.get('toctou') == 0 and st.get('toctou_unverified') == 0 and
          call_events(st) == 100000, str(st))
    check('steady storm: no flagged line in what the ring kept',
          section('steady-flagged')[:1] == ['0'], str(section('steady-flagged')))
    # An ss in a page not mapped yet: the probe cannot read it (it must not
    # fault), the kernel faults it in: UNVERIFIED, with what was installed.
    un = section('unverified')
    x = value(lines, 'X')
    m = re.match(r'sp=(0x[0-9a-f]+) flags=0 size=(\d+)$', x or '')
    addr = next((l.split()[1][3:] for l in un if l.startswith('unverified ')), '?')
    want = (f'kprobe sigaltstack({{ss_sp={m.group(1)}, ss_flags=0, ss_size={m.group(2)}}}, '
            f'NULL) = 0 UNVERIFIED installed={{ss_sp={m.group(1)}, ss_flags=0, '
            f'ss_size={m.group(2)}}}') if m else '?'
    ev = section('unverified-events')
    check('unverified: the call succeeded, exit 0',
          un[-2:] == [f'unverified ss={addr} rc=0', 'rc=0'], str(un))
    check('unverified: one UNVERIFIED record with the installed stack',
          len(ev) == 1 and re.search(re.escape(' ' + want) + CALLER + '$', ev[0]),
          f'{ev} want ...{want}{CALLER}')
    st = stats(section('unverified-stats'))
    check('unverified: stats toctou_unverified 1, faults 0 (read again on return)',
          st.get('toctou_unverified') == 1 and st.get('toctou') == 0 and
          st.get('faults') == 0, str(st))

    # The same case under `sastrace --json`: late_ss and exact values.
    ls = section('late-ss')
    lx = re.match(r'sp=(0x[0-9a-f]+) flags=0 size=(\d+)$', value(ls, 'X') or '')
    laddr = next((l.split()[1][3:] for l in ls if l.startswith('unverified ')), '?')
    lpid = next((l.split()[0][4:] for l in ls if l.startswith('pid=')), '?')
    check('late_ss: the workload\'s call succeeded, exit 0',
          f'unverified ss={laddr} rc=0' in ls and f'pid={lpid} rc=0' in ls and
          lx is not None, str(ls))
    check('late_ss: the reader exits 0 after --count 1, nothing on stderr',
          'reader rc=0' in ls and section('late-ss-err') == [],
          f'{ls} {section("late-ss-err")}')
    objs = []
    for l in section('late-ss-json'):
        try:
            objs.append(json.loads(l))
        except ValueError:
            objs.append(l)
    want_ss = ({'sp': lx.group(1), 'flags': 0, 'flag_names': [],
                'size': int(lx.group(2))} if lx else None)
    o = objs[0] if len(objs) == 1 and isinstance(objs[0], dict) else {}
    check('late_ss: one JSON record of the workload',
          o.get('pid') == int(lpid) if lpid.isdigit() else False,
          f'{objs} want pid {lpid}')
    check('late_ss: "late_ss":true on it', o.get('late_ss') is True, str(o))
    check('late_ss: ss = exactly what the workload passed (read at return)',
          want_ss is not None and o.get('ss') == want_ss and
          o.get('hook') == 'kprobe' and o.get('old_ss') is None and
          o.get('ret') == 0 and o.get('errno') is None,
          f'{o} want ss {want_ss}')
    check('late_ss: toctou unverified, installed = the same stack',
          o.get('toctou') == {'status': 'unverified', 'installed': want_ss},
          f'{o.get("toctou")} want installed {want_ss}')
    check('the module unloads at the end', lines[-1:] == ['unload rc=0'],
          str(lines[-3:]))
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main())
