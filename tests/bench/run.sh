#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: what sastrace costs a traced program and how much it can
# carry, against the kernel's own tracers, measured under qemu (TCG) on one
# or more kernels, each booted twice:
#   wall    the guest's clock follows the host's: nanoseconds per call, which
#           see every cost (exceptions, TLB work) but swing with the host's load;
#   icount  qemu's instruction counting (-icount shift=0,sleep=off): the
#           guest's clock advances 1 ns per executed instruction, so "ns per
#           call" is instructions per call, the same from run to run
#           whatever the host does. It runs on one CPU (nosmp: qemu 7.2
#           cannot bring up a second x86 vCPU under -icount), so the reader's
#           work is in the loop's figure, as in the wall boot's single host
#           thread. The boot first checks that the loops' clock does follow
#           the instruction count (a two-instruction loop must read 1.00 ns
#           per instruction), then runs the same per-call rounds (throughput
#           and memory are the wall boot's).
#
#   tests/bench/run.sh
#
# Builds sastrace.ko, the reader, the empty-kprobe helper module and the
# loop programs, packs them (with bpftrace and its libraries on amd64) into
# an initramfs, boots it (tests/bench/guest.sh runs every measurement in
# interleaved rounds) and prints the table (tests/bench/report.py); the
# machine-readable results go to build/bench/results.json (with the git
# commit, kernel, architecture, qemu and its CPU model, so that runs can be
# compared: tests/bench/compare.py, `make bench-compare A=... B=...`).
#
# Environment (defaults in brackets; `make check` runs it with tiny ones):
#   SASTRACE_BENCH_KERNELS [6.1]     kernel series (tests/lib/kernels.sh
#                                    series: 6.1 6.12 7.3 6.1-rt arm64-7.3 ...);
#                                    with more than one, each kernel's results
#                                    go to OUT/SERIES/ and OUT/results.json
#                                    holds them all, the table a column each
#   SASTRACE_BENCH_MODES [wall icount] which boots to make
#   SASTRACE_BENCH_ICOUNT [shift=0,sleep=off] qemu's -icount options
#   SASTRACE_BENCH_ROUNDS [5]        rounds of every per-call configuration
#   SASTRACE_BENCH_CALLS [100000]    calls per static-loop measurement
#   SASTRACE_BENCH_UCALLS [10000]    calls per libc (uprobe) measurement
#   SASTRACE_BENCH_TPUT_SECS [2]     seconds per throughput step
#   SASTRACE_BENCH_TPUT_START [5000] first target rate (calls/s, 2 threads)
#   SASTRACE_BENCH_TPUT_STEPS [8]    at most this many doublings
#   SASTRACE_BENCH_OUT [build/bench] output directory
#   SASTRACE_BENCH_VM_TIMEOUT [540]  seconds per boot (icount: twice that)
#   SASTRACE_SKIP_DEPS=1             do not install packages (nor run
#                                    tests/lib/deps.sh)
# and, with one kernel, so that `make check`'s smoke does not resolve or
# build again what its series built already (the same commands' output,
# for the same kernel):
#   SASTRACE_BENCH_KERNEL_ENV=FILE   `tests/lib/kernels.sh fetch SERIES`'s output
#   SASTRACE_BENCH_KO=FILE           sastrace.ko built for that kernel
#                                    (tests/lib/build-module.sh build)
#   SASTRACE_BENCH_READER=FILE       the reader for its architecture
#                                    (make -C userspace)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lib=$repo/tests/lib
out=${SASTRACE_BENCH_OUT:-$repo/build/bench}
start=$(date +%s)
read -r -a kernels <<<"${SASTRACE_BENCH_KERNELS:-6.1}"
read -r -a modes <<<"${SASTRACE_BENCH_MODES:-wall icount}"
icount_opts=${SASTRACE_BENCH_ICOUNT:-shift=0,sleep=off}
[[ ${#kernels[@]} -gt 0 ]] || kernels=(6.1)

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

[[ -n ${SASTRACE_SKIP_DEPS:-} ]] || "$lib/deps.sh"
if [[ ${#kernels[@]} -gt 1 ]] &&
   [[ -n ${SASTRACE_BENCH_KERNEL_ENV:-}${SASTRACE_BENCH_KO:-}${SASTRACE_BENCH_READER:-} ]]; then
	die "SASTRACE_BENCH_KERNEL_ENV, _KO and _READER name one kernel's files: one kernel only"
fi
# bpftrace: one of the tracers compared (the VM gets it with its libraries).
if [[ -z ${SASTRACE_SKIP_DEPS:-} ]] &&
   [[ $(dpkg-query -W -f='${db:Status-Abbrev}' bpftrace 2>/dev/null) != ii* ]]; then
	[[ $(id -u) -eq 0 ]] || die "bpftrace is not installed (apt-get install bpftrace)"
	say "installing bpftrace"
	DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -q \
		--no-install-recommends bpftrace >&2
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)	# (kbuild's M= must be absolute)
commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] ||
	commit+=-dirty
qemu_version=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')

# The record's size (a ring slot's: the largest kind's), from the sources
# the module and reader share (tests/lib/abi.c).
cc=${CC:-gcc}
"$cc" -std=gnu11 -I"$repo/module" -I"$repo/userspace" -o "$out/abi" \
	"$repo/tests/lib/abi.c" "$repo/module/format.c" \
	"$repo/module/format_out.c" "$repo/userspace/json.c"
record_bytes=$("$out/abi" | awk '$1 == "record_max" { print $2 }')

# user_bins ARCH: the reader and the loops for ARCH (Debian's name), once,
# in $out/user-ARCH.
user_bins() {
	local arch=$1 d=$out/user-$1 ucc=$cc sysroot
	local -a mk=()
	[[ -f $d/sastrace ]] && return 0
	if [[ $arch == arm64 ]]; then
		ucc=aarch64-linux-gnu-gcc
		sysroot=$("$lib/sysroot.sh" arm64) || die "no arm64 sysroot"
		mk=(CC="$ucc" SYSROOT="$sysroot")
	elif [[ $arch != amd64 ]]; then
		die "no bench for architecture $arch"
	fi
	mkdir -p "$d/reader/userspace"
	if [[ -n ${SASTRACE_BENCH_READER:-} ]]; then
		say "the loops ($arch); the reader: $SASTRACE_BENCH_READER"
		cp "$SASTRACE_BENCH_READER" "$d/reader/userspace/sastrace" || return 1
	else
		say "building the reader and the loops ($arch)"
		cp -a "$repo/userspace" "$repo/module" "$repo/dkms.conf" "$d/reader/"
		find "$d/reader" \( -name '*.o' -o -name '*.d' -o -name sastrace -type f \) -delete
		make -s -C "$d/reader/userspace" -j"$(nproc)" "${mk[@]}" >/dev/null || return 1
	fi
	local -a flags=(-O2 -Wall -Wextra -Werror)
	"$ucc" "${flags[@]}" -static -o "$d/sasloop" "$here/sasloop.c" &&
	"$ucc" "${flags[@]}" -o "$d/sasloop-dyn" "$here/sasloop.c" &&
	"$ucc" "${flags[@]}" -static -pthread -o "$d/sasrate" "$here/sasrate.c" &&
	cp "$d/reader/userspace/sastrace" "$d/"
}

# empty_kprobe KOUT: the helper module for the fetched kernel (its
# compiler: the host's, the cross one, or in its suite's chroot).
empty_kprobe() {
	local kout=$1 root
	local -a cmd=(env -u ARCH -u CROSS_COMPILE make -C "$KDIR" M="$kout/empty_kprobe" modules W=1)
	[[ ${ARCH:-amd64} == arm64 ]] &&
		cmd+=(ARCH=arm64 "CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}")
	cp -a "$here/empty_kprobe" "$kout/empty_kprobe"
	if [[ -n ${CHROOT_NAME:-} ]]; then
		root=${KDIR%/usr/src/*}
		cmd=("$lib/chroot.sh" run "$CHROOT_NAME" --bind "$root" --bind "$kout" -- "${cmd[@]}")
	fi
	timeout 900 "${cmd[@]}" >"$kout/empty_kprobe.log" 2>&1 ||
		{ cat "$kout/empty_kprobe.log" >&2; die "empty_kprobe.ko did not build"; }
}

# bench_kernel SERIES KOUT: build for, boot and report one kernel series.
bench_kernel() {
	local series=$1 kout=$2 st mode rc=0 boot_secs kstart
	local -a images report_args
	kstart=$(date +%s)
	mkdir -p "$kout/stage"
	st=$kout/stage
	if [[ -n ${SASTRACE_BENCH_KERNEL_ENV:-} ]]; then
		eval "$(cat "$SASTRACE_BENCH_KERNEL_ENV")"
	else
		eval "$("$lib/kernels.sh" fetch "$series")"
	fi
	# (build-module.sh reads the kernel's compiler from the environment)
	export KVER KDIR ARCH CHROOT_NAME CROSS_COMPILE
	local arch=${ARCH:-amd64} qemu_cpu
	case $arch in
	amd64) qemu_cpu=${SASTRACE_VM_CPU:-qemu64} ;;
	arm64) qemu_cpu=${SASTRACE_VM_CPU:-cortex-a57} ;;
	esac
	say "kernel $KVER ($series, $arch)"
	# (each step checked: errexit does not hold in a function called
	# from an || list, as the kernels' loop does)
	if [[ -n ${SASTRACE_BENCH_KO:-} ]]; then
		say "building empty_kprobe.ko; sastrace.ko: $SASTRACE_BENCH_KO"
		mkdir -p "$kout/module/src"
		cp "$SASTRACE_BENCH_KO" "$kout/module/src/sastrace.ko" || return 1
	else
		say "building sastrace.ko, empty_kprobe.ko"
		"$lib/build-module.sh" build "$KDIR" "$kout/module" >/dev/null || return 1
	fi
	empty_kprobe "$kout" || return 1
	user_bins "$arch" || return 1
	cp "$out/user-$arch"/{sasloop,sasloop-dyn,sasrate,sastrace} "$st/" || return 1
	cp "$kout/module/src/sastrace.ko" "$kout/empty_kprobe/empty_kprobe.ko" \
		"$here/guest.sh" "$here/sas.bt" "$st/" || return 1
	cat >"$st/params" <<-EOP
	ROUNDS=${SASTRACE_BENCH_ROUNDS:-5}
	N_CALL=${SASTRACE_BENCH_CALLS:-100000}
	N_UPROBE=${SASTRACE_BENCH_UCALLS:-10000}
	TPUT_SECS=${SASTRACE_BENCH_TPUT_SECS:-2}
	TPUT_START=${SASTRACE_BENCH_TPUT_START:-5000}
	TPUT_MAX_STEPS=${SASTRACE_BENCH_TPUT_STEPS:-8}
	BT_TIMEOUT=${SASTRACE_BENCH_BT_TIMEOUT:-120}
	LOOP_TIMEOUT=${SASTRACE_BENCH_LOOP_TIMEOUT:-60}
	EOP
	images=("$st:/bench")
	local bt
	bt=$(command -v bpftrace || true)
	[[ -n $bt && $arch == amd64 ]] && images+=("$bt:/usr/bin/bpftrace")
	say "initramfs"
	SASTRACE_VM_ARCH=$arch "$lib/initramfs.sh" "$kout/bench.cpio" "$here/init.sh" \
		"${images[@]}" || return 1

	report_args=(--record-bytes "$record_bytes" --meta "commit=$commit"
		     --meta "series=$series" --meta "arch=$arch" --meta "qemu=$qemu_version"
		     --meta "qemu_cpu=$qemu_cpu" --meta "icount=$icount_opts")
	for mode in "${modes[@]}"; do
		local append="sastrace_bench=$mode" vmtmo=${SASTRACE_BENCH_VM_TIMEOUT:-540}
		local -a env=(SASTRACE_VM_ARCH="$arch" SASTRACE_VM_MEM="${SASTRACE_VM_MEM:-2048}")
		# tsc=reliable: under TCG the kernel cannot calibrate the TSC
		# against the PIT and falls back to the HPET, every read of
		# which is emulated MMIO; keep the TSC clocksource, as on real
		# hardware, for the tracers' timestamps and the loops'
		# clock_gettime() alike. (Under -icount the TSC counts
		# instructions too.)
		[[ $arch == amd64 ]] && append="tsc=reliable $append"
		case $mode in
		wall) ;;
		# nosmp: under -icount, qemu 7.2 never brings up a second
		# x86 vCPU (the boot stops at "x86: Booting SMP
		# configuration"); one CPU everywhere keeps the arches alike.
		icount)
			env+=(SASTRACE_VM_ICOUNT="$icount_opts")
			append+=" nosmp"
			vmtmo=$((vmtmo * 2)) ;;
		*) die "unknown mode $mode (SASTRACE_BENCH_MODES: wall, icount)" ;;
		esac
		say "booting $KVER ($mode, one boot for every measurement)"
		boot_start=$(date +%s)
		env "${env[@]}" SASTRACE_VM_APPEND="$append ${SASTRACE_VM_APPEND:-}" \
			"$lib/vm.sh" "$VMLINUZ" "$kout/bench.cpio" "$kout/vm-$mode" "$vmtmo" || {
			rc=1
			say "the $mode VM run failed; reporting what it printed"
		}
		boot_secs=$(($(date +%s) - boot_start))
		report_args+=(--meta "${mode}_boot_seconds=$boot_secs")
		[[ $mode == wall ]] && report_args+=(--boot-seconds "$boot_secs")
		if [[ $mode == icount ]]; then
			report_args+=(--icount "$kout/vm-icount/results.txt")
		fi
	done
	local wall_txt=$kout/vm-wall/results.txt
	[[ " ${modes[*]} " == *" wall "* ]] || wall_txt=none
	python3 "$here/report.py" "$wall_txt" "$kout/results.json" "${report_args[@]}" \
		--total-seconds "$(($(date +%s) - kstart))" || rc=1
	return "$rc"
}

rc=0
if [[ ${#kernels[@]} -eq 1 ]]; then
	bench_kernel "${kernels[0]}" "$out" || rc=1
else
	jsons=()
	for k in "${kernels[@]}"; do
		(bench_kernel "$k" "$out/$k") || rc=1
		jsons+=("$k=$out/$k/results.json")
	done
	python3 "$here/report.py" --matrix "$out/results.json" "${jsons[@]}" || rc=1
fi
say "results: $out/results.json ($(($(date +%s) - start))s)"
exit "$rc"
