#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: SMALL, alternate stacks smaller than the signal
# frame this machine's kernel told the workload it needs (AT_MINSIGSTKSZ).
# The workload (workloads/small.c) reads getauxval(AT_MINSIGSTKSZ) itself
# and installs stacks of min-1, min, min+1, MINSIGSTKSZ and SIGSTKSZ bytes
# (`events`, then again through the reader's JSON); then finds, by
# delivering SIGUSR1 on stacks of each size it tries, the smallest stack a
# frame fits (children that die of SIGSEGV where it does not); then holds
# one stack while `altstacks` is read. small.check.py asserts every record
# against what the workload did and saw. smallcpu/ runs this same script
# on another qemu CPU model, whose frame is another size.
# Exit status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

echo "machine $(uname -m) $(uname -r)"
st_load || exit 1
# Each read takes the records the workload's output says it made (a call
# record per call, a signal record per probe): no waiting.
calls() { echo $(($(grep -c '^call ' "$1") + 1)); }
echo "=== calls"
"$BIN"/small calls > /tmp/calls.out
echo "rc=$?"
cat /tmp/calls.out
echo "=== calls-events"
timeout 10 head -n "$(calls /tmp/calls.out)" $D/events
echo "=== calls-json"
"$BIN"/small calls > /tmp/calls2.out
echo "rc=$?"
cat /tmp/calls2.out
timeout 10 "$BIN"/sastrace --json --comm small --count "$(calls /tmp/calls2.out)"
echo "reader rc=$?"
echo "=== search"
"$BIN"/small search > /tmp/search.out
echo "rc=$?"
cat /tmp/search.out
timeout 10 "$BIN"/sastrace --json --comm small \
	--count $((2 * $(grep -c '^probe ' /tmp/search.out)))
echo "reader rc=$?"
echo "=== hold"
# A stack of min-1 bytes where the kernel takes one (SMALL), else SIGSTKSZ.
min=$(sed -n 's/^min //p' /tmp/calls2.out)
msz=$(sed -n 's/^minsigstksz //p' /tmp/calls2.out)
size=$(sed -n 's/^sigstksz //p' /tmp/calls2.out)
[ "${min:-0}" -gt "$((msz + 1))" ] && size=$((min - 1))
"$BIN"/small hold "$size" > /tmp/hold.out &
hpid=$!
i=0
while ! grep -q '^ready ' /tmp/hold.out 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i+1))
done
cat /tmp/hold.out
grep ' comm=small ' $D/altstacks
"$BIN"/sastrace altstacks --json | grep '"comm":"small"'
kill $hpid
wait $hpid
echo "hold rc=$?"
timeout 10 "$BIN"/sastrace --json --comm small --count 1
echo "reader rc=$?"
echo "=== stats"
cat $D/stats
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc
