#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The service test's second boot, in the Debian system of its first
# (install.sh: the packages are installed, DKMS built the module), single-
# threaded TCG as every tracing boot: sastrace.service as a user runs it.
#   start     systemctl enable --now sastrace (metrics every 2 s);
#   workload  svcload 500: an error, a storm, a delivery, an overflow;
#   metrics   node_exporter's /metrics (curl) and the module's stats,
#             read while nothing changes them (node_exporter stopped);
#   kill9     the reader stopped (SIGSTOP), svcload 20 into the ring,
#             kill -9: systemd restarts the reader, which reads them;
#   stop      systemctl stop sastrace: the module goes;
#   restart   systemctl restart (stopped, then running), svcload 0;
#   journal   journalctl -u sastrace -o json of svcload's records;
#   purge     apt purge sastrace sastrace-dkms, then what is left.
# check asserts every line against the workload's own output; the exit
# status is the purge's, 1 when the module is still loaded.
# vm-image: debian
# vm-timeout: 480
D=/sys/kernel/debug/sastrace
# Plain output: stdout is a serial port, a terminal.
export DPKG_COLORS=never SYSTEMD_COLORS=0 SYSTEMD_PAGER='' TERM=dumb
sec() { echo "=== $1"; echo "# uptime $(cut -d' ' -f1 /proc/uptime)"; }
FIELDS=PRIORITY,SYSLOG_IDENTIFIER,MESSAGE,SASTRACE_PID,SASTRACE_TID,SASTRACE_COMM
FIELDS=$FIELDS,SASTRACE_HOOK,SASTRACE_EVENT,SASTRACE_SIGNO,SASTRACE_SIGNAL
FIELDS=$FIELDS,SASTRACE_HANDLER,SASTRACE_RET,SASTRACE_ERRNO,SASTRACE_SS_SIZE
FIELDS=$FIELDS,SASTRACE_ALTSTACK_SIZE,SASTRACE_TOCTOU_STATUS,SASTRACE_SMALL_MIN
FIELDS=$FIELDS,_PID,_SYSTEMD_UNIT

mainpid() { systemctl show -p MainPID --value sastrace; }
loaded() { test -d /sys/module/sastrace; echo "loaded rc=$?"; }
# wait_reader PID: until the reader has its raw files open; 1 after 30 s.
wait_reader() {
	i=0
	while [ "$(ls -l /proc/"$1"/fd 2>/dev/null | grep -c '/raw$')" -lt 1 ]; do
		[ $i -ge 300 ] && return 1
		sleep 0.1
		i=$((i+1))
	done
	return 0
}
# wait_restart OLD: until systemd runs a reader other than OLD; 1 after 60 s.
wait_restart() {
	i=0
	while :; do
		p=$(mainpid)
		[ "$p" != 0 ] && [ "$p" != "$1" ] && [ "$(systemctl is-active sastrace)" = active ] && return 0
		[ $i -ge 600 ] && return 1
		sleep 0.1
		i=$((i+1))
	done
}
nrec() { journalctl -q -u sastrace -o cat SASTRACE_COMM=svcload | wc -l; }
# settle: until the rings are read and svcload's entries in the journal
# stop growing; 1 after 90 s.
settle() {
	i=0 last=-1
	while [ $i -lt 90 ]; do
		u=$(sed -n 's/^unread //p' $D/stats)
		n=$(nrec)
		[ "$u" = 0 ] && [ "$n" = "$last" ] && return 0
		last=$n
		sleep 1
		i=$((i+1))
	done
	echo "the journal did not settle: unread $u, entries $n"
	return 1
}

W=$PWD/svcload

sec start
uname -r
echo SASTRACE_METRICS_INTERVAL=2 >>/etc/default/sastrace
systemctl enable --now sastrace; echo "enable rc=$?"
echo "enabled $(systemctl is-enabled sastrace)"
echo "active $(systemctl is-active sastrace)"
pid=$(mainpid)
echo "reader1 $pid"
wait_reader "$pid"; echo "wait rc=$?"
loaded
echo "node_exporter $(systemctl is-active prometheus-node-exporter)"

sec workload
"$W" 500; echo "rc=$?"
settle

sec metrics
# node_exporter (Go: its runtime's signals are delivered on alternate
# stacks, a few a second) is stopped while the stats are read and the
# reader rewrites the metrics file (every 2 s), then served at once, before
# the next write. A round counts when the stats did not change meanwhile
# and the file was written between the two readings only.
nx=$(systemctl show -p MainPID --value prometheus-node-exporter)
P=/var/lib/prometheus/node-exporter/sastrace.prom
r=0
while [ $r -lt 5 ]; do
	kill -STOP "$nx"
	cat $D/stats >/tmp/s1
	m0=$(stat -c %y $P)
	i=0
	while [ "$(stat -c %y $P)" = "$m0" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i+1))
	done
	cat $D/stats >/tmp/s2
	m1=$(stat -c %y $P)
	kill -CONT "$nx"
	curl -sf http://localhost:9100/metrics >/tmp/m; c=$?
	m2=$(stat -c %y $P)
	if cmp -s /tmp/s1 /tmp/s2 && [ "$m0" != "$m1" ] && [ "$m1" = "$m2" ]; then
		echo "quiet round $r curl rc=$c"
		sed 's/^/stats /' /tmp/s1
		grep '^sastrace_' /tmp/m | sed 's/^/metric /'
		break
	fi
	echo "# round $r: written $m0 $m1 $m2; $(diff /tmp/s1 /tmp/s2 | grep '^[<>]' | tr '\n' ' ')"
	r=$((r+1))
done

sec kill9
pid=$(mainpid)
kill -STOP "$pid"
"$W" 20; echo "rc=$?"
echo "unread $(sed -n 's/^unread //p' $D/stats)"
kill -9 "$pid"
wait_restart "$pid"; echo "restart rc=$?"
pid=$(mainpid)
echo "reader2 $pid"
echo "restarts $(systemctl show -p NRestarts --value sastrace)"
wait_reader "$pid"; echo "wait rc=$?"
loaded
settle

sec stop
systemctl stop sastrace; echo "stop rc=$?"
echo "active $(systemctl is-active sastrace)"
loaded

sec restart
systemctl restart sastrace; echo "restart rc=$?"
echo "active $(systemctl is-active sastrace)"
pid=$(mainpid)
echo "reader3 $pid"
wait_reader "$pid"; echo "wait rc=$?"
loaded
systemctl restart sastrace; echo "restart rc=$?"
echo "active $(systemctl is-active sastrace)"
pid=$(mainpid)
echo "reader4 $pid"
wait_reader "$pid"; echo "wait rc=$?"
loaded
"$W" 0; echo "rc=$?"
settle

sec journal
journalctl -q -u sastrace -o json --output-fields="$FIELDS" SASTRACE_COMM=svcload

sec purge
ver=$(dpkg-query -W -f '${Version}' sastrace-dkms)
apt-get purge -y -q sastrace sastrace-dkms >/tmp/purge.log 2>&1
rc=$?
echo "purge rc=$rc"
[ $rc -eq 0 ] || tail -n 30 /tmp/purge.log
loaded
dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' sastrace sastrace-dkms 2>&1
systemctl cat sastrace >/dev/null 2>&1; echo "unit rc=$?"
for f in /usr/src/sastrace-"$ver" /var/lib/dkms/sastrace; do
	test -e "$f" && echo "left $f"
done
# (but the test's own runner, sastrace-vmtest)
find /etc /usr /var/lib /lib/modules -name '*sastrace*' ! -name 'sastrace-vmtest*' |
	sed 's/^/left /'
echo "dkms $(dkms status 2>/dev/null | grep -c sastrace)"
[ $rc -eq 0 ] && ! test -d /sys/module/sastrace
