# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# End-to-end tests of what the service uses: `sastrace stats --prometheus`,
# `trace --metrics-file` and `trace --journal`, against run.sh's fake trees
# (sourced by tests/unit/run.sh, whose helpers and trees it uses). The
# journal is a stand-in (fake_journald.py) on journald's socket path, in a
# private mount namespace (a tmpfs on /run): it checks every entry as
# libsystemd sent it, and a journal that never reads must not stall the
# reader.

# --- stats --prometheus ------------------------------------------------------

cat >"$T/basic.prom" <<'END'
# HELP sastrace_events_total Records produced (written to a ring or dropped).
# TYPE sastrace_events_total counter
sastrace_events_total 6
# HELP sastrace_dropped_total Records refused because the CPU's ring was full.
# TYPE sastrace_dropped_total counter
sastrace_dropped_total 5
# HELP sastrace_faults_total User-memory reads (ss or old_ss) that failed.
# TYPE sastrace_faults_total counter
sastrace_faults_total 1
# HELP sastrace_missed_total Probe hits the kprobe layer could not hand to the module.
# TYPE sastrace_missed_total counter
sastrace_missed_total 0
# HELP sastrace_cpu_events_total Per CPU: Records produced (written to a ring or dropped).
# TYPE sastrace_cpu_events_total counter
sastrace_cpu_events_total{cpu="0"} 3
sastrace_cpu_events_total{cpu="1"} 3
# HELP sastrace_cpu_dropped_total Per CPU: Records refused because the CPU's ring was full.
# TYPE sastrace_cpu_dropped_total counter
sastrace_cpu_dropped_total{cpu="0"} 2
sastrace_cpu_dropped_total{cpu="1"} 3
# HELP sastrace_cpu_faults_total Per CPU: User-memory reads (ss or old_ss) that failed.
# TYPE sastrace_cpu_faults_total counter
sastrace_cpu_faults_total{cpu="0"} 1
sastrace_cpu_faults_total{cpu="1"} 0
# HELP sastrace_stats_unparsed_lines Lines of the module's stats file this reader left out (not understood).
# TYPE sastrace_stats_unparsed_lines gauge
sastrace_stats_unparsed_lines 0
END
fake prom basic
expect "e2e stats --prometheus" 0 "$T/basic.prom" "$T/empty" \
	reader prom stats --prometheus
printf 'bad line\n' >>"$T/prom/debugfs/sastrace/stats"
sed 's/^sastrace_stats_unparsed_lines 0$/sastrace_stats_unparsed_lines 1/' \
	"$T/basic.prom" >"$T/want"
lines "$T/want_err" "sastrace: 1 lines of $T/prom/debugfs/sastrace/stats not understood: left out"
expect "e2e stats --prometheus: a line not understood is counted, said, left out" \
	0 "$T/want" "$T/want_err" reader prom stats --prometheus
lines "$T/want_err" "sastrace: option '--prometheus' takes no value (see: sastrace help)"
expect "e2e stats --prometheus=x" 2 "$T/empty" "$T/want_err" \
	reader prom stats --prometheus=x

# --- trace --metrics-file ----------------------------------------------------

mkdir -p "$T/prom/textfile"
expect "e2e --metrics-file: the records still printed" 0 "$T/basic.txt" \
	"$T/empty" reader basic --count 6 --metrics-file "$T/prom/textfile/sastrace.prom"
if cmp -s "$T/basic.prom" "$T/prom/textfile/sastrace.prom" &&
   [ "$(ls "$T/prom/textfile")" = sastrace.prom ]; then
	ok "e2e --metrics-file: = stats --prometheus, no temporary file left"
else
	not_ok "e2e --metrics-file: = stats --prometheus, no temporary file left" \
		"$(ls "$T/prom/textfile" | tr '\n' ' '): $(diff "$T/basic.prom" "$T/prom/textfile/sastrace.prom" | oneline)"
fi
expect "e2e --metrics-file '': none" 0 "$T/basic.txt" "$T/empty" \
	reader basic --count 6 --metrics-file ''
lines "$T/want_err" \
	"sastrace: --metrics-file: cannot create a file next to $T/nodir/sastrace.prom: No such file or directory (will retry every 15 s)"
expect "e2e --metrics-file in a missing directory: said once, trace goes on" 0 \
	"$T/basic.txt" "$T/want_err" reader basic --count 6 --metrics-file "$T/nodir/sastrace.prom"
lines "$T/want_err" "sastrace: --metrics-interval: '0' is not a number from 1 to 86400"
expect "e2e --metrics-interval 0" 2 "$T/empty" "$T/want_err" \
	reader basic --metrics-file "$T/x.prom" --metrics-interval 0
lines "$T/want_err" "sastrace: --json and --journal do not go together: the journal gets every JSON key as a field (see: sastrace help)"
expect "e2e --json --journal" 2 "$T/empty" "$T/want_err" reader basic --json --journal

# --- trace --journal ---------------------------------------------------------

# in_ns SCRIPT: SCRIPT in bash in a private mount namespace with an empty
# tmpfs on /run; $FJ is the stand-in journal, $SAS the reader.
in_ns() {
	FJ=$TOP/tests/unit/fake_journald.py SAS=$SAS T=$T \
		unshare -m bash -c "mount -t tmpfs sastrace-test /run && $1"
}
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	not_ok "e2e --journal" "needs root and unshare -m (util-linux): a private /run for a stand-in journald"
else
	in_ns 'SASTRACE_DEBUGFS=$T/basic/debugfs SASTRACE_SYSFS_MODULE=$T/basic/module SASTRACE_NO_ROOT_CHECK=1 timeout 20 $SAS --journal --count 1' \
		>"$T/out" 2>"$T/err"
	rc=$?
	lines "$T/want_err" "sastrace: --journal: cannot write to /run/systemd/journal/socket: No such file or directory (is systemd-journald running?)"
	if [ $rc -eq 1 ] && cmp -s "$T/want_err" "$T/err" && [ ! -s "$T/out" ]; then
		ok "e2e --journal without a journal: says so, exits 1"
	else
		not_ok "e2e --journal without a journal: says so, exits 1" "status $rc: $(oneline "$T/err")"
	fi

	# Every entry as libsystemd sent it; the metrics count them.
	fake journal basic
	in_ns 'mkdir -p /run/systemd/journal &&
		{ python3 $FJ serve /run/systemd/journal/socket $T/journal.out read & } &&
		for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done &&
		SASTRACE_DEBUGFS=$T/journal/debugfs SASTRACE_SYSFS_MODULE=$T/journal/module SASTRACE_NO_ROOT_CHECK=1 \
			timeout -k 2 20 $SAS trace --journal --count 6 --metrics-file $T/journal.prom;
		rc=$?; sleep 0.3; kill %1; exit $rc' >"$T/out" 2>"$T/err"
	rc=$?
	lines "$T/want_err" "sastrace: 6 records sent to the journal, none lost"
	if [ $rc -ne 0 ] || [ -s "$T/out" ] || ! cmp -s "$T/want_err" "$T/err"; then
		not_ok "e2e --journal: 6 records, nothing on stdout" "status $rc, stdout $(oneline "$T/out"), stderr $(oneline "$T/err")"
	else
		ok "e2e --journal: 6 records, nothing on stdout"
	fi
	if why=$(python3 "$TOP/tests/unit/fake_journald.py" check "$T/journal.out" \
		"$T/basic.txt" "$T/basic.json" 2>&1); then
		ok "e2e --journal: each entry's MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and SASTRACE_* fields"
	else
		not_ok "e2e --journal: each entry's MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and SASTRACE_* fields" "$(head -c 600 <<<"$why")"
	fi
	if grep -qx 'sastrace_journal_entries_total 6' "$T/journal.prom" &&
	   [ "$(grep -c '^sastrace_journal_lost_total{reason="[a-z_]*"} 0$' "$T/journal.prom")" = 4 ]; then
		ok "e2e --journal --metrics-file: the journal's counts exported"
	else
		not_ok "e2e --journal --metrics-file: the journal's counts exported" "$(grep journal "$T/journal.prom" | oneline)"
	fi

	# A journal that never reads: the reader still reads all 10000
	# records and ends in time, counting what the journal did not take.
	start=$(date +%s)
	in_ns 'mkdir -p /run/systemd/journal &&
		{ python3 $FJ serve /run/systemd/journal/socket $T/stall.out stall & } &&
		for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done &&
		SASTRACE_DEBUGFS=$T/many/debugfs SASTRACE_SYSFS_MODULE=$T/many/module SASTRACE_NO_ROOT_CHECK=1 \
			timeout -k 2 20 $SAS trace --journal --count 10000;
		rc=$?; kill %1; exit $rc' >"$T/out" 2>"$T/err"
	rc=$?
	secs=$(($(date +%s) - start))
	read -r sent lost full unsent < <(sed -n 's/^sastrace: \([0-9]*\) records sent to the journal, \([0-9]*\) lost: \([0-9]*\) the journal did not keep up with (queue full), 0 it refused, 0 not encodable, \([0-9]*\) still queued at exit$/\1 \2 \3 \4/p' "$T/err")
	if [ $rc -eq 0 ] && [ -n "$sent" ] && [ $((sent + lost)) -eq 10000 ] &&
	   [ "$full" -gt 0 ] && [ $((full + unsent)) -eq "$lost" ] && [ $secs -le 15 ]; then
		ok "e2e --journal: a stalled journal never blocks the reader ($sent sent, $full dropped, $unsent unsent, ${secs}s)"
	else
		not_ok "e2e --journal: a stalled journal never blocks the reader" "status $rc after ${secs}s: $(oneline "$T/err")"
	fi
fi
