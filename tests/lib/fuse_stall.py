#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""fuse_stall.py MOUNTPOINT FILE: a FUSE file system, served from /dev/fuse
by this very program, mounted at MOUNTPOINT (root only) with one file,
"prog", holding FILE's bytes (inode 2, mtime and ctime 1000000000.5 s).
Prints "ready DEV" (the mount's st_dev) once mounted. From SIGUSR1 on it
reads every request and answers none, as a user's daemon may: whatever
asks waits for ever (until this program ends, which aborts the
connection). For the symbol lookup's unit tests (tests/unit/symbols.sh):
no libfuse, the kernel's protocol (linux/fuse.h) by hand."""
import ctypes
import errno
import os
import signal
import struct
import sys

LOOKUP, FORGET, GETATTR, OPEN, READ, RELEASE, FLUSH, INIT = 1, 2, 3, 14, 15, 18, 25, 26
INTERRUPT, BATCH_FORGET = 36, 42
NO_REPLY = (FORGET, INTERRUPT, BATCH_FORGET)

mnt, path = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    data = f.read()
stalled = False


def on_usr1(_sig, _frame):
    global stalled
    stalled = True


signal.signal(signal.SIGUSR1, on_usr1)


def attr(ino):
    if ino == 1:
        mode, size, nlink = 0o40755, 0, 2
    else:
        mode, size, nlink = 0o100755, len(data), 1
    # ino size blocks atime mtime ctime, their ns, mode nlink uid gid rdev
    # blksize flags
    return struct.pack('<QQQQQQIIIIIIIIII', ino, size, (size + 511) // 512,
                       1000000000, 1000000000, 1000000000,
                       500000000, 500000000, 500000000,
                       mode, nlink, 0, 0, 0, 4096, 0)


fd = os.open('/dev/fuse', os.O_RDWR)
libc = ctypes.CDLL(None, use_errno=True)
# Killed with the test that started it (an interrupted run): its
# /dev/fuse descriptor then closes, which aborts the connection, so that
# nothing stays waiting for an answer.
PR_SET_PDEATHSIG = 1
libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
opts = 'fd=%d,rootmode=40000,user_id=0,group_id=0,default_permissions,' \
       'subtype=sastrace' % fd
if libc.mount(b'none', mnt.encode(), b'fuse', 0, opts.encode()):
    e = ctypes.get_errno()
    sys.exit('mount: %s' % os.strerror(e))
for line in open('/proc/self/mountinfo'):
    f = line.split()
    if f[4] == mnt:
        maj, mi = f[2].split(':')
        print('ready', os.makedev(int(maj), int(mi)), flush=True)

while True:
    try:
        req = os.read(fd, 1 << 20)
    except InterruptedError:
        continue
    except OSError:
        break	# unmounted
    if len(req) < 40:
        continue
    length, op, unique, node = struct.unpack_from('<IIQQ', req)
    body = req[40:length]
    if stalled or op in NO_REPLY:
        continue
    err, out = 0, b''
    if op == INIT:
        major, minor, readahead = struct.unpack_from('<III', body)
        out = struct.pack('<IIIIHHIIHHII24x', 7, min(minor, 31), readahead,
                          0, 16, 12, 4096, 1, 1, 0, 0, 0)
    elif op == LOOKUP:
        if node == 1 and body.rstrip(b'\0') == b'prog':
            out = struct.pack('<QQQQII', 2, 0, 3600, 3600, 0, 0) + attr(2)
        else:
            err = -errno.ENOENT
    elif op == GETATTR:
        out = struct.pack('<QII', 3600, 0, 0) + attr(node)
    elif op == OPEN:
        out = struct.pack('<QII', 1, 0, 0)
    elif op == READ:
        _fh, off, size = struct.unpack_from('<QQI', body)
        out = data[off:off + size]
    elif op in (RELEASE, FLUSH):
        pass
    else:
        err = -errno.ENOSYS
    try:
        os.write(fd, struct.pack('<IiQ', 16 + len(out), err, unique) + out)
    except OSError:
        pass
