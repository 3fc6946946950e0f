#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the benchmark's initramfs: mount what the tracers need (debugfs,
# tracefs, bpffs), run /bench/guest.sh with its output on ttyS1 (results.txt
# on the host), then the done marker, the full dmesg on ttyS2, and reset.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
stty -F /dev/ttyS1 raw -echo 2>/dev/null
(cd /bench && sh ./guest.sh) </dev/null >/dev/ttyS1 2>&1
echo "BENCH guest rc=$?" >/dev/ttyS1
echo SASTRACE-VM-DONE >/dev/ttyS1
dmesg >/dev/ttyS2
sync
reboot -f
