#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: sigaltstack calls of an x32 program must be
# traced by the x32 hook as compat (12-byte stack_t) records. Debian's
# kernels refuse x32 syscalls unless booted with syscall.x32=y.
# vm-append: syscall.x32=y
# Exit status: the rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"
sec() { echo "=== $1"; }

sec load
st_load
echo "load rc=$?"
dmesg | grep 'sastrace: ' | sed 's/^\[[^]]*\] //'
sec kallsyms
grep -E ' (__x64|__x32|__ia32)_compat_sys_sigaltstack$' /proc/kallsyms |
	sed 's/^[0-9a-f]* //'

sec run
./x32cases
echo "x32cases rc=$?"

sec json
timeout -s INT 3 "$BIN"/sastrace trace --json
echo "reader rc=$?"

sec stats
cat $D/stats

sec unload
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc
