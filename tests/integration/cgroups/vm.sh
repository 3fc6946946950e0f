#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the cgroups test (busybox sh, as root, cwd = this dir):
# cgroup v2 ids and paths, pid namespace ids, and the reader's --cgroup
# filter. cgroup2 is mounted on /sys/fs/cgroup with two nested cgroups,
# /a and /a/b; each run of the workloads makes a call in the root cgroup,
# one in /a, one in /a/b, and two (a process and its thread) in a new pid
# namespace in /a/b; the workload prints what it sees of itself (its
# cgroup's inode number by stat, its ids inside and outside the
# namespace). Sections "=== <name>" that ./check asserts on the host.
# Exit status: 0 when the module is unloaded at the end.
D=/sys/kernel/debug/sastrace
CG=/sys/fs/cgroup
. "$VMLIB"

st_sec load
st_load; echo "load rc=$?"
sed -n '1,2p' $D/format

st_sec setup
grep -q " $CG cgroup2 " /proc/mounts || mount -t cgroup2 none $CG
echo "mount rc=$?"
mkdir -p $CG/a/b; echo "mkdir rc=$?"
for p in / /a /a/b; do
	echo "ino $p $(stat -c %i $CG${p%/})"
done

# workloads: the calls, each workload's output and "rc=N".
workloads() {
	./cgns run; echo "rc=$?"
	sh -c "echo \$\$ >$CG/a/cgroup.procs && exec ./cgns run"; echo "rc=$?"
	sh -c "echo \$\$ >$CG/a/b/cgroup.procs && exec ./cgns run"; echo "rc=$?"
	sh -c "echo \$\$ >$CG/a/b/cgroup.procs && exec ./cgns ns"; echo "rc=$?"
}

# traced NAME ARGS...: the reader with ARGS (and --comm cgns) while the
# workloads run, stopped by SIGINT once it has read every record: sections
# NAME (the workloads' output, "reader rc=N"), NAME-out and NAME-err.
traced() {
	name=$1
	shift
	st_sec "$name"
	"$BIN"/sastrace "$@" --comm cgns >/tmp/$name.out 2>/tmp/$name.err &
	rpid=$!
	st_wait_reader
	workloads
	st_wait_unread0
	kill -INT $rpid
	wait $rpid; echo "reader rc=$?"
	st_sec "$name-out"
	cat /tmp/$name.out
	st_sec "$name-err"
	cat /tmp/$name.err
}

# Text without function names (the symbols test's): lines end exactly as
# the check says.
traced text trace --no-symbols
traced json trace --json
traced cga trace --no-symbols --cgroup /a
traced cgb trace --no-symbols --cgroup $CG/a/b
traced sumb summary --json --cgroup /a/b

# The module's own text: namespace ids, no cgroup (the reader's to name).
st_sec events
workloads
st_sec events-out
st_events

# Not a cgroup: usage errors.
st_sec errors
"$BIN"/sastrace trace --cgroup /nonexistent --count 1 2>&1; echo "rc=$?"
"$BIN"/sastrace trace --cgroup /tmp --count 1 2>&1; echo "rc=$?"
"$BIN"/sastrace summary --cgroup $CG/a/nope --duration 1 2>&1; echo "rc=$?"

st_sec unload
st_unload; echo "unload rc=$?"
! test -d /sys/module/sastrace
