#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: sigaltstack calls of an x32 program must be
# traced by the x32 hook as compat (12-byte stack_t) records. Debian's
# kernels refuse x32 syscalls unless booted with syscall.x32=y.
# vm-append: syscall.x32=y
# Exit status: the rmmod's.
. "$VMLIB"

st_load_logged
st_sec kallsyms
grep -E ' (__x64|__x32|__ia32)_compat_sys_sigaltstack$' /proc/kallsyms |
	sed 's/^[0-9a-f]* //'

st_sec run
./x32cases
echo "x32cases rc=$?"

st_json_stats_unload
exit $?
