#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM, booted with 32-bit emulation off: the module
# must say it traces native calls only; a 32-bit program does not run and
# a 64-bit program's int $0x80 fails, leaving no compat record; native
# calls are traced.
# vm-append: ia32_emulation=0
# Exit status: the rmmod's.
. "$VMLIB"

st_load_logged
st_sec cmdline
cat /proc/cmdline

st_sec ia32prog
./ia32prog
echo "ia32prog rc=$?"

st_sec natsas
./natsas
echo "natsas rc=$?"

st_json_stats_unload
exit $?
