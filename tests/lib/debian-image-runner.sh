#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /usr/local/sbin/sastrace-vmtest in tests/lib/debian-image.sh's image, run
# by sastrace-vmtest.service once the system is up (multi-user.target): run
# the test in the tar archive on /dev/vdb, write its output to the results
# port, the kernel log to the dmesg port, then the done marker, and reboot
# (qemu's -no-reboot ends the VM). The ports: tests/lib/vm.sh's (ttyS1,
# ttyS2).
res=/dev/ttyS1 kmsg=/dev/ttyS2
stty -F $res raw -echo 2>/dev/null
exec 3>$res
up() { cut -d' ' -f1 /proc/uptime; }
echo "kernel $(uname -r)" >&3
echo "=== TIME boot $(up)" >&3
# (not in /run: initramfs-tools mounts it noexec)
t=/var/tmp/vmtest
rm -rf $t
mkdir -p $t
if tar -xf /dev/vdb -C $t; then
	name=$(cat $t/name)
	t0=$(up)
	tmo=$(sed -n 's/^# vm-timeout: \([0-9][0-9]*\)$/\1/p' $t/vm.sh | head -n 1)
	echo "=== BEGIN $name" >&3
	(cd $t && timeout "${tmo:-300}" sh ./vm.sh) </dev/null >&3 2>&1
	rc=$?
	echo "=== END $name rc=$rc" >&3
	echo "=== TIME $name $(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }')" >&3
else
	echo "sastrace-vmtest: no test archive on /dev/vdb" >&3
fi
dmesg >$kmsg
echo SASTRACE-VM-DONE >&3
sync
# Services are not stopped, but processes are killed and file systems
# unmounted: the disk (a qcow2 overlay the next boot may use) is clean.
systemctl reboot --force
