#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: what sastrace costs a traced program and how much it can
# carry, against the kernel's own tracers, measured in one boot of the
# Debian 6.1 kernel under qemu (TCG).
#
#   tests/bench/run.sh
#
# Builds sastrace.ko, the reader, the empty-kprobe helper module and the
# loop programs, packs them with bpftrace (and its libraries) into an
# initramfs, boots it once (tests/bench/guest.sh runs every measurement in
# interleaved rounds) and prints the table (tests/bench/report.py); the
# machine-readable results go to build/bench/results.json.
#
# Environment (defaults in brackets; `make check` runs it with tiny ones):
#   SASTRACE_BENCH_ROUNDS [5]        rounds of every per-call configuration
#   SASTRACE_BENCH_CALLS [100000]    calls per static-loop measurement
#   SASTRACE_BENCH_UCALLS [10000]    calls per libc (uprobe) measurement
#   SASTRACE_BENCH_TPUT_SECS [2]     seconds per throughput step
#   SASTRACE_BENCH_TPUT_START [5000] first target rate (calls/s, 2 threads)
#   SASTRACE_BENCH_TPUT_STEPS [8]    at most this many doublings
#   SASTRACE_BENCH_OUT [build/bench] output directory
#   SASTRACE_SKIP_DEPS=1             do not install packages
# and, so that `make check` does not build or resolve twice what it has
# already (the same commands' output, for the same kernel):
#   SASTRACE_BENCH_KERNEL_ENV=FILE   `tests/lib/kernels.sh fetch 6.1`'s output
#   SASTRACE_BENCH_KO=FILE           sastrace.ko built for that kernel
#                                    (tests/lib/build-module.sh build)
#   SASTRACE_BENCH_READER=FILE       the reader, built (make -C userspace)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lib=$repo/tests/lib
out=${SASTRACE_BENCH_OUT:-$repo/build/bench}
start=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

[[ -n ${SASTRACE_SKIP_DEPS:-} ]] || "$lib/deps.sh"
# bpftrace: one of the tracers compared (the VM gets it with its libraries).
if [[ -z ${SASTRACE_SKIP_DEPS:-} ]] &&
   [[ $(dpkg-query -W -f='${db:Status-Abbrev}' bpftrace 2>/dev/null) != ii* ]]; then
	[[ $(id -u) -eq 0 ]] || die "bpftrace is not installed (apt-get install bpftrace)"
	say "installing bpftrace"
	DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -q \
		--no-install-recommends bpftrace >&2
fi

rm -rf "$out"
mkdir -p "$out/stage"
if [[ -n ${SASTRACE_BENCH_KERNEL_ENV:-} ]]; then
	eval "$(cat "$SASTRACE_BENCH_KERNEL_ENV")"
else
	eval "$("$lib/kernels.sh" fetch 6.1)"
fi
say "kernel $KVER"

say "building ${SASTRACE_BENCH_KO:+(have) }sastrace.ko, ${SASTRACE_BENCH_READER:+(have) }the reader, empty_kprobe.ko, the loops"
ko=${SASTRACE_BENCH_KO:-$out/module/src/sastrace.ko}
reader=${SASTRACE_BENCH_READER:-$out/reader/userspace/sastrace}
[[ -n ${SASTRACE_BENCH_KO:-} ]] ||
	"$lib/build-module.sh" build "$KDIR" "$out/module" >/dev/null
if [[ -z ${SASTRACE_BENCH_READER:-} ]]; then
	mkdir -p "$out/reader"
	cp -a "$repo/userspace" "$repo/module" "$out/reader/"
	find "$out/reader" \( -name '*.o' -o -name '*.d' -o -name sastrace -type f \) -delete
	make -s -C "$out/reader/userspace" -j"$(nproc)" >/dev/null
fi
[[ -f $ko && -f $reader ]] || die "no sastrace.ko ($ko) or reader ($reader)"
cp -a "$here/empty_kprobe" "$out/empty_kprobe"
make -s -C "$KDIR" M="$out/empty_kprobe" modules W=1 >"$out/empty_kprobe.log" 2>&1 ||
	{ cat "$out/empty_kprobe.log" >&2; die "empty_kprobe.ko did not build"; }
cc=${CC:-gcc}
flags=(-O2 -Wall -Wextra -Werror)
st=$out/stage
"$cc" "${flags[@]}" -static -o "$st/sasloop" "$here/sasloop.c"
"$cc" "${flags[@]}" -o "$st/sasloop-dyn" "$here/sasloop.c"
"$cc" "${flags[@]}" -static -pthread -o "$st/sasrate" "$here/sasrate.c"
cp "$ko" "$out/empty_kprobe/empty_kprobe.ko" \
	"$reader" "$here/guest.sh" "$here/sas.bt" "$st/"
cat >"$st/params" <<EOF
ROUNDS=${SASTRACE_BENCH_ROUNDS:-5}
N_CALL=${SASTRACE_BENCH_CALLS:-100000}
N_UPROBE=${SASTRACE_BENCH_UCALLS:-10000}
TPUT_SECS=${SASTRACE_BENCH_TPUT_SECS:-2}
TPUT_START=${SASTRACE_BENCH_TPUT_START:-5000}
TPUT_MAX_STEPS=${SASTRACE_BENCH_TPUT_STEPS:-8}
BT_TIMEOUT=${SASTRACE_BENCH_BT_TIMEOUT:-120}
LOOP_TIMEOUT=${SASTRACE_BENCH_LOOP_TIMEOUT:-60}
EOF

# The record's size (a ring slot's: the largest kind's), from the sources
# the module and reader share (tests/lib/abi.c).
"$cc" -std=gnu11 -I"$repo/module" -I"$repo/userspace" -o "$out/abi" \
	"$repo/tests/lib/abi.c" "$repo/module/format.c" \
	"$repo/module/format_out.c" "$repo/userspace/json.c"
record_bytes=$("$out/abi" | awk '$1 == "record_max" { print $2 }')

images=("$st:/bench")
bt=$(command -v bpftrace || true)
[[ -n $bt ]] && images+=("$bt:/usr/bin/bpftrace")
say "initramfs"
"$lib/initramfs.sh" "$out/bench.cpio" "$here/init.sh" "${images[@]}"

# tsc=reliable: under TCG the kernel cannot calibrate the TSC against the
# PIT and falls back to the HPET, every read of which is emulated MMIO;
# keep the TSC clocksource, as on real hardware, for the tracers' timestamps
# and the loops' clock_gettime() alike.
export SASTRACE_VM_APPEND="tsc=reliable ${SASTRACE_VM_APPEND:-}"
say "booting $KVER (qemu TCG, one boot for every measurement)"
boot_start=$(date +%s)
rc=0
SASTRACE_VM_MEM=${SASTRACE_VM_MEM:-2048} "$lib/vm.sh" "$VMLINUZ" "$out/bench.cpio" \
	"$out/vm" "${SASTRACE_BENCH_VM_TIMEOUT:-540}" || rc=$?
boot_secs=$(($(date +%s) - boot_start))
[[ $rc -eq 0 ]] || say "the VM run failed (rc=$rc); reporting what it printed"

python3 "$here/report.py" "$out/vm/results.txt" "$out/results.json" \
	--record-bytes "$record_bytes" --boot-seconds "$boot_secs" \
	--total-seconds "$(($(date +%s) - start))" || rc=1
say "results: $out/results.json ($(($(date +%s) - start))s)"
exit "$rc"
