#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the integration initramfs: mount the pseudo filesystems, run every
# /tests/<name>/vm.sh (sorted, each under a timeout, cwd = its dir) and write
# its output to ttyS1 between "=== BEGIN <name>" and "=== END <name> rc=N"
# lines (N: vm.sh's exit status; tests/check.sh fails the test when it is
# not 0); then the done marker, the full dmesg to ttyS2, and power off.
# Kernel messages stay on ttyS0 (see tests/lib/vm.sh).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
export VMLIB=/lib/sastrace/vmlib.sh KO=/lib/sastrace/sastrace.ko BIN=/opt/sastrace/bin
exec 3>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo 2>/dev/null
echo "kernel $(uname -r)" >&3
for dir in /tests/*/; do
	[ -f "$dir/vm.sh" ] || continue
	name=$(basename "$dir")
	echo "=== BEGIN $name" >&3
	(cd "$dir" && timeout "300" sh ./vm.sh) \
		</dev/null >&3 2>&1
	echo "=== END $name rc=$?" >&3
done
# A kernel with kmemleak: scan once everything ran (objects younger
# than 5 s are not reported yet); leaks land in dmesg, which vm.sh scans.
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /dev/ttyS0
fi
echo SASTRACE-VM-DONE >&3
dmesg >/dev/ttyS2
sync
# reboot, not poweroff: the KUnit/debug kernel has no ACPI; with
# -no-reboot a reset ends qemu on every kernel.
reboot -f
