#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the benchmark's initramfs: mount what the tracers need (debugfs,
# tracefs, bpffs), run /bench/guest.sh with its output on the results port
# (results.txt on the host), then the done marker, the full dmesg on the
# dmesg port, and reset. Ports (tests/lib/vm.sh): x86_64 ttyS1 and ttyS2,
# aarch64 ttyS0 and ttyS1, whose image has no applet links yet (tests/lib/
# initramfs.sh): busybox --install makes them first.
if [ ! -e /bin/mount ]; then
	/bin/busybox mount -t proc proc /proc
	/bin/busybox --install -s
fi
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
res=/dev/ttyS1 dm=/dev/ttyS2
[ "$(uname -m)" = aarch64 ] && res=/dev/ttyS0 dm=/dev/ttyS1
stty -F $res raw -echo 2>/dev/null
(cd /bench && sh ./guest.sh) </dev/null >$res 2>&1
echo "BENCH guest rc=$?" >$res
echo SASTRACE-VM-DONE >$res
dmesg >$dm
sync
reboot -f
