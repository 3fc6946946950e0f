#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""file_id.py PATH: print "DEV INO MTIME_NS GEN CTIME_NS DIR", the identity
the module records of a mapped file (struct sastrace_file_id): st_dev as
stat() gives it, the inode number, the mtime in ns, the inode generation
(FS_IOC_GETVERSION; 0 where the file system keeps none), the ctime in ns
and the file's directory as a path from the root of its own file system
(findmnt's FSROOT joined with the directory below the mount point). Used by the
symbols unit tests and make bench-reader."""
import fcntl
import os
import struct
import subprocess
import sys

FS_IOC_GETVERSION = 0x80087601

p = os.path.realpath(sys.argv[1])
st = os.stat(p)
gen = 0
fd = os.open(p, os.O_RDONLY)
try:
    gen = struct.unpack('I', fcntl.ioctl(fd, FS_IOC_GETVERSION,
                                         b'\0' * 8)[:4])[0]
except OSError:
    pass
os.close(fd)
fsroot, target = subprocess.check_output(
    ['findmnt', '-n', '-o', 'FSROOT,TARGET', '--target', p], text=True).split()
d = os.path.dirname(p)
rel = d[len(target):] if target != '/' else d
print(st.st_dev, st.st_ino, st.st_mtime_ns, gen, st.st_ctime_ns,
      (fsroot.rstrip('/') + rel) or '/')
