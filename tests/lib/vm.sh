#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel + initramfs in qemu (TCG, no KVM needed) and judge the boot.
#
#   vm.sh KERNEL INITRD OUTDIR [TIMEOUT_SECONDS]      (default 300)
#
# Serial ports, each written to a file in OUTDIR:
#   ttyS0 -> console.log   kernel console (loglevel=5: warnings and worse)
#   ttyS1 -> results.txt   the test's own output, never mixed with the kernel's
#   ttyS2 -> dmesg.txt     the guest's full `dmesg`, which /init writes at the end
# The guest's /init must print the line SASTRACE-VM-DONE to ttyS1 after its
# tests and then `reboot -f` (a reset ends qemu: -no-reboot).
#
# Fails (exit 1) when qemu times out or fails, the done marker is missing, or
# console.log / dmesg.txt show a kernel problem (BUG, WARNING, Oops, lockdep,
# KASAN, UBSAN, panic, ...): the matching lines are printed with context.
# Any oops, WARN, soft lockup or hung task panics the guest, which ends qemu
# (SASTRACE_VM_PANIC="" turns that off). Extra kernel arguments:
# $SASTRACE_VM_APPEND. Memory: $SASTRACE_VM_MEM (1024). The last line printed
# on failure says why.
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
append="console=ttyS0 loglevel=5 panic=-1 $panic_opts ${SASTRACE_VM_APPEND:-}"
# One host thread for all vCPUs (thread=single): qemu's multi-threaded TCG
# does not give x86's cross-modifying-code guarantees that the kernel's live
# text patching (text_poke_bp, used to arm and disarm every kprobe) relies
# on. Under it, a vCPU entering a function while another vCPU patches it
# jumps to address 0 about once in 20 disarms under load, with or without
# sastrace's handlers doing any work; single-threaded TCG runs the same
# tests clean. Two vCPUs still interleave, so SMP races are still exercised.
start=$(date +%s.%N)
rc=0
timeout -k 10 "$tmo" qemu-system-x86_64 \
	-accel tcg,thread=single -m "${SASTRACE_VM_MEM:-1024}" -smp 2 \
	-display none -no-reboot -nic none -monitor none \
	-serial "file:$out/console.log" \
	-serial "file:$out/results.txt" \
	-serial "file:$out/dmesg.txt" \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	</dev/null >"$out/qemu.log" 2>&1 || rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
printf 'vm.sh: %s: qemu exited %d after %.1fs\n' "$(basename "$kernel")" "$rc" "$secs" >&2

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
pattern+='soft lockup|hung_task|blocked for more than|RCU stall|rcu_sched self-detected'
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
