# SPDX-License-Identifier: GPL-2.0
"""What the host-side checks of the integration tests share: reading a
test's section of the guest's results, printing `ok - ` / `not ok - `
lines, the module's `stats` counters, and the record ABI the sources
describe."""
import os
import re
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


# ELF e_machine -> (objdump commands to try, the native system call
# instruction (mnemonic, operand or None), the int $0x80 one or None).
_SYSCALL_INSNS = {
    62: (('objdump',), ('syscall', None), ('int', '$0x80')),
    183: (('aarch64-linux-gnu-objdump', 'objdump'), ('svc', None), None),
}
_disassembly = {}


def _disassemble(binary, function):
    """(ELF type, e_machine, {function: [(addr, mnemonic, operands)]},
    [(file offset, vaddr, filesz)] of the LOAD segments) of an ELF file,
    only FUNCTION disassembled (objdump --disassemble=FUNCTION: a whole
    libc takes seconds). Raises RuntimeError (why) when it cannot be found
    out."""
    if (binary, function) in _disassembly:
        return _disassembly[(binary, function)]
    if not os.path.isfile(binary):
        raise RuntimeError(f'no {binary}')
    with open(binary, 'rb') as f:
        hdr = f.read(20)
    if len(hdr) < 20 or hdr[:4] != b'\x7fELF' or hdr[5] != 1:
        raise RuntimeError(f'{binary}: not a little-endian ELF file')
    etype = int.from_bytes(hdr[16:18], 'little')
    machine = int.from_bytes(hdr[18:20], 'little')
    if machine not in _SYSCALL_INSNS:
        raise RuntimeError(f'{binary}: ELF machine {machine}: no objdump known')
    dis, why = None, []
    for od in _SYSCALL_INSNS[machine][0]:
        try:
            dis = subprocess.run([od, '-d', '--no-show-raw-insn',
                                  f'--disassemble={function}', binary],
                                 capture_output=True, text=True, check=True).stdout
            break
        except OSError as e:
            why.append(f'cannot run {od}: {e}')
        except subprocess.CalledProcessError as e:
            why.append(f'{od} {binary} failed: {e.stderr.strip()}')
    if dis is None:
        raise RuntimeError('; '.join(why))
    try:
        ph = subprocess.run(['readelf', '-lW', binary], capture_output=True,
                            text=True, check=True).stdout
    except OSError as e:
        raise RuntimeError(f'cannot run readelf: {e}') from e
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f'readelf {binary} failed: {e.stderr.strip()}') from e
    loads = []
    for l in ph.splitlines():
        p = l.split()
        if p and p[0] == 'LOAD':
            loads.append((int(p[1], 16), int(p[2], 16), int(p[4], 16)))
    funcs, cur = {}, None
    for l in dis.splitlines():
        m = re.match(r'^[0-9a-f]+ <([^>]+)>:$', l)
        if m:
            # A shared library's dynamic symbols: NAME@@VERSION too.
            cur = funcs.setdefault(m.group(1), [])
            funcs.setdefault(m.group(1).split('@')[0], cur)
            continue
        m = re.match(r'^\s*([0-9a-f]+):\s+(\S+)\s*(\S*)', l)
        if m and cur is not None:
            cur.append((int(m.group(1), 16), m.group(2), m.group(3)))
        elif not l.strip():
            cur = None
    _disassembly[(binary, function)] = (etype, machine, funcs, loads)
    return _disassembly[(binary, function)]


def syscall_return(binary, function, int80=False):
    """Where a system call made by FUNCTION (a shared library's versioned
    NAME@@VERSION too) of the ELF file BINARY returns to: (vaddr, file
    offset, ELF type) of the instruction after FUNCTION's one system call
    instruction (objdump -d): `syscall` on x86-64, `svc` on arm64, or with
    int80 `int $0x80` (x86-64 only); the file offset from the LOAD
    segments (readelf -lW). Raises RuntimeError (why) when the binary,
    binutils, the function or exactly one such instruction followed by
    another is not there."""
    etype, machine, funcs, loads = _disassemble(binary, function)
    want = _SYSCALL_INSNS[machine][2 if int80 else 1]
    if want is None:
        raise RuntimeError(f'{binary}: ELF machine {machine} has no int $0x80')
    insns = funcs.get(function)
    if not insns:
        raise RuntimeError(f'{binary}: no function {function}')
    at = [i for i, x in enumerate(insns)
          if x[1] == want[0] and (want[1] is None or x[2] == want[1])]
    if len(at) != 1 or at[0] + 1 >= len(insns):
        raise RuntimeError(f'{binary}: {function} has {len(at)} {" ".join(w for w in want if w)} '
                           'instructions, not one followed by another')
    va = insns[at[0] + 1][0]
    off = [va - vaddr + o for o, vaddr, filesz in loads if vaddr <= va < vaddr + filesz]
    if len(off) != 1:
        raise RuntimeError(f'{binary}: {va:#x} is in {len(off)} LOAD segments')
    return va, off[0], etype
