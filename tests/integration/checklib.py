# SPDX-License-Identifier: GPL-2.0
"""What the host-side checks of the integration tests share: reading a
test's section of the guest's results, printing `ok - ` / `not ok - `
lines, the module's `stats` counters, and the record ABI the sources
describe."""
import os
import subprocess
import tempfile

_abi = None


def abi():
    """The record ABI as tests/lib/abi.c prints it from the sources (sizes,
    version, kinds), as a dict of ints (strings where not a number);
    compiled with the host's cc, the layout being the same on every
    architecture. {} when it cannot be built (the checks that use it fail
    then, saying so)."""
    global _abi
    if _abi is not None:
        return _abi
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    _abi = {}
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, 'abi')
        cmd = [os.environ.get('CC', 'cc'), '-std=gnu11',
               '-I' + os.path.join(top, 'module'),
               '-I' + os.path.join(top, 'userspace'), '-o', exe,
               os.path.join(top, 'tests/lib/abi.c'),
               os.path.join(top, 'module/format.c'),
               os.path.join(top, 'module/format_out.c'),
               os.path.join(top, 'userspace/json.c')]
        try:
            subprocess.run(cmd, check=True, capture_output=True)
            out = subprocess.run([exe], check=True, capture_output=True,
                                 text=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return _abi
    for line in out.splitlines():
        k, _, v = line.partition(' ')
        _abi[k] = int(v) if v.isdigit() else v
    return _abi


class Results:
    """A test's output from the guest; `=== NAME` lines start sections."""

    def __init__(self, path):
        with open(path, errors='replace') as f:
            self.lines = [l.rstrip('\r\n') for l in f]

    def section(self, name):
        """The lines after the first `=== NAME`, up to the next `=== `."""
        try:
            i = self.lines.index(f'=== {name}')
        except ValueError:
            return []
        j = i + 1
        while j < len(self.lines) and not self.lines[j].startswith('=== '):
            j += 1
        return self.lines[i + 1:j]


class Checker:
    """Prints one `ok - PREFIXname` or `not ok - PREFIXname: why` per check
    and counts the failures."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def check(self, name, cond, why=''):
        if cond:
            print(f'ok - {self.prefix}{name}')
        else:
            self.failed += 1
            print(f'not ok - {self.prefix}{name}: {why}')


def call_events(st, cpu=None):
    """The sigaltstack-call records among a stats dict's `events` (of one
    CPU, 'cpu0', when given): events counts records of every kind, and
    anything in the guest (a shell setting its signals up) may make
    sigaction records while a workload's calls are counted. The other
    kinds each have their counters (signal_*, sigaction)."""
    p = f'{cpu}.' if cpu else ''
    other = ['sigaction', 'signal_deliver', 'signal_overflow',
             'signal_onstack_unavailable', 'signal_frame_fault']
    if p + 'events' not in st:
        return None
    return st[p + 'events'] - sum(st.get(p + k, 0) for k in other)


def stats(lines):
    """The `name value` lines of the stats file, as a dict."""
    d = {}
    for l in lines:
        p = l.split()
        if len(p) == 2 and p[1].isdigit():
            d[p[0]] = int(p[1])
    return d
