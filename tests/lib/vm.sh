#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel + initramfs in qemu (TCG, no KVM needed) and judge the boot.
#
#   vm.sh KERNEL INITRD OUTDIR [TIMEOUT_SECONDS]      (default 300)
#
# The guest's architecture: $SASTRACE_VM_ARCH, Debian's name: amd64 (the
# default: qemu-system-x86_64) or arm64 (qemu-system-aarch64 -M virt
# -cpu cortex-a57; KERNEL is then Debian's arm64 vmlinuz, a plain Image).
# Serial ports, each written to a file in OUTDIR (guest names: amd64, arm64):
#   console.log   ttyS0, ttyAMA0  kernel console (loglevel=5: warnings and worse)
#   results.txt   ttyS1, ttyS0    the test's own output, never mixed with the kernel's
#   dmesg.txt     ttyS2, ttyS1    the guest's full `dmesg`, which /init writes at the end
# (arm64: the virt board's one PL011 is the console, from the first
# instruction on; the other two are qemu's pci-serial 16550s, which Debian's
# arm64 kernels drive with built-in code (SERIAL_8250_PCI=y; virtio-console
# is a module in 6.1), as ttyS0 and ttyS1 in PCI slot order.)
# The guest's /init (tests/lib/guest/init.sh) must print the line
# SASTRACE-VM-DONE to the results port after its tests and then `reboot -f`
# (a reset ends qemu: -no-reboot).
#
# Fails (exit 1) when qemu times out or fails, the done marker is missing, or
# console.log / dmesg.txt show a kernel problem (BUG, WARNING, Oops, lockdep,
# KASAN, UBSAN, panic, ...): the matching lines are printed with context.
# Any oops, WARN, soft lockup or hung task panics the guest, which ends qemu
# (SASTRACE_VM_PANIC="" turns that off). Extra kernel arguments:
# $SASTRACE_VM_APPEND. CPU model: $SASTRACE_VM_CPU (qemu's -cpu; default:
# qemu64, cortex-a57). Memory: $SASTRACE_VM_MEM (1024). Instruction
# counting: $SASTRACE_VM_ICOUNT, qemu's -icount options (e.g.
# shift=0,sleep=off: guest time advances 1 ns per executed instruction;
# tests/bench). Disks: $SASTRACE_VM_DRIVES, qemu -drive specs separated by
# spaces (virtio: the guest's vda, vdb...; amd64 only). TCG's threads:
# $SASTRACE_VM_TCG_THREAD (single, the default: see below; multi only for
# a boot that arms no kprobe). The last line printed on failure says why.
set -euo pipefail

die() { echo "vm.sh: $*" >&2; exit 2; }

[[ $# -ge 3 ]] || die "usage: $0 KERNEL INITRD OUTDIR [TIMEOUT]"
kernel=$1 initrd=$2 out=$3 tmo=${4:-300}
[[ -f $kernel ]] || die "no kernel $kernel"
[[ -f $initrd ]] || die "no initrd $initrd"
mkdir -p "$out"
rm -f "$out"/{console.log,results.txt,dmesg.txt,qemu.log}

# A kernel problem ends the VM at once (panic=-1 + -no-reboot) instead of
# flooding the console until the timeout.
panic_opts=${SASTRACE_VM_PANIC-oops=panic panic_on_warn=1 softlockup_panic=1 hung_task_panic=1}
arch=${SASTRACE_VM_ARCH:-amd64}
case $arch in
amd64)
	qemu=(qemu-system-x86_64 ${SASTRACE_VM_CPU:+-cpu "$SASTRACE_VM_CPU"}
	      -serial "file:$out/console.log"
	      -serial "file:$out/results.txt"
	      -serial "file:$out/dmesg.txt")
	console=ttyS0 ;;
arm64)
	# -cpu max is about 4 times slower under TCG.
	qemu=(qemu-system-aarch64 -M virt -cpu "${SASTRACE_VM_CPU:-cortex-a57}"
	      -serial "file:$out/console.log"
	      -chardev "file,id=results,path=${out//,/,,}/results.txt"
	      -device "pci-serial,chardev=results,addr=0x10"
	      -chardev "file,id=dmesg,path=${out//,/,,}/dmesg.txt"
	      -device "pci-serial,chardev=dmesg,addr=0x11")
	console=ttyAMA0 ;;
*) die "unknown SASTRACE_VM_ARCH '$arch' (want amd64 or arm64)" ;;
esac
# noirqdebug: the serial ports' IRQ handlers run as threads on PREEMPT_RT,
# late on a busy host, and the kernel's spurious-IRQ detector then reports
# "irq 3: nobody cared" (with a Call Trace) for the results port and turns
# its interrupt off (seen on debug-rt, once). Devices are not what is under
# test; sastrace has no interrupt handler.
append="console=$console loglevel=5 panic=-1 noirqdebug $panic_opts ${SASTRACE_VM_APPEND:-}"
# One host thread for all vCPUs (thread=single): qemu's multi-threaded TCG
# does not give x86's cross-modifying-code guarantees that the kernel's live
# text patching (text_poke_bp, used to arm and disarm every kprobe) relies
# on. Under it, a vCPU entering a function while another vCPU patches it
# jumps to address 0 about once in 20 disarms under load, with or without
# sastrace's handlers doing any work; single-threaded TCG runs the same
# tests clean. Two vCPUs still interleave, so SMP races are still exercised.
# (arm64 likewise: one TCG thread, as the kernel notes' recipe.)
icount=()
[[ -n ${SASTRACE_VM_ICOUNT:-} ]] && icount=(-icount "$SASTRACE_VM_ICOUNT")
thread=${SASTRACE_VM_TCG_THREAD:-single}
[[ $thread == single || $thread == multi ]] || die "SASTRACE_VM_TCG_THREAD: single or multi, not '$thread'"
drives=()
for d in ${SASTRACE_VM_DRIVES:-}; do
	drives+=(-drive "$d")
done
start=$(date +%s.%N)
rc=0
timeout -k 10 "$tmo" "${qemu[@]}" \
	-accel tcg,thread="$thread" -m "${SASTRACE_VM_MEM:-1024}" -smp 2 \
	-display none -no-reboot -nic none -monitor none "${icount[@]}" "${drives[@]}" \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	</dev/null >"$out/qemu.log" 2>&1 || rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
printf 'vm.sh: %s (%s): qemu exited %d after %.1fs\n' "$(basename "$kernel")" "$arch" "$rc" "$secs" >&2

why=
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
	echo "vm.sh: last console lines:" >&2
	tail -n 30 "$out/console.log" | cut -c1-300 >&2 || true
	why="qemu timed out after ${tmo}s"
elif [[ $rc -ne 0 ]]; then
	cat "$out/qemu.log" >&2
	why="qemu failed (exit $rc)"
fi

# Serial output carries \r\n line ends.
for f in console.log results.txt dmesg.txt; do
	[[ -f $out/$f ]] && sed -i 's/\r$//' "$out/$f"
done

pattern='BUG:|WARNING:|Oops|general protection|Call Trace|possible circular locking|'
pattern+='inconsistent lock state|possible recursive locking|KASAN|UBSAN|'
pattern+='sleeping function called from invalid context|suspected memory leak|unreferenced object|Kernel panic|'
# Hung tasks: "INFO: task NAME:PID blocked for more than N seconds." and
# the detector's own "hung_task: ..." lines (its panic: "Kernel panic - not
# syncing: hung_task: blocked tasks"). Not a bare "hung_task": a kernel that
# does not know hung_task_panic= (5.10) hands it to init and lists it
# ("Unknown kernel command line parameters \"... hung_task_panic=1\"",
# init's environment), which is no problem.
pattern+='soft lockup|hung_task:|blocked for more than|RCU stall|rcu_sched self-detected'
for f in console.log dmesg.txt; do
	[[ -f $out/$f ]] || continue
	# (the kernel command line names hung_task_panic etc.: not a problem)
	first=$(grep -viE 'command line:' "$out/$f" | grep -m1 -E "$pattern" || true)
	[[ -n $first ]] || continue
	echo "vm.sh: kernel problem in $out/$f (first matches, with context):" >&2
	grep -nE -B 3 -A 20 "$pattern" "$out/$f" | grep -viE '^[0-9]+[-:].*command line:' |
		head -n 120 | cut -c1-300 >&2 || true
	why="kernel problem: $(echo "$first" | sed 's/^\[ *[0-9.]*\] //' | cut -c1-200)"
	break
done

if [[ -z $why ]] && ! grep -qx 'SASTRACE-VM-DONE' "$out/results.txt"; then
	tail -n 30 "$out/console.log" | cut -c1-300 >&2 || true
	why="the guest did not finish (no SASTRACE-VM-DONE in results.txt)"
fi

if [[ -n $why ]]; then
	echo "vm.sh: FAIL: $why" >&2
	exit 1
fi
