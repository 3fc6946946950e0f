#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the integration initramfs: mount the pseudo filesystems, run every
# /tests/<name>/vm.sh (sorted, each under a timeout, cwd = its dir) and write
# its output to the results port between "=== BEGIN <name>" and
# "=== END <name> rc=N" lines (N: vm.sh's exit status; tests/check.sh fails
# the test when it is not 0); then the done marker, the rest of the kernel
# log to the dmesg port, and power off. Kernel messages stay on the console port.
# The ports (see tests/lib/vm.sh), by the guest's architecture:
#   x86_64:  console ttyS0, results ttyS1, dmesg ttyS2 (ISA 16550s)
#   aarch64: console ttyAMA0 (the PL011 of qemu's virt board), results
#            ttyS0, dmesg ttyS1 (PCI 16550s, qemu's pci-serial)
# An image for another architecture than the host's has no applet links
# (tests/lib/initramfs.sh): they are made here first, with busybox itself.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs devtmpfs /dev
if [ ! -e /bin/mount ]; then
	if ! /bin/busybox --install -s 2>/dev/console; then
		echo "init: busybox --install -s failed" >/dev/console
		/bin/busybox reboot -f
	fi
fi
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
case $(uname -m) in
aarch64) con=/dev/ttyAMA0 res=/dev/ttyS0 kmsg=/dev/ttyS1 ;;
*) con=/dev/ttyS0 res=/dev/ttyS1 kmsg=/dev/ttyS2 ;;
esac
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
export VMLIB=/lib/sastrace/vmlib.sh KO=/lib/sastrace/sastrace.ko BIN=/opt/sastrace/bin
exec 3>"$res"
stty -F "$res" raw -echo 2>/dev/null
echo "kernel $(uname -r)" >&3
# Each test as if it had the boot to itself: an empty /tmp, a kernel log
# of its own (what came before goes to the dmesg port first, so the port
# still gets all of it, in order; the boot's own messages stay readable in
# $BOOTLOG), nothing of the previous test running. A test that leaves the
# module loaded fails (rc 125 if it had passed) and the module is unloaded
# for the next one.
export BOOTLOG=/lib/sastrace/boot.log
dmesg >"$BOOTLOG"
# Where the boot's time goes (check.sh prints it): "=== TIME WHAT SECONDS"
# lines, outside every test's section: the kernel's boot up to here, each
# test, the end (kmemleak's scan).
up() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }'; }
echo "=== TIME boot $(since 0)" >&3
for dir in /tests/*/; do
	[ -f "$dir/vm.sh" ] || continue
	name=$(basename "$dir")
	rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null
	dmesg -c >"$kmsg"
	t0=$(up)
	# 300 s a test, or its vm.sh's "# vm-timeout: SECONDS".
	tmo=$(sed -n 's/^# vm-timeout: \([0-9][0-9]*\)$/\1/p' "$dir/vm.sh" | head -n 1)
	echo "=== BEGIN $name" >&3
	(cd "$dir" && timeout "${tmo:-300}" sh ./vm.sh) \
		</dev/null >&3 2>&1
	rc=$?
	kill -9 -1 2>/dev/null
	if [ -d /sys/module/sastrace ]; then
		rmmod sastrace 2>&3
		echo "init: $name left sastrace loaded (then rmmod: rc=$?)" >&3
		[ "$rc" -ne 0 ] || rc=125
	fi
	echo "=== END $name rc=$rc" >&3
	echo "=== TIME $name $(since "$t0")" >&3
done
t0=$(up)
# A kernel with kmemleak: scan once everything ran (objects younger
# than 5 s are not reported yet); leaks land in dmesg, which vm.sh scans.
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >"$con"
fi
echo "=== TIME end $(since "$t0")" >&3
echo SASTRACE-VM-DONE >&3
dmesg >"$kmsg"
sync
# reboot, not poweroff: the KUnit/debug kernel has no ACPI; with
# -no-reboot a reset ends qemu on every kernel.
reboot -f
