#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the symbols test (busybox sh, as root, cwd = this dir):
# every workload has exited before the reader reads its records, so the
# reader finds the files again from the records' file identities alone.
# Sections "=== <name>" that ./check asserts on the host. Workloads:
# symprog (static), symdyn (dynamic: libc's callers, uprobe records),
# symstrip (stripped, its debug file next to it), gosym (static Go),
# symrepl (replaced, a new inode, before the read), symmod (modified
# before the read: a new mtime) and symback (rewritten in place before the
# read, its mtime then set back: only its ctime differs). Exit status: 0
# when the module is unloaded at the end.
. "$VMLIB"

# reader NAME ARGS...: `sastrace trace ARGS` of what the rings hold, in
# section NAME, then "reader rc=N"; stopped by SIGINT once nothing is
# unread.
reader() {
	name=$1
	shift
	"$BIN"/sastrace trace "$@" >/tmp/$name.out 2>/tmp/$name.err &
	r=$!
	st_wait_reader
	st_wait_unread0
	kill -INT $r
	wait $r
	echo "reader rc=$?"
	st_sec "$name"
	cat /tmp/$name.out
	st_sec "$name-err"
	cat /tmp/$name.err
}

st_sec load
uname -m
"$BIN"/sastrace load --module "$KO"; echo "load rc=$?"

st_sec run
# symback's mtime in whole seconds, so that setting it back is exact;
# symkeep's the same, and nothing else. Then a pause, so that their ctimes
# are lasting ones (of a past clock tick) when their records are made.
touch -d '2020-01-02 03:04:05' symback symkeep
sleep 0.1
echo "symback before $(stat -c '%i %Y %Z' symback)"
for p in symprog symdyn symstrip gosym symrepl symmod symback symkeep; do
	./$p; echo "$p rc=$?"
done
# Replaced: the same path, a new inode. Modified: a new mtime.
cp symrepl symrepl.new && mv symrepl.new symrepl; echo "replace rc=$?"
echo >>symmod; echo "modify rc=$?"
# Set back: the same inode and mtime, a ctime at least a second later.
sleep 1
cat symback >/tmp/symback && cat /tmp/symback >symback &&
	touch -d '2020-01-02 03:04:05' symback; echo "setback rc=$?"
echo "symback after $(stat -c '%i %Y %Z' symback)"
reader text

st_sec run-json
for p in symprog symdyn symstrip gosym; do
	./$p; echo "$p rc=$?"
done
reader json --json

st_sec run-nosym
./symprog; echo "symprog rc=$?"
reader nosym --no-symbols

st_sec unload
"$BIN"/sastrace unload; echo "unload rc=$?"
! test -d /sys/module/sastrace
