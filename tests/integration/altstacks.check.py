#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side assertions for altstacks.vm.sh: every thread with an alternate
stack appears with exact values, disabled and exited threads do not."""
import json
import re
import sys

from checklib import Checker, Results

FLAGS = {'0': 0, 'SS_ONSTACK': 1, 'SS_AUTODISARM': 1 << 31,
         'SS_ONSTACK|SS_AUTODISARM': (1 << 31) | 1}


def main():
    res = Results(sys.argv[1])
    lines, section = res.lines, res.section
    c = Checker(f'{sys.argv[2]}: altstacks: ')
    check = c.check

    expect = [l[len('expect '):] for l in lines if l.startswith('expect ')]
    absent = [l.split('=')[1] for l in lines if l.startswith('absent tid=')]
    now = section('altstacks')
    check('file is 0400', any(re.match(r'400 .*/altstacks$', l) for l in lines),
          str(lines[:3]))
    check('workload set up 3 threads with stacks and 3 without',
          len(expect) == 3 and len(absent) == 3, str(lines))
    for e in expect:
        tid = re.search(r'tid=(\d+)', e).group(1)
        flags = e.split('ss_flags=')[1].split()[0]
        check(f'thread with ss_flags={flags} listed with exact values', e in now,
              f'want {e!r}, have {[l for l in now if f"tid={tid} " in l]}')
    for tid in absent:
        check(f'thread without a stack (tid {tid}) not listed',
              not any(f' tid={tid} ' in l for l in now), str(now))
    pid = expect[0].split()[0] if expect else 'pid=?'
    check('only the expected threads of the workload',
          len([l for l in now if l.startswith(pid + ' ')]) == 3, str(now))
    reader = section('reader')
    check('sastrace altstacks prints the file', reader[:-1] == now and
          reader[-1:] == ['rc=0'], f'{reader} vs {now}')
    objs = []
    for l in section('reader-json')[:-1]:
        try:
            objs.append(json.loads(l))
        except ValueError:
            objs.append(l)
    check('sastrace altstacks --json: one object per line, rc 0',
          len(objs) == len(now) and section('reader-json')[-1:] == ['rc=0'],
          str(section('reader-json')))
    for e in expect:
        f = dict(kv.split('=', 1) for kv in e.split())
        want = {'pid': int(f['pid']), 'tid': int(f['tid']), 'comm': f['comm'],
                'altstack': {'sp': f['ss_sp'], 'size': int(f['ss_size']),
                             'flags': FLAGS.get(f['ss_flags'], -1)},
                'on_stack': f['on_stack'] == '1'}
        got = [o for o in objs if isinstance(o, dict) and o.get('tid') == want['tid']]
        if got:
            got = dict(got[0])
            got['altstack'] = {k: got['altstack'].get(k) for k in ('sp', 'size', 'flags')}
        check(f'--json: thread with ss_flags={f["ss_flags"]} exact', got == want,
              f'got {got}, want {want}')
    after = section('after-exit')
    check('exited process no longer listed',
          not any(l.startswith(pid + ' ') for l in after), str(after))
    check('rmmod at the end exits 0', lines[-1:] == ['rmmod rc=0'],
          str(lines[-3:]))
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main())
