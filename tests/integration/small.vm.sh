#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: SMALL, alternate stacks smaller than the signal
# frame this machine's kernel told the workload it needs (AT_MINSIGSTKSZ).
# The workload (workloads/small.c) reads getauxval(AT_MINSIGSTKSZ) itself
# and installs stacks of min-1, min, min+1, MINSIGSTKSZ and SIGSTKSZ bytes
# (`events`, then again through the reader's JSON; then the same calls
# from its 32-bit build, small32); then finds, by
# delivering SIGUSR1 on stacks of each size it tries, the smallest stack a
# frame fits (children that die of SIGSEGV where it does not); then holds
# stacks of min-1 and min bytes while `altstacks` is read. small.check.py asserts every record
# against what the workload did and saw. smallcpu/ runs this same script
# on another qemu CPU model, whose frame is another size.
# Exit status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

echo "machine $(uname -m) $(uname -r)"
echo "uptime $(cut -d' ' -f1 /proc/uptime)"
st_load || exit 1
# Each read takes the records the workload's output says it made (a call
# record per call, a signal record per probe): no waiting.
calls() { echo $(($(grep -c '^call' "$1") + 1)); }
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
echo "=== calls32"
# The same calls from a 32-bit program (ia32; AArch32 on arm64): its auxv
# is saved as 32-bit words, its calls are the compat hook's.
"$BIN"/small32 calls > /tmp/calls32.out
echo "rc=$?"
cat /tmp/calls32.out
timeout 10 head -n "$(calls /tmp/calls32.out)" $D/events
echo "=== search"
"$BIN"/small search > /tmp/search.out
echo "rc=$?"
cat /tmp/search.out
timeout 10 "$BIN"/sastrace --json --comm small \
	--count $((2 * $(grep -c '^probe ' /tmp/search.out)))
echo "reader rc=$?"
echo "=== hold"
# Two stacks held at once, around the threshold: min-1 (SMALL) and min
# bytes where the kernel takes both, else SIGSTKSZ alone.
min=$(sed -n 's/^min //p' /tmp/calls2.out)
msz=$(sed -n 's/^minsigstksz //p' /tmp/calls2.out)
sizes=$(sed -n 's/^sigstksz //p' /tmp/calls2.out)
[ "${min:-0}" -gt "$((msz + 1))" ] && sizes="$((min - 1)) $min"
n=0
hpids=
for size in $sizes; do
	"$BIN"/small hold "$size" > /tmp/hold$n.out &
	hpids="$hpids $!"
	n=$((n + 1))
done
i=0
while [ "$(cat /tmp/hold*.out 2>/dev/null | grep -c '^ready ')" -lt $n ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i+1))
done
cat /tmp/hold*.out
grep ' comm=small ' $D/altstacks
"$BIN"/sastrace altstacks --json | grep '"comm":"small"'
for p in $hpids; do
	kill "$p"
	wait "$p"
	echo "hold rc=$?"
done
timeout 10 "$BIN"/sastrace --json --comm small --count $n
echo "reader rc=$?"
echo "=== stats"
cat $D/stats
echo "=== end"
st_unload
rc=$?
echo "uptime $(cut -d' ' -f1 /proc/uptime)"
echo "unload rc=$rc"
exit $rc
