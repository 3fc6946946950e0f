#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side assertions for small.vm.sh (and smallcpu/, the same on another
qemu CPU model): every stack the workload installed is flagged SMALL
exactly when the kernel took it and it is smaller than the AT_MINSIGSTKSZ
the workload read itself (min=, that value), in `events` and in the
reader's JSON; where the kernel gives none (x86 before 5.14) nothing is
flagged and stats says small_check 0. The flag is proved right by the
kernel itself: of the stacks a SIGUSR1 was delivered on, each one the
frame did not fit (the child died of SIGSEGV) has an overflow record and
was flagged, each one it fitted has a deliver record, and a stack of min
bytes always fits. altstacks marks the held stack exactly when it is
smaller; stats' small counts every flagged call. The same calls from a
32-bit build of the workload (small32: its auxv is saved as 32-bit words)
are flagged by the AT_MINSIGSTKSZ that program read."""
import json
import re
import sys

from checklib import Checker, Results, stats

CALL = re.compile(r' pid=(\d+) tid=\d+ comm=small (kprobe|compat) sigaltstack\('
                  r'\{ss_sp=(?:0x[0-9a-f]+|NULL), ss_flags=(0|SS_DISABLE), ss_size=(\d+)\}, NULL\)'
                  r' = (-?\d+)(?: [A-Z]+)?( SMALL min=(\d+))?'
                  r' caller=small\+0x[0-9a-f]+$')

CALL32 = re.compile(r' pid=(\d+) tid=\d+ comm=small32 compat sigaltstack\('
                    r'\{ss_sp=(?:0x[0-9a-f]+|NULL), ss_flags=(0|SS_DISABLE), ss_size=(\d+)\}, '
                    r'NULL\) = (-?\d+)(?: [A-Z]+)?( SMALL min=(\d+))?'
                    r' caller=(?:small32\+0x[0-9a-f]+|0x[0-9a-f]+)$')
# (an ia32 program's calls return into the vDSO, __kernel_vsyscall: no file)


def kv(line):
    return dict(w.split('=', 1) for w in line.split()[1:] if '=' in w)


def jsons(sec):
    out = []
    for l in sec:
        if l.startswith('{'):
            try:
                out.append(json.loads(l))
            except ValueError:
                out.append({'bad': l})
    return out


def main():
    res = Results(sys.argv[1])
    kver = sys.argv[2]
    c = Checker(f'{kver}: small: ')
    check = c.check
    lines = res.lines
    machine = next((l for l in lines if l.startswith('machine ')), '')
    print(f'# {machine}')
    up = [float(l.split()[1]) for l in lines if l.startswith('uptime ')]
    if len(up) == 2:
        print(f'# the test took {up[1] - up[0]:.1f}s in the guest')

    calls = res.section('calls')
    val = {l.split()[0]: l.split()[1] for l in calls if len(l.split()) == 2}
    mn = int(val.get('min', -1))
    msz = int(val.get('minsigstksz', -1))
    sigstksz = int(val.get('sigstksz', -1))
    print(f'# AT_MINSIGSTKSZ {mn} (MINSIGSTKSZ {msz}, SIGSTKSZ {sigstksz})')
    check('workload ran', 'rc=0' in calls and mn >= 0 and msz > 0, str(calls))
    want_sizes = ([mn - 1, mn, mn + 1] if mn else []) + [msz, sigstksz]

    def small(size, ret):
        """Whether installing SIZE bytes (None: SS_DISABLE) that returned
        RET must be flagged."""
        return ret == 0 and mn > 0 and size is not None and size < mn

    def calls_of(sec):
        """The calls the workload made, with the hook that must see each:
        `call32` ones (x86-64) went through int $0x80."""
        out = []
        for l in sec:
            if l.startswith('call ') or l.startswith('call32 '):
                out.append(dict(kv(l), hook='compat' if l.startswith('call32 ') else 'kprobe'))
        return out

    # 1. events: one record per call, SMALL exactly below min.
    did = calls_of(calls)
    check('the workload made the calls it says',
          [int(d['size']) for d in did if d['hook'] == 'kprobe'] == want_sizes and
          [int(d['size']) for d in did if d['hook'] == 'compat'] ==
          ([mn - 1, mn] if mn and 'x86_64' in machine else []), str(did))
    pid = val.get('pid')
    recs = [CALL.search(l) for l in res.section('calls-events')
            if f' pid={pid} ' in l]  # (not timeout's "Terminated")
    check('events: one record per call and the disable, all decoded',
          len(recs) == len(did) + 1 and all(recs), str(res.section('calls-events')))
    if len(recs) == len(did) + 1 and all(recs):
        for d, m in zip(did, recs):
            size, ret = int(d['size']), int(d['ret'])
            want = f' SMALL min={mn}' if small(size, ret) else None
            check(f'events: {d["hook"]} size {size} (ret {ret}): '
                  f'{"SMALL min=" + str(mn) if want else "not flagged"}',
                  int(m.group(4)) == size and int(m.group(5)) == (-int(d['errno']) if ret else 0)
                  and m.group(6) == want and m.group(2) == d['hook'], m.group(0))
        check('events: SS_DISABLE is not flagged',
              recs[-1].group(3) == 'SS_DISABLE' and recs[-1].group(6) is None,
              recs[-1].group(0))

    # 2. the reader's JSON: the same, "small":{"min":N}.
    sec = res.section('calls-json')
    did2 = calls_of(sec)
    pid2 = next((l.split()[1] for l in sec if l.startswith('pid ')), None)
    js = [j for j in jsons(sec) if str(j.get('pid')) == str(pid2)]
    check('json: one record per call and the disable',
          len(js) == len(did2) + 1 and len(did2) == len(did), f'{did2} {js}')
    if len(js) == len(did2) + 1:
        for d, j in zip(did2 + [{'size': None, 'ret': '0'}], js):
            size, ret = d['size'] and int(d['size']), int(d['ret'])
            want = {'min': mn} if small(size, ret) else None
            check(f'json: {d.get("hook", "kprobe")} size {size if size is not None else "SS_DISABLE"}'
                  f' (ret {ret}): small {want}',
                  j.get('small') == want and j.get('ret') == (-int(d.get('errno', 0)) if ret else 0)
                  and j.get('hook') == d.get('hook', 'kprobe'), str(j))

    # 2b. a 32-bit program (small32, small.c built for ia32 or AArch32):
    # its auxv is saved as 32-bit words; its own AT_MINSIGSTKSZ decides.
    sec = res.section('calls32')
    v32 = {l.split()[0]: l.split()[1] for l in sec if len(l.split()) == 2}
    mn32 = int(v32.get('min', -1))
    msz32, ssz32 = int(v32.get('minsigstksz', -1)), int(v32.get('sigstksz', -1))
    did32 = [kv(l) for l in sec if l.startswith('call ')]
    print(f'# 32-bit: AT_MINSIGSTKSZ {mn32} (MINSIGSTKSZ {msz32}, SIGSTKSZ {ssz32})')
    check('small32 (32-bit) ran and made the calls it says',
          'rc=0' in sec and mn32 >= 0 and
          [int(d['size']) for d in did32] ==
          ([mn32 - 1, mn32, mn32 + 1] if mn32 else []) + [msz32, ssz32], str(sec))
    recs32 = [CALL32.search(l) for l in sec
              if f" pid={v32.get('pid')} " in l and ' sigaltstack(' in l]
    check('small32: one compat record per call and the disable, all decoded',
          len(recs32) == len(did32) + 1 and all(recs32), str(sec))
    flag32 = 0
    if len(recs32) == len(did32) + 1 and all(recs32):
        for d, m in zip(did32, recs32):
            size, ret = int(d['size']), int(d['ret'])
            flagged = ret == 0 and mn32 > 0 and size < mn32
            flag32 += flagged
            want = f' SMALL min={mn32}' if flagged else None
            check(f'small32: compat size {size} (ret {ret}): '
                  f'{want.strip() if want else "not flagged"}',
                  int(m.group(3)) == size and
                  int(m.group(4)) == (-int(d['errno']) if ret else 0) and
                  m.group(5) == want, m.group(0))
        check('small32: SS_DISABLE is not flagged',
              recs32[-1].group(2) == 'SS_DISABLE' and recs32[-1].group(5) is None,
              recs32[-1].group(0))

    # 3. delivery: the kernel's own verdict (SIGSEGV or not) on each stack.
    sec = res.section('search')
    probes = [kv(l) for l in sec if l.startswith('probe ')]
    fit = next((l.split()[1] for l in sec if l.startswith('fit ')), None)
    js = jsons(sec)
    check('search ran', 'rc=0' in sec and probes and fit is not None, str(sec))
    nflag = 0
    for p in probes:
        size, ppid = int(p['size']), int(p['pid'])
        mine = [j for j in js if j.get('pid') == ppid]
        inst = [j for j in mine if j.get('hook') == 'kprobe']
        sig = [j for j in mine if j.get('hook') == 'signal']
        flagged = small(size, 0)
        nflag += flagged
        check(f'probe {size}: the install, flagged exactly when below min',
              p['install'] == '0' and len(inst) == 1 and inst[0].get('ret') == 0 and
              inst[0].get('small') == ({'min': mn} if flagged else None), str(mine))
        if p['status'] == 'signal:11':
            check(f'probe {size}: did not fit (SIGSEGV): one overflow record, and it was flagged',
                  len(sig) == 1 and sig[0].get('event') == 'overflow' and
                  sig[0].get('signal') == 'SIGUSR1' and
                  sig[0].get('altstack', {}).get('size') == size and flagged, str(mine))
        else:
            check(f'probe {size}: fitted (handler returned): one deliver record',
                  p['status'] == 'exit:0' and len(sig) == 1 and
                  sig[0].get('event') == 'deliver' and
                  sig[0].get('altstack', {}).get('size') == size and
                  0 <= sig[0].get('headroom', -1) < size, str(mine))
    if mn:
        top = max(mn, msz)
        check(f'a stack of max(min, MINSIGSTKSZ) = {top} bytes fits the frame: '
              f'the smallest that does is {fit}',
              fit not in (None, 'none') and int(fit) <= top and
              any(int(p['size']) == top and p['status'] == 'exit:0' for p in probes),
              str(probes))
        fitv = int(fit) if fit not in (None, 'none') else 0
        if fitv > msz:
            check(f'a flagged stack one byte below the fit ({fitv - 1}) overflowed, SIGSEGV',
                  any(int(p['size']) == fitv - 1 and p['status'] == 'signal:11'
                      for p in probes) and small(fitv - 1, 0), str(probes))
        else:
            check(f'every stack the kernel takes ({msz} and up) fits the frame: no probe overflowed',
                  all(p['status'] == 'exit:0' for p in probes), str(probes))
    else:
        check('no AT_MINSIGSTKSZ: MINSIGSTKSZ fits, nothing flagged',
              fit == str(msz) and all(p['status'] == 'exit:0' for p in probes),
              str(probes))

    # 4. altstacks: the held stacks, marked exactly when smaller.
    sec = res.section('hold')
    readies = [kv(l) for l in sec if l.startswith('ready ')]
    want_sizes = [mn - 1, mn] if mn > msz + 1 else [sigstksz]
    check(f'hold: stacks of {want_sizes} bytes held',
          sorted(int(r.get('size', -1)) for r in readies) == want_sizes and
          all(r.get('ret') == '0' for r in readies), str(readies))
    js = jsons(sec)
    hflag = 0
    for ready in readies:
        hsize = int(ready.get('size', -1))
        flagged = small(hsize, int(ready.get('ret', -1)))
        hflag += flagged
        alt = [l for l in sec if l.startswith('pid=') and f" tid={ready.get('tid')} " in l]
        want_tail = f'ss_size={hsize} on_stack=0' + (f' SMALL min={mn}' if flagged else '')
        check(f'altstacks: the held stack of {hsize} bytes, '
              f'{"SMALL min=" + str(mn) if flagged else "unmarked"}',
              len(alt) == 1 and alt[0].endswith(' ' + want_tail), f'{ready} {alt}')
        ja = [j for j in js if 'altstack' in j and str(j.get('tid')) == ready.get('tid')]
        check(f'altstacks --json: the stack of {hsize} bytes the same',
              len(ja) == 1 and ja[0].get('small') == ({'min': mn} if flagged else None) and
              ja[0]['altstack'].get('size') == hsize, str(ja))
        hj = [j for j in js if 'ss' in j and str(j.get('pid')) == ready.get('pid')]
        check(f'hold {hsize}: its install flagged exactly the same',
              len(hj) == 1 and hj[0].get('small') == ({'min': mn} if flagged else None),
              str(hj))
    check('holds ended by SIGTERM, reader rc 0',
          sec.count('hold rc=143') == len(readies) and sec.count('reader rc=0') == 1,
          str(sec))
    check('readers rc 0', res.section('calls-json').count('reader rc=0') == 1 and
          res.section('search').count('reader rc=0') == 1, '')

    # 5. stats: small counts every flagged call; the check is on iff min.
    st = stats(res.section('stats'))
    nflag += sum(small(int(d['size']), int(d['ret'])) for d in did + did2) + hflag + flag32
    check(f'stats: small_check {1 if mn else 0} (the workload read AT_MINSIGSTKSZ {mn})',
          st.get('small_check') == (1 if mn else 0), str(st))
    check(f'stats: small {nflag}, the flagged calls',
          st.get('small') == nflag and
          sum(v for k, v in st.items() if re.fullmatch(r'cpu\d+\.small', k)) == nflag,
          str(st))
    check('stats: nothing dropped', st.get('dropped') == 0, str(st))
    check('the module unloads', lines[-1:] == ['unload rc=0'], str(lines[-3:]))
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main())
