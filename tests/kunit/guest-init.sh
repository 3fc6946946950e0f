#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the KUnit initramfs: load the suites (they run at insmod) and
# copy every suite's debugfs results to ttyS1 (for people: run.sh reads
# the KTAP from the full dmesg, which follows on ttyS2).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
exec 3>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo 2>/dev/null
insmod /lib/sastrace/sastrace_kunit.ko
echo "insmod rc=$?" >&3
for r in /sys/kernel/debug/kunit/sastrace_*/results; do
	[ -f "$r" ] || continue
	echo "=== SUITE $(basename "$(dirname "$r")")" >&3
	cat "$r" >&3
done
rmmod sastrace_kunit
# A kernel with kmemleak: scan once everything ran (objects younger
# than 5 s are not reported yet); leaks land in dmesg, which vm.sh scans.
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /dev/ttyS0
fi
echo "rmmod rc=$?" >&3
echo SASTRACE-VM-DONE >&3
dmesg >/dev/ttyS2
sync
# No ACPI in this kernel: reboot, which ends qemu (-no-reboot).
reboot -f
