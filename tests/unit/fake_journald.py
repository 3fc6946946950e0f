#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A stand-in for systemd-journald's native socket, for tests/unit/service.sh.

  fake_journald.py serve SOCKET OUT read|stall
      bind SOCKET (datagrams, journald's native protocol); "read": write
      every entry to OUT as one JSON line [[NAME, VALUE], ...] (values as
      latin-1, so that every byte survives); "stall": never read, like a
      journald that does not keep up. Ends on SIGTERM.
  fake_journald.py check OUT TXT JSON
      OUT must hold, per line of TXT/JSON (the reader's text and --json
      output for the same records), the entry sastrace trace --journal
      documents: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=sastrace, then
      SASTRACE_<KEY> for every JSON key (nested keys joined with '_',
      arrays joined with ',', null empty), in order. Prints what differs.
"""
import json
import os
import signal
import socket
import sys


def parse(d):
    """Fields of one native-protocol datagram."""
    fields, i = [], 0
    while i < len(d):
        nl = d.index(b'\n', i)
        line = d[i:nl]
        if b'=' in line:
            k, v = line.split(b'=', 1)
            i = nl + 1
        else:
            k = line
            n = int.from_bytes(d[nl + 1:nl + 9], 'little')
            v = d[nl + 9:nl + 9 + n]
            i = nl + 9 + n + 1
        fields.append([k.decode('latin-1'), v.decode('latin-1')])
    return fields


def serve(path, out, mode):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    with open(out, 'w') as f:
        f.write('')
        if mode == 'stall':
            signal.pause()
        while True:
            d = s.recv(1 << 20)
            f.write(json.dumps(parse(d)) + '\n')
            f.flush()


def flatten(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flatten(prefix + '_' + k.upper(), x, out)
        return
    if isinstance(v, list):
        s = ','.join(flatten_scalar(x) for x in v)
    else:
        s = flatten_scalar(v)
    out.append([prefix, s.encode('utf-8').decode('latin-1')])


def flatten_scalar(v):
    if v is None:
        return ''
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    return str(v)


def check(out, txt, js):
    got = [json.loads(l) for l in open(out)]
    texts = open(txt).read().splitlines()
    objs = [json.loads(l) for l in open(js)]
    want = []
    for t, o in zip(texts, objs):
        warn = (o.get('event') in ('overflow', 'onstack_unavailable',
                                   'frame_fault') or
                (o.get('toctou') or {}).get('status') == 'mismatch')
        e = [['MESSAGE', t], ['PRIORITY', '4' if warn else '6'],
             ['SYSLOG_IDENTIFIER', 'sastrace']]
        flatten('SASTRACE', o, e)
        want.append(e)
    if len(got) != len(want):
        print(f'{len(got)} entries, want {len(want)}')
        return 1
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            for j, (gf, wf) in enumerate(zip(g + [None] * len(w),
                                             w + [None] * len(g))):
                if gf != wf:
                    print(f'entry {i + 1}, field {j + 1}: got {gf}, want {wf}')
                    return 1
    return 0


if __name__ == '__main__':
    if sys.argv[1] == 'serve':
        serve(*sys.argv[2:5])
    else:
        sys.exit(check(*sys.argv[2:5]))
