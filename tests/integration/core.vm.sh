#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (busybox sh, as root): the core integration
# workloads. Prints sections "=== <name>" ... to stdout; core.check.py on the
# host asserts them, every exit status printed here included. Needs: $KO
# (sastrace.ko), $BIN (dir with the reader `sastrace` and the workloads
# cases, storm, pollcheck). Exit status: 0 when the module is unloaded at the
# end (the harness fails the test otherwise).
D=/sys/kernel/debug/sastrace
. "$VMLIB"
sec() { echo "=== $1"; }

drain() {	# print and consume everything in events (st_events)
	st_events
}

sec arch
uname -m

sec load-bad-buffer
for v in 0 3 65537 abc; do
	insmod "$KO" buffer_kb=$v 2>/dev/null
	echo "buffer_kb=$v rc=$? loaded=$(test -d /sys/module/sastrace && echo 1 || echo 0)"
done
dmesg | grep -E 'sastrace: buffer_kb=|sastrace: .*buffer_kb' | sed 's/^\[[^]]*\] //'

sec reader-not-loaded
"$BIN"/sastrace stats; echo "rc=$?"

sec load
"$BIN"/sastrace load --module "$KO"; echo "rc=$?"
cat /sys/module/sastrace/parameters/buffer_kb

# The reader's commands that read debugfs, with debugfs really unmounted:
# exit status 1 and one line saying so, nothing on stdout.
sec debugfs-unmounted
umount /sys/kernel/debug; echo "umount rc=$?"
for c in stats altstacks trace; do
	a=
	[ $c = trace ] && a="--count 1"
	timeout 10 "$BIN"/sastrace $c $a >/tmp/nodbg.out 2>/tmp/nodbg.err
	echo "$c rc=$? out=$(wc -l </tmp/nodbg.out) err=$(wc -l </tmp/nodbg.err)"
	echo "$c err: $(head -n 1 /tmp/nodbg.err)"
done
mount -t debugfs debugfs /sys/kernel/debug; echo "mount rc=$?"
"$BIN"/sastrace stats >/dev/null; echo "stats after mount rc=$?"

sec perms
stat -c '%a %n' $D/events $D/stats $D/per_cpu/cpu0/raw
# su drops to nobody (uid 65534, from the initramfs' /etc/passwd).
su -s /bin/sh nobody -c "cat $D/stats" >/dev/null 2>&1; echo "nobody-stats rc=$?"
su -s /bin/sh nobody -c "cat $D/events" >/dev/null 2>&1; echo "nobody-events rc=$?"
su -s /bin/sh nobody -c "id -u"

sec format
cat $D/format; echo "rc=$?"

sec cases
"$BIN"/cases; echo "rc=$?"
sec cases-events
drain

sec pollcheck
"$BIN"/pollcheck $D/events
echo "rc=$?"

# reader_with_cases NAME ARGS...: run the reader with ARGS while the cases
# workload runs; print the workload's expectations and the reader's exit
# status, then sections NAME-out and NAME-err with what the reader printed.
reader_with_cases() {
	name=$1
	shift
	"$BIN"/sastrace "$@" > /tmp/$name.out 2>/tmp/$name.err &
	rpid=$!
	st_wait_reader
	"$BIN"/cases; echo "rc=$?"
	i=0
	while kill -0 $rpid 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i+1))
	done
	kill -0 $rpid 2>/dev/null && { echo "reader still running"; kill $rpid; }
	wait $rpid; echo "reader rc=$?"
	sec $name-out
	cat /tmp/$name.out
	sec $name-err
	cat /tmp/$name.err
}

# The records one cases run makes, as the workload counts them for this
# architecture: its calls and one signal record (case 10's handler runs on
# the alt stack).
nrec=$("$BIN"/cases --records)
sec json
echo "records $nrec"
reader_with_cases json --json --comm cases --count $nrec

sec text-reader
echo "records $nrec"
# --no-symbols: the module's events lines exactly (names: the symbols test).
reader_with_cases text --no-symbols --comm cases --count $nrec
drain >/dev/null

sec storm
"$BIN"/sastrace unload; echo "unload rc=$?"
"$BIN"/sastrace load --module "$KO" --buffer-kb 4; echo "load rc=$?"
"$BIN"/storm 2 20000
echo "storm rc=$?"
sec storm-stats
cat $D/stats
sec storm-events
drain
sec storm-stats-after
cat $D/stats

sec rmmod-busy
# A blocked reader holds the module: rmmod must refuse, then succeed.
cat $D/events > /dev/null &
cpid=$!
st_wait_users 1
rmmod sastrace 2>/dev/null; echo "rmmod-with-reader rc=$?"
kill $cpid; wait $cpid 2>/dev/null
rmmod sastrace; echo "rmmod-after rc=$?"
test -d /sys/module/sastrace; echo "still-loaded rc=$?"

sec rmmod-storm
# Unloads with the storm's threads in the probes (events > 0 just before
# each: they are live), after a reader was refused. 20 rounds: a handler
# racing exit is a window of microseconds, which TCG (one vCPU at a time)
# rarely lets a round hit; an exit that freed the ring before detaching
# the hooks was caught in round 10 on the debug kernel, not within 6.
ok=0
i=0
while [ $i -lt 20 ]; do
	insmod "$KO" buffer_kb=8 || break
	"$BIN"/storm 2 0 &
	spid=$!
	cat $D/events > /dev/null &
	cpid=$!
	st_wait_users 1
	st_wait_events 1	# the storm is in the probes
	sleep 0.1	# the storm runs a while under the reader
	rmmod sastrace 2>/dev/null && echo "iteration $i: rmmod with reader succeeded"
	kill $cpid; wait $cpid 2>/dev/null
	echo "iteration $i events=$(sed -n 's/^events //p' $D/stats)"
	rmmod sastrace && ok=$((ok+1))
	kill $spid; wait $spid 2>/dev/null
	i=$((i+1))
done
echo "unloads $ok"
# The exit status: the last rmmod left no module behind.
! test -d /sys/module/sastrace
