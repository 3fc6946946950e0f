#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the callers test (busybox sh, as root, cwd = this dir):
# the caller of every kprobe and compat record. Sections "=== <name>" that
# ./check asserts on the host, every exit status printed here included.
# Exit status: 0 when the module is unloaded at the end.
D=/sys/kernel/debug/sastrace
sec() { echo "=== $1"; }
drain() { timeout -s INT 2 cat $D/events; }
unknown() { echo "caller_unknown=$(sed -n 's/^caller_unknown //p' $D/stats)"; }
hunknown() { echo "handler_unknown=$(sed -n 's/^handler_unknown //p' $D/stats)"; }
# wait_reader: until a reader holds the module (at most 10 s).
wait_reader() {
	i=0
	while [ "$(cat /sys/module/sastrace/refcnt)" -lt 1 ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i+1))
	done
}

sec load
uname -m
"$BIN"/sastrace load --module "$KO"; echo "load rc=$?"
unknown

# One run of every call site, read from the events file.
sec calls
./callers >/tmp/calls.out; echo "rc=$?"
cat /tmp/calls.out
unknown
sec calls-events
drain

# with_reader NAME N ARGS... -- CMD...: the reader with ARGS (and
# --no-symbols: the callers as the module records them; the names are the
# symbols test's), stopping after
# N records, while CMD runs; "rc=" of CMD, "reader rc=", caller_unknown,
# the events and dropped counters, then sections NAME-out and NAME-err with what the reader printed.
with_reader() {
	name=$1 n=$2
	shift 2
	args=
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	timeout 60 "$BIN"/sastrace $args --no-symbols --comm callers --count "$n" >/tmp/$name.out 2>/tmp/$name.err &
	rpid=$!
	wait_reader
	"$@"; echo "rc=$?"
	wait $rpid; echo "reader rc=$?"
	unknown
	grep -E '^(events|dropped) ' $D/stats
	sec $name-out
	cat /tmp/$name.out
	sec $name-err
	cat /tmp/$name.err
}

# Another run, through the reader's JSON.
n=$(grep -c '^call ' /tmp/calls.out)
sec json
echo "records $n"
with_reader json "$n" --json -- ./callers

# Another thread changes the mappings' protection all the time (the mmap
# lock held for writing): records whose caller's file could not be named,
# each counted. Read through the reader's text.
sec contend
unknown
with_reader contend 400 -- ./callers --contend 400

# Which file each record names, and the handler's file and offset: the
# workload as it is (on the initramfs root), a copy at /tmp/fid/a/b/prog on
# a tmpfs mounted at /tmp/fid after enough other mounts that its anonymous
# device's minor is above 255 (where new_encode_dev() splits it), and a
# copy that deletes itself before its calls. One reader (JSON) for the
# three runs' records: 4 each (rt_sigaction, sigaltstack, SIGUSR1, the
# EFAULT call), 3 without a sigaction hook.
sec ident
i=0
while [ $i -lt 300 ] && mkdir -p /tmp/pad/$i &&
	mount -t tmpfs -o size=4k pad /tmp/pad/$i; do
	i=$((i+1))
done
echo "pads $i"
mkdir -p /tmp/fid && mount -t tmpfs fid /tmp/fid && mkdir -p /tmp/fid/a/b &&
	cp ./callers /tmp/fid/a/b/prog && cp ./callers /tmp/fid/a/b/gone
echo "copies rc=$?"
sa=$(sed -n 's/^sigaction_hook //p' $D/stats)
n=$((3 * (3 + ${sa:-0})))
echo "records $n"
timeout 60 "$BIN"/sastrace --json --no-symbols --count "$n" >/tmp/ident.out 2>/tmp/ident.err &
rpid=$!
wait_reader
./callers --ident; echo "rc=$?"
/tmp/fid/a/b/prog --ident; echo "rc=$?"
/tmp/fid/a/b/gone --ident --unlink; echo "rc=$?"
test -e /tmp/fid/a/b/gone; echo "gone test -e rc=$?"
wait $rpid; echo "reader rc=$?"
sec ident-out
cat /tmp/ident.out
sec ident-err
cat /tmp/ident.err
# The handler's file and offset in the events text.
sec ident-text
./callers --ident; echo "rc=$?"
sec ident-events
drain

# A ctime of the clock granule the call ran in is not yet a lasting mark
# of the file (another change in that granule would keep it): recorded as
# 0. The workload's calls right after changing its own file's status, read
# back from the rings once it has exited.
sec fresh
./callers --fresh >/tmp/fresh.out; echo "rc=$?"
cat /tmp/fresh.out
n=$(grep -c '^fresh ss=' /tmp/fresh.out)
timeout 60 "$BIN"/sastrace --json --no-symbols --comm callers --count "$n" >/tmp/fresh.json 2>/tmp/fresh.err
echo "reader rc=$?"
sec fresh-out
cat /tmp/fresh.json
sec fresh-err
cat /tmp/fresh.err

# A handler in anonymous executable memory: its file is not known, counted.
sec anonsig
hunknown
./callers --anon-handler; echo "rc=$?"
hunknown
sec anonsig-events
drain

sec unload
"$BIN"/sastrace unload; echo "unload rc=$?"
! test -d /sys/module/sastrace
