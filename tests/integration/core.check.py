#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side assertions for core.vm.sh: reads the VM's results file and
prints one `ok - name` / `not ok - name: why` line per check."""
import json
import re
import sys

from checklib import Checker, Results, abi, call_events, stats

LINE = re.compile(r'^(\d+)\.(\d{9}) cpu=(\d+) (pid=\d+ tid=\d+ comm=\S+ \S+ '
                  r'sigaltstack\(.*\) = .*?)(?: caller=(\S+))?$')
# Case 10 of the cases workload raises SIGUSR1 for an SA_ONSTACK handler with
# an alternate stack set: one signal record per run of it.
SIGLINE = re.compile(r'^\d+\.\d{9} cpu=\d+ (pid=\d+) tid=\d+ comm=cases signal '
                     r'deliver SIGUSR1 handler=0x[0-9a-f]+ frame=(0x[0-9a-f]+) '
                     r'altstack=\{ss_sp=(0x[0-9a-f]+), ss_flags=0, ss_size=65536\} '
                     r'headroom=(\d+) frame_size=(\d+) '
                     r'handler_at=(cases\+0x[0-9a-f]+|\?)$')


def signal_ok(line, pid):
    """Is this the one signal record a cases run makes, consistent?
    (headroom: frame - ss_sp; frame_size: ss_sp + 65536 - frame)"""
    m = SIGLINE.match(line)
    return bool(m) and m.group(1) == pid and \
        int(m.group(2), 16) - int(m.group(3), 16) == int(m.group(4)) and \
        int(m.group(3), 16) + 65536 - int(m.group(2), 16) == int(m.group(5))


def expects(lines):
    return [l[len('expect '):] for l in lines if l.startswith('expect ')]


def ncalls(lines):
    """The number of calls the cases workload says it made ("calls N")."""
    n = [l.split()[1] for l in lines if l.startswith('calls ')]
    return int(n[0]) if len(n) == 1 and n[0].isdigit() else -1


def compat_ok(lines, arch):
    """The 11 native cases ran, and the 32-bit (int $0x80) ones on x86-64;
    elsewhere the workload said they do not apply, and made none."""
    compat = [l for l in lines if l.startswith('expect ') and ' compat ' in l]
    native = [l for l in lines if l.startswith('expect ') and ' kprobe ' in l]
    if len(native) != 11:
        return False
    if arch == 'x86_64':
        return len(compat) == 2
    return compat == [] and any(l.startswith('na compat: ') for l in lines)


def events(lines):
    """(ts, cpu, rest, caller) of every well-formed events line: rest up to
    the caller, which is None when the line names none."""
    out = []
    for l in lines:
        m = LINE.match(l)
        if m:
            out.append((int(m.group(1)) * 10**9 + int(m.group(2)),
                        int(m.group(3)), m.group(4), m.group(5)))
    return out


def callers_ok(hooks_callers):
    """The callers of one cases run's records, [(hook, caller)] in call
    order: each names cases itself (a static program: the system call
    instructions are in it), at a file offset; the native calls all go
    through glibc's syscall(), so they share one caller, and the 32-bit
    ones (int $0x80, in cases' own code) have others. (tests/integration/
    callers checks callers against objdump.)"""
    if not hooks_callers or not all(
            c and re.fullmatch(r'cases\+0x[0-9a-f]+', c) for _, c in hooks_callers):
        return False
    native = {c for h, c in hooks_callers if h == 'kprobe'}
    compat = {c for h, c in hooks_callers if h == 'compat'}
    return len(native) == 1 and not native & compat


def json_to_text(o):
    """Rebuild the strace text of a JSON record independently of C code."""
    def stack(s):
        if s is None:
            return 'NULL'
        if 'error' in s:
            return s['addr']
        names = s['flag_names']
        known = [n for n in names if n.startswith('SS_')]
        if s['flags'] == 0:
            fl = '0'
        elif not known:
            fl = f'{names[0]} /* SS_??? */'
        else:
            fl = '|'.join(names)
        sp = 'NULL' if s['sp'] == '0x0' else s['sp']
        return f'{{ss_sp={sp}, ss_flags={fl}, ss_size={s["size"]}}}'
    ret = str(o['ret']) + (f' {o["errno"]}' if o['errno'] else '')
    return (f'pid={o["pid"]} tid={o["tid"]} comm={o["comm"]} {o["hook"]} '
            f'sigaltstack({stack(o["ss"])}, {stack(o["old_ss"])}) = {ret}')


def main():
    results, kernel = sys.argv[1], sys.argv[2]
    c = Checker(f'{kernel}: ')
    g = Results(results).section
    arch = (g('arch') or ['?'])[0]

    # bad buffer_kb values
    bad = g('load-bad-buffer')
    for v in ('0', '3', '65537', 'abc'):
        row = [l for l in bad if l.startswith(f'buffer_kb={v} ')]
        c.check(f'buffer_kb={v} refused',
                row and ' rc=0 ' not in row[0] and row[0].endswith('loaded=0'),
                f'{row}')
    for v in ('0', '3', '65537'):
        c.check(f'buffer_kb={v} logged',
                f'sastrace: buffer_kb={v} is out of range [4, 65536]' in bad,
                f'{bad}')

    nl = g('reader-not-loaded')
    c.check('reader says module not loaded, exit status 1',
            nl == ['sastrace: the sastrace module is not loaded (run: sastrace load)',
                   'rc=1'], f'{nl}')
    c.check('reader loads the module', g('load')[:2] == ['rc=0', '256'],
            f'{g("load")}')

    # debugfs really unmounted (umount in the guest), the module loaded
    nd = g('debugfs-unmounted')
    c.check('debugfs unmounted for the test', nd[:1] == ['umount rc=0'], f'{nd}')
    msg = ('sastrace: debugfs is not mounted on /sys/kernel/debug '
           '(mount it: mount -t debugfs none /sys/kernel/debug)')
    for cmd in ('stats', 'altstacks', 'trace'):
        c.check(f'debugfs not mounted: sastrace {cmd} exits 1 with one line saying so',
                f'{cmd} rc=1 out=0 err=1' in nd and f'{cmd} err: {msg}' in nd,
                f'{nd}')
    c.check('debugfs mounted again: the reader works',
            nd[-2:] == ['mount rc=0', 'stats after mount rc=0'], f'{nd}')

    # format: the record format a parser needs, as the sources say it.
    fmt = g('format')
    a = abi()
    sizes = {}
    name = None
    for l in fmt:
        if l.startswith('name:'):
            name = l[5:]
        elif l.startswith('size:') and name:
            sizes[name] = int(l[5:])
    c.check('format: version and header size as the sources say',
            a and f'version:{a.get("version")}' in fmt and
            f'header_size:{a.get("header_size")}' in fmt and
            'rc=0' in fmt, f'{fmt[:3]}, abi {a}')
    c.check('format: every kind with its record size',
            a and sizes == {k: a.get(f'{k}_size')
                            for k in str(a.get('kinds', '')).split()},
            f'{sizes}, abi {a}')
    c.check('format: the call record\'s ss.sp field',
            '\tfield:__u64 ss.sp;\toffset:88;\tsize:8;\tsigned:0;' in fmt,
            f'{fmt}')
    c.check('format: the header\'s cgroup and namespace ids (version 5)',
            all(f in fmt for f in (
                '\tfield:__u64 cgroup_id;\toffset:48;\tsize:8;\tsigned:0;',
                '\tfield:__u32 ns_tgid;\toffset:56;\tsize:4;\tsigned:0;',
                '\tfield:__u32 ns_tid;\toffset:60;\tsize:4;\tsigned:0;')),
            f'{fmt}')

    perms = g('perms')
    c.check('files are 0400',
            sum(1 for l in perms if l.startswith('400 ')) == 3, f'{perms}')
    c.check('non-root cannot read stats', 'nobody-stats rc=1' in perms,
            f'{perms}')
    c.check('non-root cannot read events', 'nobody-events rc=1' in perms,
            f'{perms}')
    c.check('non-root check really ran as uid 65534', '65534' in perms,
            f'{perms}')

    # the cases through `cat events`
    exp = expects(g('cases'))
    c.check('cases workload ran', len(exp) == ncalls(g('cases')) > 0 and
            'rc=0' in g('cases'), f'{g("cases")}')
    c.check(f'cases: the 32-bit calls ran where they exist ({arch})',
            compat_ok(g('cases'), arch), f'{g("cases")}')
    ev = events(g('cases-events'))
    pid = exp[0].split(' tid=')[0] if exp else 'pid=?'
    mine = [e for e in ev if e[2].startswith(pid + ' ')]
    got = [e[2] for e in mine]
    c.check('cat events: exact decoded lines', got == exp,
            '\n  want ' + '\n  want '.join(exp) + '\n  got  ' + '\n  got  '.join(got))
    hooks_callers = [(e[2].split()[3], e[3]) for e in mine]
    c.check('cat events: every call names its caller in cases, one for '
            'all the syscall() calls', callers_ok(hooks_callers), f'{hooks_callers}')
    sig = [l for l in g('cases-events') if ' signal ' in l]
    c.check('cat events: one deliver record for the handler on the alt stack',
            len(sig) == 1 and signal_ok(sig[0], pid), f'{sig}')
    ts = [e[0] for e in ev]
    c.check('cat events: timestamp order', ts == sorted(ts), f'{ts}')

    pc = g('pollcheck')
    c.check('pollcheck exits 0', pc[-1:] == ['rc=0'], f'{pc}')
    c.check('events: O_NONBLOCK read gives EAGAIN', 'nonblock EAGAIN' in pc,
            f'{pc}')
    c.check('events: poll on empty times out', 'poll-empty 0' in pc, f'{pc}')
    c.check('events: poll wakes on a record', 'poll-ready 1' in pc, f'{pc}')
    c.check('events: read after poll returns data',
            any(re.match(r'read-ready [1-9]', l) for l in pc), f'{pc}')

    # the reader, JSON
    jexp = expects(g('json'))
    jl = g('json-out')
    try:
        objs = [json.loads(l) for l in jl]
        parsed = True
    except ValueError as e:
        objs, parsed = [], False
        c.check('reader --json: every line parses', False, str(e))
    if parsed:
        c.check('reader --json: every line parses', True)
    c.check('reader --json: exits 0 after --count, nothing on stderr',
            'reader rc=0' in g('json') and g('json-err') == [],
            f'{g("json")} {g("json-err")}')
    c.check('reader --json: the cases workload exits 0', 'rc=0' in g('json'),
            f'{g("json")}')
    c.check('reader --json: --count was the calls made + 1 signal record',
            f'records {ncalls(g("json")) + 1}' in g('json') and
            len(jl) == ncalls(g('json')) + 1, f'{g("json")[:1]}, {len(jl)} lines')
    c.check('reader --json: no late_ss (every ss was readable at entry)',
            objs and not any('late_ss' in o for o in objs), f'{objs}')
    jsig = [o for o in objs if o.get('hook') == 'signal']
    jtext = [json_to_text(o) for o in objs if o.get('hook') != 'signal']
    c.check('reader --json: exact decoded values', jtext == jexp,
            '\n  want ' + '\n  want '.join(jexp) + '\n  got  ' + '\n  got  '.join(jtext))
    jcallers = [o.get('caller') for o in objs if o.get('hook') != 'signal']
    c.check('reader --json: every call names its caller in cases, one for '
            'all the syscall() calls; offset and address agree',
            callers_ok([(o.get('hook'), f'{o["caller"].get("file")}+{o["caller"].get("offset")}'
                         if isinstance(o.get('caller'), dict) else None)
                        for o in objs if o.get('hook') != 'signal']) and
            all(int(j['addr'], 16) % 4096 == int(j['offset'], 16) % 4096
                for j in jcallers), f'{jcallers}')
    jpid = int(jexp[0].split(' tid=')[0][4:]) if jexp else -1
    c.check('reader --json: one deliver record for the handler on the alt stack',
            len(jsig) == 1 and jsig[0]['event'] == 'deliver' and
            jsig[0]['signal'] == 'SIGUSR1' and jsig[0]['pid'] == jpid and
            int(jsig[0]['frame'], 16) - int(jsig[0]['altstack']['sp'], 16) ==
            jsig[0]['headroom'] and
            int(jsig[0]['altstack']['sp'], 16) + jsig[0]['altstack']['size'] -
            int(jsig[0]['frame'], 16) == jsig[0]['frame_size'], f'{jsig}')

    texp = expects(g('text-reader'))
    tev = events(g('text-out'))
    tl = [e[2] for e in tev]
    c.check('reader text: exact lines', tl == texp and len(tl) == ncalls(g('text-reader')) > 0 and
            compat_ok(g('text-reader'), arch),
            '\n  want ' + '\n  want '.join(texp) + '\n  got  ' + '\n  got  '.join(tl))
    tpid = texp[0].split(' tid=')[0] if texp else 'pid=?'
    thc = [(e[2].split()[3], e[3]) for e in tev]
    c.check('reader text: every call names its caller in cases, one for '
            'all the syscall() calls', callers_ok(thc), f'{thc}')
    tsig = [l for l in g('text-out') if ' signal ' in l]
    c.check('reader text: one deliver record for the handler on the alt stack',
            len(tsig) == 1 and signal_ok(tsig[0], tpid), f'{tsig}')
    c.check('reader text: exits 0 after --count, nothing on stderr',
            'reader rc=0' in g('text-reader') and g('text-err') == [],
            f'{g("text-reader")} {g("text-err")}')
    c.check('reader text: the cases workload exits 0', 'rc=0' in g('text-reader'),
            f'{g("text-reader")}')

    # storm overfilling a 4 KiB ring
    st = g('storm')
    calls = [int(l.split()[1]) for l in st if l.startswith('calls ')]
    sb = stats(g('storm-stats'))
    sa = stats(g('storm-stats-after'))
    ev = events(g('storm-events'))
    c.check('storm: sastrace unload, then load --buffer-kb 4, exit 0',
            st[:2] == ['unload rc=0', 'load rc=0'], f'{st}')
    c.check('storm: workload made 40000 calls, exit 0',
            calls == [40000] and 'storm rc=0' in st, f'{st}')
    c.check('storm: sigaltstack-call events == calls made',
            call_events(sb) == 40000, f'{sb}')
    c.check('storm: nothing missed', sb.get('missed') == 0, f'{sb}')
    c.check('storm: the small ring overflowed and counted it',
            sb.get('dropped', 0) > 0, f'{sb}')
    c.check('storm: lines read == events - dropped',
            len(ev) == sb.get('events', -1) - sb.get('dropped', 0),
            f'{len(ev)} lines, {sb}')
    cpus = sorted({k.split('.')[0] for k in sb if k.startswith('cpu')})
    for cpu in cpus:
        n = int(cpu[3:])
        lines = sum(1 for e in ev if e[1] == n)
        want = sb[f'{cpu}.events'] - sb[f'{cpu}.dropped']
        c.check(f'storm: {cpu} lines == events - dropped', lines == want,
                f'{lines} != {want}')
    c.check('storm: rings empty after the drain', sa.get('unread') == 0,
            f'{sa}')
    # A slot is an 8-byte sequence word + the largest record (ring.c),
    # rounded up to 8 bytes.
    rec_max = abi().get('record_max', 0)
    slot = (8 + rec_max + 7) // 8 * 8
    c.check(f'storm: ring holds {4096 // max(slot, 1)} records at buffer_kb=4',
            rec_max > 0 and sb.get('buffer_records') == 4096 // slot,
            f'{sb}, abi {abi()}')

    rb = g('rmmod-busy')
    c.check('rmmod refused while a reader is blocked',
            any(re.match(r'rmmod-with-reader rc=[1-9]', l) for l in rb), f'{rb}')
    c.check('rmmod succeeds once the reader is gone',
            'rmmod-after rc=0' in rb and 'still-loaded rc=1' in rb, f'{rb}')
    rs = g('rmmod-storm')
    c.check('rmmod during a storm, 20 times', 'unloads 20' in rs, f'{rs}')
    live = [l for l in rs if re.fullmatch(r'iteration \d+ events=[1-9]\d*', l)]
    c.check('rmmod during a storm: the storm was in the probes each time '
            '(events > 0 before the unload)', len(live) == 20, f'{rs}')
    c.check('rmmod during a storm: refused each time while the reader was open',
            not any('rmmod with reader succeeded' in l for l in rs), f'{rs}')
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main())
