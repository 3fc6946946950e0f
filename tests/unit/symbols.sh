# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Symbol names for callers (userspace/symbols.c, elfsym.c), sourced by
# tests/unit/run.sh (its ok/not_ok, $T, $BUILD, fake and reader). Programs
# are built here with the host's gcc and go; every expected name and offset
# is read from those very binaries with nm / go tool nm and readelf, never
# written down. The file identity a record would carry (dev, inode, mtime,
# generation, directory from the root of its own file system) is taken
# with python's os.stat, FS_IOC_GETVERSION and findmnt, not with the code
# under test.

S=$T/sym
mkdir -p "$S"
SYMLOOKUP=$BUILD/symlookup

# file_id PATH: "DEV INO MTIME_NS GEN CTIME_NS DIR" as the module records
# them.
file_id() {
	python3 "$TOP/tests/lib/file_id.py" "$1"
}

# file_off FILE ADDR: the file offset of address ADDR (hex) in FILE, by its
# PT_LOAD program headers as readelf prints them.
file_off() {
	local a=$(( $2 )) type off va pa fs rest
	while read -r type off va pa fs rest; do
		[ "$type" = LOAD ] || continue
		if [ "$a" -ge $((va)) ] && [ "$a" -lt $(( va + fs )) ]; then
			printf '%#x\n' $(( a - va + off ))
			return
		fi
	done < <(readelf -lW "$1")
}

# lookup MODE DEBUG_DIR PATH OFF [TGID [DIR]]: symlookup on PATH's identity.
lookup() {
	local mode=$1 dbg=$2 path=$3 off=$4 tgid=${5:-0} id
	id=($(file_id "$path"))
	[ $# -ge 6 ] && id[5]=$6
	timeout 20 "$SYMLOOKUP" "$mode" "$dbg" "$(basename "$path")" "$off" \
		"${id[0]}" "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "${id[5]}" \
		"$tgid"
}

# expect_sym NAME GOT WANT: symlookup prints its answer twice (the second
# from the cache): both must be WANT.
expect_sym() {
	local want2
	want2=$(printf '%s\n%s' "$3" "$3")
	if [ "$2" = "$want2" ]; then
		ok "$1"
	else
		not_ok "$1" "got '$(tr '\n' '|' <<<"$2")', want '$3' twice"
	fi
}

# nm_fn FILE NAME: "ADDR SIZE" of function NAME (hex, from nm -S).
nm_fn() {
	nm -S --defined-only "$1" | awk -v n="$2" '$4 == n && $3 ~ /^[tTwW]$/ { print "0x" $1, "0x" $2; exit }'
}

# check_fn WHAT FILE FN [DEBUG_DIR [NM_FILE]]: FILE's function FN, at its
# start and in its middle, is named (the symbols read from NM_FILE, FILE by
# default: a stripped file's are in its debug file).
check_fn() {
	local what=$1 file=$2 fn=$3 dbg=${4:-$S/nodebug} nmf=${5:-$2} a sz off mid
	read -r a sz < <(nm_fn "$nmf" "$fn")
	if [ -z "$a" ] || [ $((sz)) -lt 2 ]; then
		not_ok "symbols: $what" "nm shows no sized function $fn in $nmf"
		return
	fi
	mid=$(( sz / 2 ))
	off=$(file_off "$file" "$a")
	expect_sym "symbols: $what: $fn at its start" \
		"$(lookup lookup "$dbg" "$file" "$off")" "$fn"
	off=$(file_off "$file" $(( a + mid )))
	expect_sym "symbols: $what: $fn+$(printf '%#x' $mid)" \
		"$(lookup lookup "$dbg" "$file" "$off")" \
		"$fn+$(printf '%#x' $mid)"
}

cat >"$S/prog.c" <<'C'
#include <unistd.h>
volatile int sink;
__attribute__((noinline)) void sas_target(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i * 3;
	if (sink == 42)
		sink = 7;
}
/* Hand-written code with no .size: named by the nearest before it. */
__asm__(".text\n.globl asm_nosize\n.type asm_nosize, @function\n"
	"asm_nosize:\n\tnop\n\tnop\n\tnop\n\tnop\n\tret\n");
void asm_nosize(void);
int main(int argc, char **argv)
{
	if (argc > 5)
		asm_nosize();
	sas_target(argc);
	if (argc > 1 && argv[1][0] == 'p')	/* "pause": wait for a signal */
		pause();
	return 0;
}
C
cat >"$S/lib.c" <<'C'
volatile int lib_sink;
void lib_exported(int n)
{
	int i;

	for (i = 0; i < n; i++)
		lib_sink += i ^ 5;
}
C
mkdir -p "$S/nodebug" "$S/dbgroot" "$S/link/.debug"
if ! gcc -O1 -g -o "$S/dyn" "$S/prog.c" 2>"$S/cc.log" ||
   ! gcc -O1 -g -static -o "$S/static" "$S/prog.c" 2>>"$S/cc.log" ||
   ! gcc -O1 -g -shared -fPIC -o "$S/libsym.so" "$S/lib.c" 2>>"$S/cc.log"; then
	not_ok "symbols: build the test programs" "$(head -c 300 "$S/cc.log" | tr '\n' '|')"
else
	ok "symbols: build the test programs"
	# (a) dynamic, (b) static: .symtab.
	check_fn "dynamic program" "$S/dyn" sas_target
	check_fn "dynamic program" "$S/dyn" main
	check_fn "static program" "$S/static" sas_target
	# No size: the nearest function before, within its section; an
	# address past every function of its section (in .rodata): none.
	a=$(nm --defined-only "$S/dyn" | awk '$3 == "asm_nosize" { print "0x" $1 }')
	expect_sym "symbols: a function of unknown size: asm_nosize+0x2" \
		"$(lookup lookup "$S/nodebug" "$S/dyn" "$(file_off "$S/dyn" $(( a + 2 )))")" \
		"asm_nosize+0x2"
	a=$(readelf -SW "$S/dyn" | sed -n 's/.* \.rodata *PROGBITS *\([0-9a-f]*\) .*/0x\1/p')
	expect_sym "symbols: an address in .rodata gets none" \
		"$(lookup lookup "$S/nodebug" "$S/dyn" "$(file_off "$S/dyn" $(( a + 1 )))")" "-"

	# The decoders' text and JSON with the name, as `trace` prints them.
	read -r a sz < <(nm_fn "$S/dyn" sas_target)
	off=$(file_off "$S/dyn" $(( a + 4 )))
	got=$(lookup text "$S/nodebug" "$S/dyn" "$off")
	want="1.000000000 cpu=0 pid=0 tid=0 comm=t kprobe sigaltstack(NULL, NULL) = 0 caller=dyn+$off <sas_target+0x4>"
	[ "$got" = "$want" ] && ok "symbols: text after caller=" ||
		not_ok "symbols: text after caller=" "got '$got', want '$want'"
	got=$(lookup json "$S/nodebug" "$S/dyn" "$off")
	want="\"caller\":{\"file\":\"dyn\",\"offset\":\"$off\",\"addr\":\"$(printf '%#x' $(( 0x1000 + off )))\","
	[[ "$got" == *"$want"*",\"symbol\":\"sas_target\",\"symbol_offset\":4},\"cgroup\":"* ]] &&
		ok "symbols: JSON symbol keys in caller" ||
		not_ok "symbols: JSON symbol keys in caller" "got '$got', want ...'$want'...,\"symbol\":\"sas_target\",\"symbol_offset\":4},\"cgroup\":..."

	# .dynsym only: a shared library stripped of .symtab.
	cp "$S/libsym.so" "$S/libsym-full.so"
	strip --strip-all "$S/libsym.so"
	check_fn ".dynsym of a stripped library" "$S/libsym.so" lib_exported \
		"$S/nodebug" "$S/libsym-full.so"

	# (c) stripped, with the debug file found by .gnu_debuglink (CRC
	# checked) in the file's directory, in its .debug/, and by build-id.
	objcopy --only-keep-debug "$S/dyn" "$S/dyn.dbg"
	cp "$S/dyn" "$S/link/dynl"
	strip --strip-all "$S/link/dynl"
	(cd "$S" && objcopy --add-gnu-debuglink=dyn.dbg "$S/link/dynl")
	if readelf -SW "$S/link/dynl" | grep -q '\.symtab'; then
		not_ok "symbols: stripped program" "strip left a .symtab"
	fi
	cp "$S/dyn.dbg" "$S/link/dyn.dbg"
	check_fn "stripped, .gnu_debuglink in its directory" "$S/link/dynl" \
		sas_target "$S/nodebug" "$S/dyn"
	mv "$S/link/dyn.dbg" "$S/link/.debug/dyn.dbg"
	check_fn "stripped, .gnu_debuglink in .debug/" "$S/link/dynl" \
		sas_target "$S/nodebug" "$S/dyn"
	# A debug file of that name whose CRC differs: not taken (and the
	# function is in no .dynsym: no name).
	printf 'x' >>"$S/link/.debug/dyn.dbg"
	read -r a sz < <(nm_fn "$S/dyn" sas_target)
	expect_sym "symbols: a debuglink file with another CRC is refused" \
		"$(lookup lookup "$S/nodebug" "$S/link/dynl" "$(file_off "$S/link/dynl" "$a")")" "-"
	bid=$(readelf -nW "$S/dyn" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p' | head -n1)
	cp "$S/dyn" "$S/dynb"
	strip --strip-all "$S/dynb"
	if [ -z "$bid" ]; then
		not_ok "symbols: stripped, debug file by build-id" "gcc made no build-id"
	else
		mkdir -p "$S/dbgroot/.build-id/${bid:0:2}"
		cp "$S/dyn.dbg" "$S/dbgroot/.build-id/${bid:0:2}/${bid:2}.debug"
		check_fn "stripped, debug file by build-id" "$S/dynb" sas_target \
			"$S/dbgroot" "$S/dyn"
		# Another build's debug file at that name: its build-id differs.
		gcc -O1 -g -DOTHER -o "$S/other" "$S/prog.c" -Wl,--build-id=sha1 \
			-Wl,-z,norelro
		objcopy --only-keep-debug "$S/other" \
			"$S/dbgroot/.build-id/${bid:0:2}/${bid:2}.debug"
		readelf -nW "$S/other" | grep -q "Build ID: $bid" &&
			not_ok "symbols: another build" "the same build-id"
		expect_sym "symbols: a build-id debug file of another build is refused" \
			"$(lookup lookup "$S/dbgroot" "$S/dynb" "$(file_off "$S/dynb" "$a")")" "-"
	fi

	# The file changed since the record: replaced (new inode), touched
	# (mtime), another generation, a FIFO in its place: no name, at once.
	cp "$S/dyn" "$S/repl"
	off=$(file_off "$S/repl" "$a")
	id=($(file_id "$S/repl"))
	run_id() { # PATH ID...: symlookup on a saved identity
		local p=$1
		shift
		timeout 5 "$SYMLOOKUP" lookup "$S/nodebug" "$(basename "$p")" \
			"$off" "$@" 0
	}
	expect_sym "symbols: the file as recorded" \
		"$(run_id "$S/repl" "${id[@]}")" sas_target
	cp "$S/dyn" "$S/repl.new" && mv "$S/repl.new" "$S/repl"
	touch -d "@$(( ${id[2]} / 1000000000 ))" "$S/repl"
	expect_sym "symbols: a replaced file (same path, new inode) gets none" \
		"$(run_id "$S/repl" "${id[@]}")" "-"
	id=($(file_id "$S/repl"))
	touch -d '2001-02-03 04:05:06' "$S/repl"
	expect_sym "symbols: a touched file (new mtime) gets none" \
		"$(run_id "$S/repl" "${id[@]}")" "-"
	# Rewritten in place, its mtime then set back to the recorded one
	# (utimensat): the same inode, device, generation and mtime, only the
	# ctime (which no owner can set) tells. Rewritten until the ctime moves
	# (a file system may keep whole seconds).
	id=($(file_id "$S/repl"))
	for _ in $(seq 30); do
		cat "$S/dyn" >"$S/repl"
		python3 -c 'import os, sys; os.utime(sys.argv[1], ns=(int(sys.argv[2]),) * 2)' \
			"$S/repl" "${id[2]}"
		now=($(file_id "$S/repl"))
		[ "${now[4]}" != "${id[4]}" ] && break
		sleep 0.1
	done
	if [ "${now[*]:0:4} ${now[5]}" = "${id[*]:0:4} ${id[5]}" ] &&
		[ "${now[4]}" != "${id[4]}" ]; then
		ok "symbols: rewritten in place with the mtime set back: only the ctime differs"
	else
		not_ok "symbols: rewritten in place with the mtime set back: only the ctime differs" \
			"recorded ${id[*]}, now ${now[*]}"
	fi
	expect_sym "symbols: rewritten in place with the mtime set back gets none" \
		"$(run_id "$S/repl" "${id[@]}")" "-"
	expect_sym "symbols: the file as it is now (its new ctime) is named" \
		"$(run_id "$S/repl" "${now[@]}")" sas_target
	expect_sym "symbols: a ctime the module recorded as 0 (not lasting yet) gets none" \
		"$(run_id "$S/repl" "${now[0]}" "${now[1]}" "${now[2]}" "${now[3]}" 0 "${now[5]}")" "-"
	id=($(file_id "$S/repl"))
	if [ "${id[3]}" != 0 ]; then
		expect_sym "symbols: another inode generation gets none" \
			"$(run_id "$S/repl" "${id[0]}" "${id[1]}" "${id[2]}" $(( (id[3] + 1) & 0xffffffff )) "${id[4]}" "${id[5]}")" "-"
	fi
	expect_sym "symbols: another device gets none" \
		"$(run_id "$S/repl" $(( id[0] + 1 )) "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "${id[5]}")" "-"
	rm -f "$S/repl"
	mkfifo "$S/repl"
	start=$SECONDS
	got=$(run_id "$S/repl" "${id[@]}")
	rc=$?
	if [ "$rc" -eq 0 ] && [ "$got" = $'-\n-' ] && [ $((SECONDS - start)) -lt 4 ]; then
		ok "symbols: a FIFO in the file's place is refused without blocking"
	else
		not_ok "symbols: a FIFO in the file's place is refused without blocking" \
			"status $rc, got '$(tr '\n' '|' <<<"$got")' in $((SECONDS - start)) s"
	fi
	rm -f "$S/repl"

	# The directory not known (or not reachable): only a living process's
	# mappings find it, also once deleted (/proc/PID/map_files).
	cp "$S/dyn" "$S/live"
	off=$(file_off "$S/live" "$a")
	id=($(file_id "$S/live"))
	"$S/live" pause &
	pid=$!
	for _ in $(seq 50); do
		grep -q "/live$" "/proc/$pid/maps" 2>/dev/null && break
		sleep 0.1
	done
	expect_sym "symbols: no directory, the process dead: none" \
		"$(timeout 5 "$SYMLOOKUP" lookup "$S/nodebug" live "$off" "${id[0]}" "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "" 0)" "-"
	expect_sym "symbols: no directory, found in the living process's maps" \
		"$(timeout 5 "$SYMLOOKUP" lookup "$S/nodebug" live "$off" "${id[0]}" "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "" "$pid")" sas_target
	rm -f "$S/live"
	# The unlink changed the file's ctime: a record made before it no
	# longer verifies, one made after it (what the kernel recorded of the
	# deleted file, as the process's exe shows it) does.
	expect_sym "symbols: a file deleted since the record (a new ctime) gets none" \
		"$(timeout 5 "$SYMLOOKUP" lookup "$S/nodebug" live "$off" "${id[0]}" "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "${id[5]}" "$pid")" "-"
	id[4]=$(python3 -c 'import os, sys; print(os.stat(sys.argv[1]).st_ctime_ns)' "/proc/$pid/exe")
	expect_sym "symbols: a deleted file, through the process's map_files" \
		"$(timeout 5 "$SYMLOOKUP" lookup "$S/nodebug" live "$off" "${id[0]}" "${id[1]}" "${id[2]}" "${id[3]}" "${id[4]}" "${id[5]}" "$pid")" sas_target
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	# The real reader on a fake tree: the name by default, none with
	# --no-symbols.
	fake symtrace basic
	off=$(file_off "$S/dyn" $(( a + 4 )))
	lookup raw "$S/nodebug" "$S/dyn" "$off" >"$T/symtrace/debugfs/sastrace/per_cpu/cpu0/raw"
	: >"$T/symtrace/debugfs/sastrace/per_cpu/cpu1/raw"
	got=$(reader symtrace trace --count 1 2>/dev/null)
	[[ "$got" == *" caller=dyn+$off <sas_target+0x4>" ]] &&
		ok "symbols: e2e trace names the caller" ||
		not_ok "symbols: e2e trace names the caller" "got '$got'"
	got=$(reader symtrace trace --count 1 --no-symbols 2>/dev/null)
	[[ "$got" == *" caller=dyn+$off" ]] &&
		ok "symbols: e2e trace --no-symbols prints no name" ||
		not_ok "symbols: e2e trace --no-symbols prints no name" "got '$got'"
	got=$(reader symtrace trace --json --count 1 2>/dev/null)
	[[ "$got" == *'"symbol":"sas_target","symbol_offset":4},"cgroup":'* ]] &&
		ok "symbols: e2e trace --json names the caller" ||
		not_ok "symbols: e2e trace --json names the caller" "got '$got'"
fi

# (d) A static Go program whose runtime calls sigaltstack (signal.Notify):
# the symbols VM test's gosym; an address inside the runtime's sigaltstack
# is named as go tool nm names it.
if ! command -v go >/dev/null; then
	not_ok "symbols: static Go program" "no go toolchain (apt-get install golang-go)"
elif ! (cd "$S" && GOCACHE=$S/gocache GOFLAGS=-mod=mod GO111MODULE=off \
	CGO_ENABLED=0 timeout 300 go build -o gosig \
	"$TOP/tests/integration/symbols/gosym/main.go") >"$S/go.log" 2>&1; then
	not_ok "symbols: static Go program" "go build failed: $(head -c 300 "$S/go.log" | tr '\n' '|')"
else
	read -r ga gs gname < <(go tool nm -size "$S/gosig" |
		awk '$3 == "T" && $4 ~ /^runtime\.sigaltstack(\.abi0)?$/ { print "0x" $1, $2, $4; exit }')
	if [ -z "$ga" ] || [ "$gs" -lt 2 ]; then
		not_ok "symbols: static Go program" "go tool nm shows no runtime.sigaltstack"
	else
		mid=$(( gs / 2 ))
		expect_sym "symbols: static Go program: inside $gname" \
			"$(lookup lookup "$S/nodebug" "$S/gosig" "$(file_off "$S/gosig" $(( ga + mid )))")" \
			"$gname+$(printf '%#x' $mid)"
	fi
fi

# map_file PATH OUT: a process (in the background: $! after the call) that
# maps PATH, prints "ready" to OUT, and sleeps a minute.
map_file() {
	python3 -c 'import mmap, sys, time
f = open(sys.argv[1], "rb")
m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
print("ready", flush=True)
time.sleep(60)' "$1" >"$2" &
}

# (e) FUSE, whose daemon may never answer: a connection nobody serves (this
# shell holds /dev/fuse and never reads it: every request waits for ever).
# A file on it gets no name, at once; so does a file of another file system
# mounted below it (its path leads through the FUSE mount); a living
# process's mapping of that file is named through map_files (no path).
# Root only, with /dev/fuse.
fuse_e2e() {
	local F=$S/fuse fd tm id got pid dev a sz off rc
	if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ]; then
		not_ok "symbols: FUSE" "needs root and /dev/fuse"
		return
	fi
	mkdir -p "$F/outer/tm" || return
	if ! mount -t tmpfs none "$F/outer/tm"; then
		not_ok "symbols: FUSE" "cannot mount a tmpfs"
		return
	fi
	cp "$BUILD/gen_records" "$F/outer/tm/prog"
	read -r a sz < <(nm_fn "$F/outer/tm/prog" main)
	off=$(file_off "$F/outer/tm/prog" $(( a + 1 )))
	id=($(file_id "$F/outer/tm/prog"))
	# Before the FUSE mount: found through the reader's mounts, at the
	# root directory of the tmpfs.
	expect_sym "symbols: a file at the root of a mount is found" \
		"$(timeout -k 1 5 "$SYMLOOKUP" lookup "$S/nodebug" prog "$off" \
			"${id[@]}" 0)" "main+0x1"
	# A process that maps it (map_files) from before the FUSE mount.
	map_file "$F/outer/tm/prog" "$F/ready"
	pid=$!
	wait_lines "$F/ready" 1
	exec {fd}<>/dev/fuse
	if ! mount -i -t fuse -o "fd=$fd,rootmode=40000,user_id=0,group_id=0,subtype=sastrace" \
		none "$F/outer"; then
		not_ok "symbols: FUSE" "cannot mount FUSE"
	else
		# st_dev of its major:minor, as glibc's makedev() makes it.
		dev=$(awk -v m="$F/outer" '$5 == m && $(NF - 2) == "fuse.sastrace" { print $3; exit }' /proc/self/mountinfo |
			python3 -c 'import os, sys; a, b = sys.stdin.read().split(":"); print(os.makedev(int(a), int(b)))')
		got=$(timeout -k 1 5 "$SYMLOOKUP" lookup "$S/nodebug" x 0 "$dev" 1 0 0 0 / 0)
		rc=$?
		[ "$rc" -eq 0 ] && [ "$got" = $'-\n-' ] &&
			ok "symbols: FUSE: a file on FUSE gets no name, at once" ||
			not_ok "symbols: FUSE: a file on FUSE gets no name, at once" "status $rc (124: hung), got '$(tr '\n' '|' <<<"$got")'"
		got=$(timeout -k 1 5 "$SYMLOOKUP" lookup "$S/nodebug" prog "$off" \
			"${id[@]}" 0)
		rc=$?
		[ "$rc" -eq 0 ] && [ "$got" = $'-\n-' ] &&
			ok "symbols: FUSE: a file below a FUSE mount gets no name, at once" ||
			not_ok "symbols: FUSE: a file below a FUSE mount gets no name, at once" "status $rc (124: hung), got '$(tr '\n' '|' <<<"$got")'"
		got=$(timeout -k 1 5 "$SYMLOOKUP" lookup "$S/nodebug" prog "$off" \
			"${id[@]}" "$pid")
		rc=$?
		[ "$rc" -eq 0 ] && [ "$got" = $'main+0x1\nmain+0x1' ] &&
			ok "symbols: FUSE: a file below a FUSE mount is named through map_files" ||
			not_ok "symbols: FUSE: a file below a FUSE mount is named through map_files" "status $rc (124: hung), got '$(tr '\n' '|' <<<"$got")'"
		umount -l "$F/outer"
	fi
	exec {fd}>&-
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	umount "$F/outer/tm"
}
fuse_e2e

# (f) A FUSE daemon that served a file a process still maps, then stops
# answering (tests/lib/fuse_stall.py): the maps route would open it through
# map_files, no path on the way; its device is FUSE in the reader's and the
# process's mountinfo, so no name, at once, even while the daemon answers.
# A request the daemon has read is waited for even after SIGKILL (the
# reader would be stuck for good): the lookups run in the background, and
# one still running after 5 s is a failure, ended by ending the daemon.

# fuse_lookup NAME ARGS...: symlookup ARGS must print no name twice, within
# 5 s; a hung one's pid is added to $hung.
fuse_lookup() {
	local name=$1 pid i rc
	shift
	"$SYMLOOKUP" "$@" >"$F/got" 2>&1 &
	pid=$!
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		not_ok "$name" "still waiting after 5 s (for the FUSE daemon)"
		hung="$hung $pid"
		return
	fi
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ] && [ "$(cat "$F/got")" = $'-\n-' ] && ok "$name" ||
		not_ok "$name" "status $rc, got '$(oneline "$F/got")'"
}

fuse_maps_e2e() {
	local F=$S/fuse2 dpid mpid dev id a sz off hung="" p
	if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ]; then
		not_ok "symbols: FUSE mapping" "needs root and /dev/fuse"
		return
	fi
	mkdir -p "$F/m" || return
	python3 "$TOP/tests/lib/fuse_stall.py" "$F/m" "$BUILD/gen_records" \
		>"$F/daemon" 2>&1 &
	dpid=$!
	if ! wait_lines "$F/daemon" 1; then
		not_ok "symbols: FUSE mapping" "the FUSE daemon did not start: $(oneline "$F/daemon")"
		stop_bg "$dpid"
		umount -l "$F/m" 2>/dev/null
		return
	fi
	read -r _ dev <"$F/daemon"
	read -r a sz < <(nm_fn "$BUILD/gen_records" main)
	off=$(file_off "$BUILD/gen_records" $(( a + 1 )))
	# As the module would record it (fuse_stall.py's inode and times).
	id=("$dev" 2 1000000000500000000 0 1000000000500000000 /)
	map_file "$F/m/prog" "$F/mapper"
	mpid=$!
	if ! wait_lines "$F/mapper" 1; then
		not_ok "symbols: FUSE mapping" "no process maps the FUSE file"
	else
		fuse_lookup "symbols: FUSE: a mapped FUSE file gets no name while its daemon answers" \
			lookup "$S/nodebug" prog "$off" "${id[@]}" "$mpid"
		kill -USR1 "$dpid"
		sleep 0.1
		fuse_lookup "symbols: FUSE: a mapped FUSE file whose daemon stopped answering gets no name, at once" \
			lookup "$S/nodebug" prog "$off" "${id[@]}" "$mpid"
	fi
	# The daemon first: its end aborts the connection, which ends what
	# waits for it (a hung lookup, the mapper's close()).
	stop_bg "$dpid"
	for p in $hung; do
		stop_bg "$p"
	done
	stop_bg "$mpid"
	umount -l "$F/m"
}
fuse_maps_e2e
