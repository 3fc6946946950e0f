#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM, booted with 32-bit emulation off: the module
# must say it traces native calls only; a 32-bit program does not run and
# a 64-bit program's int $0x80 fails, leaving no compat record; native
# calls are traced.
# vm-append: ia32_emulation=0
# Exit status: the rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"
sec() { echo "=== $1"; }

sec load
st_load
echo "load rc=$?"
dmesg | grep 'sastrace: ' | sed 's/^\[[^]]*\] //'
sec cmdline
cat /proc/cmdline

sec ia32prog
./ia32prog
echo "ia32prog rc=$?"

sec natsas
./natsas
echo "natsas rc=$?"

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
