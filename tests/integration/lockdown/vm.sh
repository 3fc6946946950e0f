#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (debug kernel only: CONFIG_MODULE_SIG, the lockdown
# LSM, kprobe events), booted in lockdown=integrity: the unsigned module is
# refused (insmod, `sastrace load`, the kernel's lockdown message); the
# module signed with the kernel build's throwaway key (./sastrace-signed.ko,
# made by ./build) loads and traces the cases workload, a signal delivered
# on an alternate stack, and lists altstacks; then the level is raised to
# confidentiality in the same boot: the kernel's own kprobe_events and trace
# are refused while sastrace goes on tracing. `check` asserts it all.
# With LOCKDOWN_BOOT=confidentiality (tests/integration/lockdown_boot, booted
# in lockdown=confidentiality) the same, all at confidentiality from boot.
# vm-append: lockdown=integrity
BOOT=${LOCKDOWN_BOOT:-integrity}
D=/sys/kernel/debug/sastrace
L=/sys/kernel/security/lockdown
K=/sys/kernel/tracing
sec() { echo "=== $1"; }
. "$VMLIB"
drain() { st_events; }
# klog TAG: the kernel's lines since the last `klog` (a marker in between).
mark() { echo "<6>lockfault: $1" > /dev/kmsg; }
klog() { dmesg | sed -n "/lockfault: $1\$/,\$p" | sed '1d;s/^\[[^]]*\] //'; }

mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t tracefs tracefs $K 2>/dev/null

sec boot
echo "lockdown $(cat $L)"
cat /proc/cmdline

sec unsigned
echo "KO signed $(tail -c 28 "$KO" | grep -c 'Module signature appended')"
mark unsigned
insmod "$KO" 2>/tmp/insmod.err; echo "insmod rc=$?"
echo "insmod err: $(cat /tmp/insmod.err)"
echo "loaded $(test -d /sys/module/sastrace && echo 1 || echo 0)"
./fitool load 0 "$KO"
"$BIN"/sastrace load --module "$KO" >/tmp/load.out 2>/tmp/load.err
echo "reader rc=$? out=$(wc -l </tmp/load.out) err=$(wc -l </tmp/load.err)"
echo "reader err: $(cat /tmp/load.err)"
echo "loaded $(test -d /sys/module/sastrace && echo 1 || echo 0)"
sec unsigned-klog
klog unsigned

sec signed
mark signed
insmod ./sastrace-signed.ko; echo "insmod rc=$?"
echo "taint $(cat /sys/module/sastrace/taint)"
echo "lockdown $(cat $L)"
sec signed-klog
klog signed

# The kernel's own kprobe events still work at integrity: the control for
# the refusal below.
if [ "$BOOT" = integrity ]; then
	sec kprobe-events-integrity
	./fitool io $K/kprobe_events 'p:lockfault_probe do_sys_openat2'
	./fitool io $K/kprobe_events '-:lockfault_probe'
	./fitool io $K/trace
else
	mark confidentiality
	# Locked down from boot: tracing never set up its tracefs files.
	sec kprobe-events-confidentiality
	./fitool io $K/kprobe_events 'p:lockfault_probe do_sys_openat2'
	./fitool io $K/trace
	sec tracing-at-boot
	# (the boot's messages: /init's $BOOTLOG; dmesg holds this test's)
	sed 's/^\[[^]]*\] //' "$BOOTLOG" | grep -E '^(Tracing disabled due to lockdown|Lockdown: .*tracefs)' | sort -u
fi

sec cases-$BOOT
"$BIN"/cases; echo "rc=$?"
sec cases-$BOOT-events
drain
sec sigcases-$BOOT
./sigcases; echo "rc=$?"
sec sigcases-$BOOT-events
drain | grep ' signal '
sec altstacks-workload
"$BIN"/altstacks > /tmp/alt.out &
apid=$!
i=0
while ! grep -q '^ready$' /tmp/alt.out 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i+1))
done
cat /tmp/alt.out
sec altstacks
cat $D/altstacks
kill $apid
wait $apid 2>/dev/null
sec stats-$BOOT
cat $D/stats

if [ "$BOOT" = integrity ]; then
sec confidentiality
mark confidentiality
echo confidentiality > $L; echo "raise rc=$?"
echo "lockdown $(cat $L)"
# Back down is refused.
echo integrity > $L 2>/dev/null; echo "lower rc=$?"
echo "lockdown $(cat $L)"
sec kprobe-events-confidentiality
./fitool io $K/kprobe_events 'p:lockfault_probe do_sys_openat2'
./fitool io $K/trace
sec cases-confidentiality
"$BIN"/cases; echo "rc=$?"
sec cases-confidentiality-events
drain
sec sigcases-confidentiality
./sigcases; echo "rc=$?"
sec sigcases-confidentiality-events
drain | grep ' signal '
sec stats-confidentiality
cat $D/stats
fi
sec reader-stats-confidentiality
"$BIN"/sastrace stats; echo "rc=$?"
sec confidentiality-klog
klog confidentiality
sec unload
rmmod sastrace; rc=$?
echo "rmmod rc=$rc"
echo "lockdown $(cat $L)"
sec end
exit $rc
