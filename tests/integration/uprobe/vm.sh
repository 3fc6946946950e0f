#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the uprobe test (busybox sh, as root, cwd = this dir):
# sections "=== <name>" that ./check asserts on the host, every exit status
# printed here included. Workloads here: sasdyn (dynamic), sasstatic
# (static), sashammer (dynamic, threads). The system libc and the dynamic
# loader are the ones sasdyn was loaded with (`sasdyn --where`), whatever
# the architecture names them. Exit status: 0 when the module is unloaded
# at the end.
D=/sys/kernel/debug/sastrace
. "$VMLIB"
P=/sys/module/sastrace/parameters/uprobes
sec() { echo "=== $1"; }
drain() { st_events; }
attached() { sed -n 's/^uprobes_attached //p' $D/stats; }

sec where
uname -m
./sasdyn --where
echo "where rc=$?"
./sasstatic --where | sed 's/^/static /'
LIBC=$(./sasdyn --where | sed -n 's/^libc=//p')
echo "libc md5 $(md5sum "$LIBC" | cut -d' ' -f1)"
LDSO=$(./sasdyn --where | sed -n 's/^interp=//p')

sec reader-errors
for a in /nonexistent /etc/passwd "$LIBC:no_such_symbol" "$LIBC:"; do
	"$BIN"/sastrace load --module "$KO" --uprobe "$a"
	echo "arg=$a rc=$? loaded=$(test -d /sys/module/sastrace && echo 1 || echo 0)"
done

sec insmod-bad
for v in garbage /nonexistent:0x10 "$LIBC:0xffffffffff" "$LIBC:zz" /tmp:0x10; do
	insmod "$KO" "uprobes=$v" 2>&1
	echo "value=$v rc=$? loaded=$(test -d /sys/module/sastrace && echo 1 || echo 0)"
done

sec load
"$BIN"/sastrace uprobe-param; echo "param rc=$?"
"$BIN"/sastrace load --module "$KO"; echo "rc=$?"
echo "param=$(cat $P)"
echo "attached=$(attached)"

sec dyn
./sasdyn 5
echo "rc=$?"
sec dyn-events
drain

sec static
./sasstatic 3
echo "rc=$?"
sec static-events
drain

sec json
"$BIN"/sastrace --json --comm sasdyn --count 4 > /tmp/json.out 2>&1 &
rpid=$!
st_wait_reader
./sasdyn 0 >/dev/null
echo "sasdyn rc=$?"
i=0; while kill -0 $rpid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done
kill -0 $rpid 2>/dev/null && { echo "reader still running"; kill $rpid; }
wait $rpid; echo "reader rc=$?"
cat /tmp/json.out

sec bad-params
before=$(cat $P)
i=0
for v in garbage "relative:0x10" /nonexistent:0x10 /tmp:0x10 "$LIBC:0xffffffffff" \
	"$LIBC:zz" "$LIBC:0x10,$LIBC:16" "$LIBC:1,$LIBC:2,$LIBC:3,$LIBC:4,$LIBC:5,$LIBC:6,$LIBC:7,$LIBC:8,$LIBC:9" \
	"$LIBC:0x10,,$LIBC:0x20"; do
	out=$( (echo -n "$v" > $P) 2>&1 )
	echo "bad$i rc=$? same=$(test "$(cat $P)" = "$before" && echo 1 || echo 0) attached=$(attached) err=$out"
	i=$((i+1))
done
dmesg | grep 'sastrace: uprobes:' | sed 's/^\[[^]]*\] //'
sec bad-params-still-traced
./sasdyn 1
echo "sasdyn rc=$?"
drain

sec runtime-change
mkdir -p /tmp/libc2
cp "$LIBC" /tmp/libc2/libc.so.6
two=$("$BIN"/sastrace uprobe-param --uprobe /tmp/libc2/libc.so.6)
echo "two rc=$?"
echo "two=$two"
echo -n "$two" > $P; echo "set-two rc=$? attached=$(attached)"
echo > $P; echo "set-empty rc=$? attached=$(attached) param=$(cat $P)"
./sasdyn 1 > /dev/null
echo "sasdyn rc=$?"
sec runtime-empty-events
drain
sec runtime-libc2
only2=$("$BIN"/sastrace uprobe-param --no-libc --uprobe /tmp/libc2/libc.so.6)
echo "only2 rc=$?"
echo "only2=$only2"
echo -n "$only2" > $P; echo "set-only2 rc=$? attached=$(attached)"
./sasdyn 1 > /dev/null
echo "sasdyn rc=$?"
"$LDSO" --library-path /tmp/libc2 ./sasdyn 2 > /dev/null
echo "sasdyn rc=$?"
sec runtime-libc2-events
drain
sec runtime-back
"$BIN"/sastrace unload; echo "unload rc=$?"
"$BIN"/sastrace load --module "$KO" --no-libc --uprobe /tmp/libc2/libc.so.6
echo "load-libc2 rc=$? attached=$(attached) param=$(cat $P)"
"$LDSO" --library-path /tmp/libc2 ./sasdyn 0 > /dev/null
echo "sasdyn rc=$?"
drain
"$BIN"/sastrace unload; echo "unload rc=$?"

sec rmmod-hammer
# Unloads while 4 threads are in libc's probed sigaltstack() (events > 0
# just before each: they are live). 20 rounds: a handler racing exit is a
# window of microseconds that a round rarely hits (see core.vm.sh's
# rmmod-storm).
param=$("$BIN"/sastrace uprobe-param)
echo "param rc=$?"
ok=0
i=0
while [ $i -lt 20 ]; do
	insmod "$KO" buffer_kb=8 "uprobes=$param" || break
	./sashammer 3 > /dev/null &
	hpid=$!
	# (started, not yet calling, on a busy host: wait for its records)
	st_wait_events 1
	sleep 0.3
	echo "iteration $i events=$(sed -n 's/^events //p' $D/stats)"
	rmmod sastrace && ok=$((ok+1))
	kill $hpid; wait $hpid 2>/dev/null
	i=$((i+1))
done
echo "unloads $ok"
# The exit status: the last rmmod left no module behind.
! test -d /sys/module/sastrace
