#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-reader`: the reader's own cost per record, on the host, under
# callgrind (instructions, the same from run to run): `sastrace trace` of a
# fake debugfs tree whose ring holds N, then 2N copies of one kprobe call
# record whose caller is libc's sigaltstack() (the call site every
# dynamically linked caller has), with symbol names (the default) and with
# --no-symbols. The difference of the two runs' counts over the N extra
# records is the cost per record; what the first N cost beyond that is
# the one-time part (libc's symbol table read and sorted, the mounts read).
#
#   tests/bench/reader_cost.sh [N]    (default 20000)
#
# Prints one "BENCH reader mode=sym|nosym insns_per_record=X once=Y" line
# per mode and the added cost of the names. Needs valgrind, python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
n=${1:-20000}
out=$repo/build/bench-reader
cflags="-O2 -Wall -Wextra -std=gnu11 -I$repo/module -I$repo/userspace -I$repo/tests/unit"

command -v valgrind >/dev/null || { echo "no valgrind (apt-get install valgrind)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/tree/module"
make -s -C "$repo/userspace"
gcc $cflags -o "$out/symlookup" "$repo/tests/unit/symlookup.c" \
	"$repo/userspace/symbols.c" "$repo/userspace/elfsym.c" \
	"$repo/userspace/mountinfo.c" \
	"$repo/userspace/json.c" "$repo/module/format.c" \
	"$repo/module/format_out.c" -lelf
gcc $cflags -o "$out/gen_records" "$repo/tests/unit/gen_records.c"
"$out/gen_records" "$out/tree/debugfs" basic >/dev/null

libc=$(readlink -f "$(gcc -print-file-name=libc.so.6)")
# The record's file identity, as the module takes it (dev, ino, mtime,
# generation, directory from the root of its file system).
read -r -a id < <(python3 "$repo/tests/lib/file_id.py" "$libc")
sym=$(nm -D --defined-only "$libc" | awk '$3 ~ /^sigaltstack@/ && !s { s = "0x" $1 } END { print s }')
[ -n "$sym" ] || { echo "no sigaltstack in $libc's .dynsym" >&2; exit 1; }
off=$(printf '%#x' $((sym + 9)))
"$out/symlookup" raw /usr/lib/debug "$(basename "$libc")" "$off" "${id[@]}" 0 \
	>"$out/one.raw"
: >"$out/tree/debugfs/sastrace/per_cpu/cpu1/raw"
python3 -c "import sys; d = open(sys.argv[1], 'rb').read(); open(sys.argv[2], 'wb').write(d * int(sys.argv[3]))" \
	"$out/one.raw" "$out/tree/debugfs/sastrace/per_cpu/cpu0/raw" $((2 * n))

insns() {	# insns MODE COUNT: the reader's instructions for COUNT records
	local opt=()
	[ "$1" = nosym ] && opt=(--no-symbols)
	SASTRACE_DEBUGFS=$out/tree/debugfs SASTRACE_SYSFS_MODULE=$out/tree/module \
	SASTRACE_NO_ROOT_CHECK=1 valgrind --tool=callgrind \
		--callgrind-out-file="$out/callgrind.$1.$2" \
		"$repo/userspace/sastrace" trace --count "$2" "${opt[@]}" \
		>"$out/out.$1.$2" 2>"$out/err.$1.$2"
	[ "$(wc -l <"$out/out.$1.$2")" -eq "$2" ] || { echo "$1: not $2 lines" >&2; exit 1; }
	sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$out/err.$1.$2"
}

declare -A per
for m in sym nosym; do
	a=$(insns $m "$n")
	b=$(insns $m $((2 * n)))
	per[$m]=$(( (b - a) / n ))
	echo "BENCH reader mode=$m insns_per_record=${per[$m]} once=$(( a - n * per[$m] ))"
done
grep -q "<sigaltstack+0x9>" "$out/out.sym.$n" ||
	{ echo "the symbol run printed no name: $(head -n1 "$out/out.sym.$n")" >&2; exit 1; }
echo "symbol names add $(( per[sym] - per[nosym] )) instructions per record ($(head -n1 "$out/out.sym.$n" | sed 's/.* caller=//'))"
