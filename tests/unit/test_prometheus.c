// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the Prometheus exposition of the counters
 * (userspace/prometheus.c): a whole stats file as the module writes it
 * (two CPUs, every counter) gives exactly the expected text; lines it
 * does not understand, repeated series, names it does not know, values
 * out of range and over-long lines; the reader's journal counters; the
 * atomic file write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "prometheus.h"
#include "tap.h"

/* The stats file of a module with 2 possible CPUs, as debugfs_files.c prints it. */
static const char stats_2cpu[] =
	"events 30\n"
	"dropped 4\n"
	"faults 2\n"
	"toctou 1\n"
	"toctou_unverified 0\n"
	"signal_deliver 7\n"
	"signal_overflow 1\n"
	"signal_onstack_unavailable 2\n"
	"signal_frame_fault 0\n"
	"missed 3\n"
	"uprobes_attached 1\n"
	"uprobe_lost 0\n"
	"signal_hook 1\n"
	"unread 5\n"
	"buffer_records 963\n"
	"cpu0.events 10\n"
	"cpu0.dropped 0\n"
	"cpu0.faults 2\n"
	"cpu0.toctou 1\n"
	"cpu0.toctou_unverified 0\n"
	"cpu0.signal_deliver 3\n"
	"cpu0.signal_overflow 0\n"
	"cpu0.signal_onstack_unavailable 2\n"
	"cpu0.signal_frame_fault 0\n"
	"cpu0.unread 1\n"
	"cpu1.events 20\n"
	"cpu1.dropped 4\n"
	"cpu1.faults 0\n"
	"cpu1.toctou 0\n"
	"cpu1.toctou_unverified 0\n"
	"cpu1.signal_deliver 4\n"
	"cpu1.signal_overflow 1\n"
	"cpu1.signal_onstack_unavailable 0\n"
	"cpu1.signal_frame_fault 0\n"
	"cpu1.unread 4\n";

static const char want_2cpu[] =
	"# HELP sastrace_events_total Records produced (written to a ring or dropped).\n"
	"# TYPE sastrace_events_total counter\n"
	"sastrace_events_total 30\n"
	"# HELP sastrace_dropped_total Records refused because the CPU's ring was full.\n"
	"# TYPE sastrace_dropped_total counter\n"
	"sastrace_dropped_total 4\n"
	"# HELP sastrace_faults_total User-memory reads (ss or old_ss) that failed.\n"
	"# TYPE sastrace_faults_total counter\n"
	"sastrace_faults_total 2\n"
	"# HELP sastrace_toctou_total Successful sigaltstack() calls after which the kernel had installed another stack than the ss read at entry (a race).\n"
	"# TYPE sastrace_toctou_total counter\n"
	"sastrace_toctou_total 1\n"
	"# HELP sastrace_toctou_unverified_total Successful sigaltstack() calls whose ss could not be read at entry.\n"
	"# TYPE sastrace_toctou_unverified_total counter\n"
	"sastrace_toctou_unverified_total 0\n"
	"# HELP sastrace_signal_deliver_total Signal frames set up on an alternate stack.\n"
	"# TYPE sastrace_signal_deliver_total counter\n"
	"sastrace_signal_deliver_total 7\n"
	"# HELP sastrace_signal_overflow_total Signal frames that did not fit the alternate stack (the task got SIGSEGV).\n"
	"# TYPE sastrace_signal_overflow_total counter\n"
	"sastrace_signal_overflow_total 1\n"
	"# HELP sastrace_signal_onstack_unavailable_total SA_ONSTACK handlers that ran on the normal stack: no alternate stack was set.\n"
	"# TYPE sastrace_signal_onstack_unavailable_total counter\n"
	"sastrace_signal_onstack_unavailable_total 2\n"
	"# HELP sastrace_signal_frame_fault_total Signal frames that would have fitted the alternate stack but could not be written (the task got SIGSEGV).\n"
	"# TYPE sastrace_signal_frame_fault_total counter\n"
	"sastrace_signal_frame_fault_total 0\n"
	"# HELP sastrace_missed_total Probe hits the kprobe layer could not hand to the module.\n"
	"# TYPE sastrace_missed_total counter\n"
	"sastrace_missed_total 3\n"
	"# HELP sastrace_uprobes_attached Uprobe targets attached now.\n"
	"# TYPE sastrace_uprobes_attached gauge\n"
	"sastrace_uprobes_attached 1\n"
	"# HELP sastrace_uprobe_lost_total Uprobe calls not recorded: the table of calls in flight was full for the caller.\n"
	"# TYPE sastrace_uprobe_lost_total counter\n"
	"sastrace_uprobe_lost_total 0\n"
	"# HELP sastrace_signal_hook 1 when the signal hook is attached.\n"
	"# TYPE sastrace_signal_hook gauge\n"
	"sastrace_signal_hook 1\n"
	"# HELP sastrace_unread Records written and not yet read.\n"
	"# TYPE sastrace_unread gauge\n"
	"sastrace_unread 5\n"
	"# HELP sastrace_buffer_records Capacity of one CPU's ring, in records.\n"
	"# TYPE sastrace_buffer_records gauge\n"
	"sastrace_buffer_records 963\n"
	"# HELP sastrace_cpu_events_total Per CPU: Records produced (written to a ring or dropped).\n"
	"# TYPE sastrace_cpu_events_total counter\n"
	"sastrace_cpu_events_total{cpu=\"0\"} 10\n"
	"sastrace_cpu_events_total{cpu=\"1\"} 20\n"
	"# HELP sastrace_cpu_dropped_total Per CPU: Records refused because the CPU's ring was full.\n"
	"# TYPE sastrace_cpu_dropped_total counter\n"
	"sastrace_cpu_dropped_total{cpu=\"0\"} 0\n"
	"sastrace_cpu_dropped_total{cpu=\"1\"} 4\n"
	"# HELP sastrace_cpu_faults_total Per CPU: User-memory reads (ss or old_ss) that failed.\n"
	"# TYPE sastrace_cpu_faults_total counter\n"
	"sastrace_cpu_faults_total{cpu=\"0\"} 2\n"
	"sastrace_cpu_faults_total{cpu=\"1\"} 0\n"
	"# HELP sastrace_cpu_toctou_total Per CPU: Successful sigaltstack() calls after which the kernel had installed another stack than the ss read at entry (a race).\n"
	"# TYPE sastrace_cpu_toctou_total counter\n"
	"sastrace_cpu_toctou_total{cpu=\"0\"} 1\n"
	"sastrace_cpu_toctou_total{cpu=\"1\"} 0\n"
	"# HELP sastrace_cpu_toctou_unverified_total Per CPU: Successful sigaltstack() calls whose ss could not be read at entry.\n"
	"# TYPE sastrace_cpu_toctou_unverified_total counter\n"
	"sastrace_cpu_toctou_unverified_total{cpu=\"0\"} 0\n"
	"sastrace_cpu_toctou_unverified_total{cpu=\"1\"} 0\n"
	"# HELP sastrace_cpu_signal_deliver_total Per CPU: Signal frames set up on an alternate stack.\n"
	"# TYPE sastrace_cpu_signal_deliver_total counter\n"
	"sastrace_cpu_signal_deliver_total{cpu=\"0\"} 3\n"
	"sastrace_cpu_signal_deliver_total{cpu=\"1\"} 4\n"
	"# HELP sastrace_cpu_signal_overflow_total Per CPU: Signal frames that did not fit the alternate stack (the task got SIGSEGV).\n"
	"# TYPE sastrace_cpu_signal_overflow_total counter\n"
	"sastrace_cpu_signal_overflow_total{cpu=\"0\"} 0\n"
	"sastrace_cpu_signal_overflow_total{cpu=\"1\"} 1\n"
	"# HELP sastrace_cpu_signal_onstack_unavailable_total Per CPU: SA_ONSTACK handlers that ran on the normal stack: no alternate stack was set.\n"
	"# TYPE sastrace_cpu_signal_onstack_unavailable_total counter\n"
	"sastrace_cpu_signal_onstack_unavailable_total{cpu=\"0\"} 2\n"
	"sastrace_cpu_signal_onstack_unavailable_total{cpu=\"1\"} 0\n"
	"# HELP sastrace_cpu_signal_frame_fault_total Per CPU: Signal frames that would have fitted the alternate stack but could not be written (the task got SIGSEGV).\n"
	"# TYPE sastrace_cpu_signal_frame_fault_total counter\n"
	"sastrace_cpu_signal_frame_fault_total{cpu=\"0\"} 0\n"
	"sastrace_cpu_signal_frame_fault_total{cpu=\"1\"} 0\n"
	"# HELP sastrace_cpu_unread Per CPU: Records written and not yet read.\n"
	"# TYPE sastrace_cpu_unread gauge\n"
	"sastrace_cpu_unread{cpu=\"0\"} 1\n"
	"sastrace_cpu_unread{cpu=\"1\"} 4\n"
	"# HELP sastrace_stats_unparsed_lines Lines of the module's stats file this reader left out (not understood).\n"
	"# TYPE sastrace_stats_unparsed_lines gauge\n"
	"sastrace_stats_unparsed_lines 0\n";

static const char unparsed_tail[] =
	"# HELP sastrace_stats_unparsed_lines Lines of the module's stats file this reader left out (not understood).\n"
	"# TYPE sastrace_stats_unparsed_lines gauge\n"
	"sastrace_stats_unparsed_lines ";

/* @in through sastrace_prom_format(): the text, the return, the bad lines. */
static char *format(const char *in, size_t in_len,
		    const struct sastrace_prom_extra *x, int *ret,
		    unsigned int *bad)
{
	FILE *f = fmemopen((void *)in, in_len, "r");
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	*ret = sastrace_prom_format(f, out, x, bad);
	fclose(out);
	fclose(f);
	return text;
}

static void check(const char *name, const char *in, const char *want,
		  unsigned int want_bad)
{
	unsigned int bad = 99;
	int ret;
	char *got = format(in, strlen(in), NULL, &ret, &bad);

	tap_str(name, got, want);
	tap_long(name, ret, 0);
	tap_long(name, bad, want_bad);
	free(got);
}

/* want_body, then the unparsed_lines gauge with @bad. */
static void check_tail(const char *name, const char *in,
		       const char *want_body, unsigned int bad)
{
	char want[4096];

	snprintf(want, sizeof(want), "%s%s%u\n", want_body, unparsed_tail, bad);
	check(name, in, want, bad);
}

/* SMALL's counters: small a counter, small_check a gauge, cpuN.small. */
static void test_small(void)
{
	check_tail("prom small, small_check, cpu0.small",
		   "small 3\nsmall_check 1\ncpu0.small 3\n",
		   "# HELP sastrace_small_total Successful sigaltstack() calls that installed a stack smaller than the caller's AT_MINSIGSTKSZ (its signal frame).\n"
		   "# TYPE sastrace_small_total counter\n"
		   "sastrace_small_total 3\n"
		   "# HELP sastrace_small_check 1 when the kernel gives AT_MINSIGSTKSZ, so that small is counted.\n"
		   "# TYPE sastrace_small_check gauge\n"
		   "sastrace_small_check 1\n"
		   "# HELP sastrace_cpu_small_total Per CPU: Successful sigaltstack() calls that installed a stack smaller than the caller's AT_MINSIGSTKSZ (its signal frame).\n"
		   "# TYPE sastrace_cpu_small_total counter\n"
		   "sastrace_cpu_small_total{cpu=\"0\"} 3\n", 0);
}

/* The unknown-caller counter: a counter, and its per-CPU family. */
static void test_caller_unknown(void)
{
	check_tail("prom caller_unknown, cpu1.caller_unknown",
		   "caller_unknown 2\ncpu1.caller_unknown 2\n",
		   "# HELP sastrace_caller_unknown_total kprobe and compat records whose caller's file is not known: the mmap lock was busy, or no file is mapped there.\n"
		   "# TYPE sastrace_caller_unknown_total counter\n"
		   "sastrace_caller_unknown_total 2\n"
		   "# HELP sastrace_cpu_caller_unknown_total Per CPU: kprobe and compat records whose caller's file is not known: the mmap lock was busy, or no file is mapped there.\n"
		   "# TYPE sastrace_cpu_caller_unknown_total counter\n"
		   "sastrace_cpu_caller_unknown_total{cpu=\"1\"} 2\n", 0);
}

/* The unknown-handler counter, the same way. */
static void test_handler_unknown(void)
{
	check_tail("prom handler_unknown, cpu0.handler_unknown",
		   "handler_unknown 1\ncpu0.handler_unknown 1\n",
		   "# HELP sastrace_handler_unknown_total Signal records whose handler's file is not known: the mmap lock was busy, or no file is mapped there.\n"
		   "# TYPE sastrace_handler_unknown_total counter\n"
		   "sastrace_handler_unknown_total 1\n"
		   "# HELP sastrace_cpu_handler_unknown_total Per CPU: Signal records whose handler's file is not known: the mmap lock was busy, or no file is mapped there.\n"
		   "# TYPE sastrace_cpu_handler_unknown_total counter\n"
		   "sastrace_cpu_handler_unknown_total{cpu=\"0\"} 1\n", 0);
}

static void test_bad_lines(void)
{
	static const char events[] =
		"# HELP sastrace_events_total Records produced (written to a ring or dropped).\n"
		"# TYPE sastrace_events_total counter\n"
		"sastrace_events_total 1\n";
	char long_line[600];

	check_tail("prom empty file", "", "", 0);
	check_tail("prom no trailing newline", "events 1", events, 0);
	check_tail("prom junk left out and counted",
		   "events 1\n\nEvents 2\n 3\nevents\nevents x\nevents -1\n"
		   "events 1 2\nevents  1\nev-ents 1\n9events 1\ncpu.events 1\n"
		   "cpux.events 1\ncpu0events 1\ncpu01.events 1\n"
		   "cpu-1.events 1\ncpu99999999999.events 1\n",
		   events, 16);
	check_tail("prom value over 64 bits left out",
		   "events 1\ndropped 18446744073709551616\n", events, 1);
	check_tail("prom largest value",
		   "events 18446744073709551615\n",
		   "# HELP sastrace_events_total Records produced (written to a ring or dropped).\n"
		   "# TYPE sastrace_events_total counter\n"
		   "sastrace_events_total 18446744073709551615\n", 0);
	check_tail("prom a series twice: the first kept",
		   "events 1\nevents 2\n", events, 1);
	memset(long_line, 'a', sizeof(long_line));
	memcpy(long_line + sizeof(long_line) - 4, " 1\n", 4);
	{
		char in[800];

		snprintf(in, sizeof(in), "%sevents 1\n", long_line);
		check_tail("prom over-long line skipped whole", in, events, 1);
	}
	check_tail("prom 65-byte name left out",
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1\nevents 1\n",
		   events, 1);
	check_tail("prom unknown names: untyped, not guessed",
		   "new_thing 4\ncpu3.new_thing 5\ncpu7.events 6\n",
		   "# HELP sastrace_new_thing The stats file's new_thing (not known to this reader).\n"
		   "# TYPE sastrace_new_thing untyped\n"
		   "sastrace_new_thing 4\n"
		   "# HELP sastrace_cpu_new_thing The stats file's cpuN.new_thing (not known to this reader).\n"
		   "# TYPE sastrace_cpu_new_thing untyped\n"
		   "sastrace_cpu_new_thing{cpu=\"3\"} 5\n"
		   "# HELP sastrace_cpu_events_total Per CPU: Records produced (written to a ring or dropped).\n"
		   "# TYPE sastrace_cpu_events_total counter\n"
		   "sastrace_cpu_events_total{cpu=\"7\"} 6\n", 0);
	check_tail("prom a clash of metric names: the first kept",
		   "cpu_new 1\ncpu0.new 2\n",
		   "# HELP sastrace_cpu_new The stats file's cpu_new (not known to this reader).\n"
		   "# TYPE sastrace_cpu_new untyped\n"
		   "sastrace_cpu_new 1\n", 1);
	check_tail("prom a family's samples together, in file order",
		   "cpu1.unread 1\nunread 3\ncpu0.unread 2\n",
		   "# HELP sastrace_cpu_unread Per CPU: Records written and not yet read.\n"
		   "# TYPE sastrace_cpu_unread gauge\n"
		   "sastrace_cpu_unread{cpu=\"1\"} 1\n"
		   "sastrace_cpu_unread{cpu=\"0\"} 2\n"
		   "# HELP sastrace_unread Records written and not yet read.\n"
		   "# TYPE sastrace_unread gauge\n"
		   "sastrace_unread 3\n", 0);
}

static void test_nul(void)
{
	static const char in[] = "events 1\0junk\ndropped 2\n";
	unsigned int bad;
	int ret;
	char *got = format(in, sizeof(in) - 1, NULL, &ret, &bad);

	tap_true("prom NUL in a line: left out", strstr(got, "sastrace_events_total") == NULL,
		 "a line with a NUL was exported");
	tap_true("prom NUL: the next line kept", strstr(got, "sastrace_dropped_total 2\n") != NULL,
		 "the line after it is missing");
	tap_long("prom NUL: counted", bad, 1);
	free(got);
}

static void test_journal(void)
{
	struct sastrace_prom_extra x = {
		.journal = true,
		.jc = { .sent = 10, .queue_full = 1, .send_failed = 2,
			.unencodable = 3, .unsent = 4 },
	};
	unsigned int bad;
	int ret;
	char *got = format("", 0, &x, &ret, &bad);

	tap_str("prom journal counters", got,
		"# HELP sastrace_stats_unparsed_lines Lines of the module's stats file this reader left out (not understood).\n"
		"# TYPE sastrace_stats_unparsed_lines gauge\n"
		"sastrace_stats_unparsed_lines 0\n"
		"# HELP sastrace_journal_entries_total Records the reader sent to the journal.\n"
		"# TYPE sastrace_journal_entries_total counter\n"
		"sastrace_journal_entries_total 10\n"
		"# HELP sastrace_journal_lost_total Records the reader could not send to the journal: queue_full (the journal did not keep up), send_failed (it refused them), unencodable, unsent (still queued at exit).\n"
		"# TYPE sastrace_journal_lost_total counter\n"
		"sastrace_journal_lost_total{reason=\"queue_full\"} 1\n"
		"sastrace_journal_lost_total{reason=\"send_failed\"} 2\n"
		"sastrace_journal_lost_total{reason=\"unencodable\"} 3\n"
		"sastrace_journal_lost_total{reason=\"unsent\"} 4\n");
	free(got);
}

static char *slurp(const char *path)
{
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_write(void)
{
	char dir[] = "/tmp/sastrace-prom.XXXXXX", stats[64], prom[64],
	     cmd[128], err[256];
	struct stat st;
	FILE *f;
	char *got;
	int ret;

	if (!mkdtemp(dir)) {
		tap_true("prom write: temp dir", 0, "mkdtemp failed");
		return;
	}
	snprintf(stats, sizeof(stats), "%s/stats", dir);
	snprintf(prom, sizeof(prom), "%s/sastrace.prom", dir);
	f = fopen(stats, "w");
	fputs(stats_2cpu, f);
	fclose(f);
	umask(077);
	ret = sastrace_prom_write(prom, stats, NULL, err, sizeof(err));
	tap_long("prom write", ret, 0);
	got = slurp(prom);
	tap_str("prom write: the file", got ? got : "(none)", want_2cpu);
	tap_true("prom write: mode 0644 whatever the umask",
		 !stat(prom, &st) && (st.st_mode & 0777) == 0644,
		 "not 0644");
	/* No temporary file is left; a failure leaves the file as it was. */
	snprintf(cmd, sizeof(cmd), "test $(ls %s | wc -l) = 2", dir);
	tap_long("prom write: no temporary file left", system(cmd), 0);
	unlink(stats);
	ret = sastrace_prom_write(prom, stats, NULL, err, sizeof(err));
	tap_long("prom write: no stats file fails", ret, -1);
	tap_true("prom write: says why", strstr(err, "cannot open") != NULL, err);
	got = slurp(prom);
	tap_str("prom write: the old file kept", got ? got : "(none)", want_2cpu);
	snprintf(cmd, sizeof(cmd), "test $(ls %s | wc -l) = 1", dir);
	tap_long("prom write: still no temporary file", system(cmd), 0);
	snprintf(prom, sizeof(prom), "%s/none/sastrace.prom", dir);
	f = fopen(stats, "w");
	fclose(f);
	ret = sastrace_prom_write(prom, stats, NULL, err, sizeof(err));
	tap_long("prom write: no directory fails", ret, -1);
	tap_true("prom write: says where", strstr(err, "none/sastrace.prom") != NULL, err);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_true("prom write: cleanup", 0, cmd);
}

int main(void)
{
	check("prom 2 CPUs, every counter", stats_2cpu, want_2cpu, 0);
	test_bad_lines();
	test_small();
	test_caller_unknown();
	test_handler_unknown();
	test_nul();
	test_journal();
	test_write();
	return tap_done();
}
