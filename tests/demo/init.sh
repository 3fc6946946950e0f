#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the demo VM: load sastrace.ko, start the reader in the background,
# run the stack-overflow demo, then show what sastrace captured (on ttyS1).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
exec >/dev/ttyS1 2>&1
stty -F /dev/ttyS1 raw -echo 2>/dev/null

echo "### guest: Linux $(uname -r)"
echo "### insmod sastrace.ko"
insmod /lib/sastrace/sastrace.ko || echo "insmod failed"
sastrace trace >/tmp/trace.out 2>/tmp/trace.err &
reader=$!
sleep 1
echo "### running the demo: /usr/bin/overflow"
overflow
echo "(overflow exited with status $?)"
sleep 1
kill -INT "$reader"
i=0
while kill -0 "$reader" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$reader" 2>/dev/null
echo "### what sastrace saw (userspace/sastrace, decoded):"
cat /tmp/trace.out
cat /tmp/trace.err
echo "### sastrace stats"
sastrace stats
rmmod sastrace
echo SASTRACE-VM-DONE
dmesg >/dev/ttyS2
poweroff -f
