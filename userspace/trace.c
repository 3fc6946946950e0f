// SPDX-License-Identifier: GPL-2.0
/*
 * The trace loop: read every CPU's ring until it is empty, print that round
 * in timestamp order, wait in poll() for more; stop on --count, on
 * SIGINT/SIGTERM (with a summary), or when the module goes away.
 * `sastrace summary` runs the same loop, counting the records instead of
 * printing them (summary.c), until --duration ends or SIGINT/SIGTERM.
 */
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include "cgroups.h"
#include "format.h"
#include "journal.h"
#include "json.h"
#include "msg.h"
#include "paths.h"
#include "prometheus.h"
#include "records.h"
#include "stats.h"
#include "symbols.h"
#include "trace.h"

/* Per CPU and round: one busy CPU must not hold back the others' output. */
#define MAX_PER_CPU	4096
/* How long to sleep in poll() before checking the module is still there. */
#define IDLE_MS		1000
/* Plain files (tests' fake tree) are always "readable": re-read this often. */
#define FAKE_IDLE_MS	50
/*
 * After a round that read only a little (under a quarter of a ring on every
 * CPU), pause this long before reading again instead of sleeping in poll()
 * until the next record: a reader woken for every record or two costs the
 * traced programs a wake-up (an IPI) per record, and under qemu could not
 * keep up with one producer. At 200 us even a few million records per
 * second per CPU fill less than a quarter of the default ring meanwhile.
 */
#define BATCH_PAUSE_NS	200000L
/* `sastrace summary`'s last reads: at most this many rounds (summary_drain). */
#define SUMMARY_DRAIN_ROUNDS	64

/*
 * While output is written, SIGINT/SIGTERM are let in too (a write blocked
 * on a stalled pipe must end). A signal that comes then also starts a
 * repeating SIGALRM, so that a write which only begins after the handler
 * ran is interrupted as well (EINTR): the reader stops promptly, whatever
 * the reader of its stdout does.
 */
#define STOP_RETRY_US	20000

static volatile sig_atomic_t stop_signal;
/* Running `sastrace summary`: no end-of-trace line on stderr. */
static bool summary_mode;
static volatile sig_atomic_t in_output;
/* Symbol names for callers (symbols.c); NULL with --no-symbols. */
static const struct sastrace_format_opts *fmt_opts;

static void on_signal(int sig)
{
	static const struct itimerval retry = {
		.it_interval = { 0, STOP_RETRY_US },
		.it_value = { 0, STOP_RETRY_US },
	};
	int saved = errno;

	stop_signal = sig;
	if (in_output)
		setitimer(ITIMER_REAL, &retry, NULL);
	errno = saved;
}

/* SIGALRM only interrupts a blocked write: nothing to do. */
static void on_alarm(int sig)
{
	(void)sig;
}

static bool wanted(const struct sastrace_trace_opts *o,
		   const struct sastrace_header *h)
{
	if (o->has_pid && h->tgid != o->pid)
		return false;
	if (o->comm) {
		size_t len = strlen(o->comm);

		if (strnlen(h->comm, SASTRACE_COMM_LEN) != len ||
		    memcmp(h->comm, o->comm, len))
			return false;
	}
	if (o->cgroup) {
		/* A version 4 record's cgroup (0) is unknown: not kept. */
		const char *path = sastrace_cgroup_path(h->cgroup_id);

		if (!path || !sastrace_cgroup_under(path, o->cgroup))
			return false;
	}
	return true;
}

/*
 * Queue a record for the journal, as its text line and its JSON line (the
 * fields are built from them). Never waits: what the journal cannot take
 * is counted (journal.c).
 */
static void journal_record(const struct sastrace_header *r)
{
	char text[SASTRACE_TEXT_MAX], json[SASTRACE_JSON_MAX];

	sastrace_text_record_opts(text, sizeof(text), r, fmt_opts);
	sastrace_json_record_opts(json, sizeof(json), r, fmt_opts);
	sastrace_journal_put(text, json);
}

/*
 * Print a sorted round, with SIGINT/SIGTERM let in (@waitmask).
 * Return: 1 when --count is reached, 0, or -1 (write failed, or was
 * interrupted by SIGINT/SIGTERM: stop_signal says which, after printing why).
 */
static int print_batch(const struct sastrace_trace_opts *o,
		       const struct sastrace_batch *b,
		       unsigned long long *printed, const sigset_t *waitmask)
{
	char line[SASTRACE_JSON_MAX > SASTRACE_TEXT_MAX ?
		  SASTRACE_JSON_MAX : SASTRACE_TEXT_MAX];
	int ret = 0, failed = 0, err;
	sigset_t blocked;
	size_t i;

	in_output = 1;
	sigprocmask(SIG_SETMASK, waitmask, &blocked);
	for (i = 0; i < b->n && !ret; i++) {
		const struct sastrace_header *r = &b->order[i]->h;

		if (!wanted(o, r))
			continue;
		if (o->summary) {
			if (sastrace_summary_add(o->summary, r)) {
				sastrace_err("out of memory");
				failed = -1;
				break;
			}
			(*printed)++;	/* counted, for the end's messages */
			continue;
		}
		if (o->journal) {
			journal_record(r);
		} else {
			if (o->json)
				sastrace_json_record_opts(line, sizeof(line),
							  r, fmt_opts);
			else
				sastrace_text_record_opts(line, sizeof(line),
							  r, fmt_opts);
			if (fputs(line, stdout) == EOF) {
				failed = 1;
				break;
			}
		}
		(*printed)++;
		if (o->count && *printed >= o->count)
			ret = 1;
	}
	/* Flush every round: the output is often a pipe to another tool. */
	failed |= fflush(stdout) != 0;
	err = errno;
	sigprocmask(SIG_SETMASK, &blocked, NULL);
	in_output = 0;
	if (failed < 0)	/* out of memory (summary), said already */
		return -1;
	if (failed && stop_signal) {
		/* What is still buffered would block exit() again: drop it. */
		__fpurge(stdout);
		sastrace_err("stopped by %s while writing to stdout (nothing was reading it?): output is incomplete",
			     stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
		return -1;
	}
	if (failed) {
		sastrace_err("cannot write to stdout: %s", strerror(err));
		return -1;
	}
	return ret;
}

/*
 * Catch SIGINT/SIGTERM, but only let them in while waiting in ppoll() and
 * while writing (print_batch()); SIGALRM is on_signal()'s retry.
 */
static void setup_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: ppoll must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGINT);
	sigdelset(waitmask, SIGTERM);
}

static void print_summary(const char *stats, bool have_start,
			  unsigned long long dropped_start,
			  unsigned long long printed)
{
	unsigned long long dropped;

	/* `sastrace summary` says it in its own output. */
	if (summary_mode)
		return;
	if (have_start && !sastrace_stat_read(stats, "dropped", &dropped))
		sastrace_err("%llu records printed, %llu dropped by the kernel (ring full)",
			     printed, dropped >= dropped_start ?
			     dropped - dropped_start : 0);
	else
		sastrace_err("%llu records printed, dropped count unknown (cannot read %s)",
			     printed, stats);
}

/*
 * Whether @deadline (CLOCK_MONOTONIC) has passed; if not, @left is set to
 * the time until it. Return: true when it has.
 */
static bool time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > deadline->tv_sec ||
	    (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
		return true;
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return false;
}

static __u64 mono_ns(const struct timespec *t)
{
	return (__u64)t->tv_sec * 1000000000ULL + (__u64)t->tv_nsec;
}

/*
 * At the summary's end: read what is still in the rings (without waiting)
 * and count the records up to now, @s->until_ns; newer ones are left out.
 * A round that reads nothing, or only newer records, ends it; so does
 * SUMMARY_DRAIN_ROUNDS rounds (producers faster than this reader).
 * @read grows by the records read. Return: 1 when drained, 0 when records
 * may be left, -1 on a read error (said) or out of memory (said).
 */
static int summary_drain(const struct sastrace_trace_opts *o,
			 struct sastrace_cpu *cpus, unsigned int n,
			 struct sastrace_batch *b, unsigned long long *read,
			 unsigned long long *printed, const sigset_t *waitmask)
{
	struct timespec now;
	unsigned int round, i;
	size_t k;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &now);
	o->summary->until_ns = mono_ns(&now);
	for (round = 0; round < SUMMARY_DRAIN_ROUNDS; round++) {
		bool all_late = true;

		b->n = 0;
		for (i = 0; i < n; i++) {
			ret = sastrace_cpu_read(&cpus[i], b, MAX_PER_CPU);
			if (ret == SASTRACE_READ_ERROR)
				return -1;
		}
		*read += b->n;
		if (!b->n)
			return 1;
		if (sastrace_batch_sort(b)) {
			sastrace_err("out of memory");
			return -1;
		}
		if (print_batch(o, b, printed, waitmask) < 0)
			return -1;
		for (k = 0; k < b->n && all_late; k++)
			all_late = b->order[k]->h.ts_ns > o->summary->until_ns;
		if (all_late)
			return 1;
	}
	return 0;
}

/* Columns of stdout's terminal; 80 when it is none (a file, a pipe). */
static unsigned int term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col)
		return ws.ws_col;
	return 80;
}

/*
 * Print `sastrace summary`'s output: the table or the JSON document, with
 * the drops since @stats_start (the stats file's text at the start, NULL if
 * unread) and the records another reader took (@read: the records this one
 * read, of every kind); when not @drained, the records left in the rings.
 * Return: 0, or -1 after saying why.
 */
static int print_summary_doc(const struct sastrace_trace_opts *o,
			     const char *stats, const char *stats_start,
			     unsigned long long read, bool drained)
{
	struct sastrace_sum_drops d;
	char *stats_end = sastrace_stats_slurp(stats);
	static const struct timespec zero = { 0, 0 };
	struct sigaction dfl;
	sigset_t unblock;
	int ret;

	/*
	 * A second SIGINT/SIGTERM (the first ended the summary) ends the
	 * output too: their default action, let in while it is written.
	 */
	sigemptyset(&unblock);
	sigaddset(&unblock, SIGINT);
	sigaddset(&unblock, SIGTERM);
	/* One that came while blocked ended the summary: not a second. */
	while (sigtimedwait(&unblock, NULL, &zero) > 0)
		;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);

	sastrace_sum_drops(stats_start, stats_end, &d);
	free(stats_end);
	d.read = read;
	/* Not drained: what the rings still hold (some may be newer). */
	if (!drained && d.unread_known)
		d.left = d.unread_end;
	if (o->summary_json)
		ret = sastrace_summary_json(stdout, o->summary, &d);
	else
		ret = sastrace_summary_print(stdout, o->summary, &d,
					     term_width());
	sastrace_sum_drops_free(&d);
	if (ret)
		sastrace_err("out of memory");
	else if (fflush(stdout)) {
		sastrace_err("cannot write to stdout: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}

/**
 * sastrace_trace() - run `sastrace trace` until told to stop
 * @o: the options
 *
 * Records of kinds this reader does not know are skipped; how many is said
 * once on stderr when the trace ends (not an error).
 *
 * Return: the exit status: 0 after --count records or SIGINT/SIGTERM,
 * non-zero when the module went away or a record or read was refused.
 */
int sastrace_trace(const struct sastrace_trace_opts *o)
{
	unsigned long long printed = 0, dropped_start = 0, ring_records = 0;
	unsigned long long read = 0;	/* records read, before any filter */
	int status = SASTRACE_EXIT_FAIL;
	struct sastrace_cpu *cpus;
	struct pollfd *fds = NULL;
	struct sastrace_batch b;
	bool have_start, fake = false, gone = false, read_error = false;
	bool all_drained = false;
	struct timespec deadline = { 0, 0 };
	struct sastrace_format_opts symbols = {
		.symbol = sastrace_symbols_format_cb,
	};
	char *stats_start = NULL;
	const char *debug_dir;
	sigset_t waitmask;
	unsigned int n, i;
	char stats[4096];

	if (!o->no_symbols && !o->summary) {
		debug_dir = getenv("SASTRACE_DEBUG_DIR");
		symbols.ctx = sastrace_symbols_new(debug_dir && *debug_dir ?
						   debug_dir :
						   "/usr/lib/debug");
		if (!symbols.ctx) {
			sastrace_err("out of memory");
			return SASTRACE_EXIT_FAIL;
		}
		fmt_opts = &symbols;
	}
	sastrace_stats_path(stats, sizeof(stats));
	sastrace_cgroup_name = sastrace_cgroup_path;
	if (o->summary) {
		summary_mode = true;
		/* Read before the rings: drops from here on are counted. */
		stats_start = sastrace_stats_slurp(stats);
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		/*
		 * Records' ts_ns is ktime_get_mono_fast_ns(): this clock.
		 * Older ones were in the rings before: not counted.
		 */
		o->summary->since_ns = mono_ns(&deadline);
		deadline.tv_sec += o->duration;
	}
	have_start = !sastrace_stat_read(stats, "dropped", &dropped_start);
	/* Unknown (0): no pauses. */
	if (sastrace_stat_read(stats, "buffer_records", &ring_records))
		ring_records = 0;
	if (sastrace_cpus_open(sastrace_debugfs_root(), &cpus, &n)) {
		free(stats_start);
		goto out_symbols;
	}
	fds = calloc(n, sizeof(*fds));
	if (!fds) {
		sastrace_err("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		fds[i].fd = cpus[i].fd;
		fds[i].events = POLLIN;
		fake |= !cpus[i].on_debugfs;
	}
	sastrace_batch_init(&b);
	setup_signals(&waitmask);
	if (o->journal && sastrace_journal_start())
		goto out_batch;

	for (;;) {
		struct timespec ts = { 0, 0 }, left;
		bool small = ring_records >= 4;
		int ret;

		b.n = 0;
		for (i = 0; i < n && !gone; i++) {
			ret = sastrace_cpu_read(&cpus[i], &b, MAX_PER_CPU);
			/* The summary keeps what it read: counted, then ended. */
			if (ret == SASTRACE_READ_ERROR && !o->summary)
				goto out_batch;
			if (ret == SASTRACE_READ_ERROR) {
				read_error = true;
				break;
			}
			gone = ret == SASTRACE_READ_GONE;
			if (ret >= 0 && (unsigned long long)ret >= ring_records / 4)
				small = false;
		}
		if (!b.n && !gone)
			gone = !sastrace_module_present();
		read += b.n;
		if (sastrace_batch_sort(&b)) {
			sastrace_err("out of memory");
			goto out_batch;
		}
		/* What was read before the module went is still printed. */
		ret = print_batch(o, &b, &printed, &waitmask);
		if (o->metrics_file && !gone)
			sastrace_metrics_tick(o->metrics_file,
					      o->metrics_interval, stats,
					      o->journal, false);
		if (ret < 0) {
			if (stop_signal)
				print_summary(stats, have_start,
					      dropped_start, printed);
			goto out_batch;
		}
		if (ret > 0) {
			status = 0;
			goto out_batch;
		}
		if (read_error)
			goto out_batch;
		if (o->summary && o->duration && time_left(&deadline, &left)) {
			status = 0;
			goto out_batch;
		}
		if (stop_signal) {
			print_summary(stats, have_start, dropped_start,
				      printed);
			status = 0;
			goto out_batch;
		}
		if (gone) {
			sastrace_err("the sastrace module was unloaded: trace ended after %llu records",
				     printed);
			goto out_batch;
		}

		/*
		 * After a full round, only look for signals, don't wait; after
		 * a small one, pause (signals still end it) to read in batches;
		 * after an empty one, sleep until a record comes.
		 */
		if (!b.n) {
			ts.tv_sec = (fake ? FAKE_IDLE_MS : IDLE_MS) / 1000;
			ts.tv_nsec = (fake ? FAKE_IDLE_MS : IDLE_MS) % 1000 *
				     1000000L;
			/* --duration: wake up when it ends. */
			if (o->summary && o->duration &&
			    !time_left(&deadline, &left) &&
			    (left.tv_sec < ts.tv_sec ||
			     (left.tv_sec == ts.tv_sec &&
			      left.tv_nsec < ts.tv_nsec)))
				ts = left;
		} else if (small && !fake) {
			ts.tv_nsec = BATCH_PAUSE_NS;
			ret = ppoll(NULL, 0, &ts, &waitmask);
			if (ret < 0 && errno != EINTR) {
				sastrace_err("poll: %s", strerror(errno));
				goto out_batch;
			}
			if (stop_signal) {
				print_summary(stats, have_start, dropped_start,
					      printed);
				status = 0;
				goto out_batch;
			}
			continue;
		}
		ret = ppoll(fake ? NULL : fds, fake ? 0 : n, &ts, &waitmask);
		if (ret < 0 && errno != EINTR) {
			sastrace_err("poll: %s", strerror(errno));
			goto out_batch;
		}
		for (i = 0; ret > 0 && i < n; i++)
			if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL))
				cpus[i].hup = true;
		if (stop_signal) {
			print_summary(stats, have_start, dropped_start,
				      printed);
			status = 0;
			goto out_batch;
		}
	}
out_batch:
	/*
	 * The summary: when its time ended, on SIGINT/SIGTERM, unloaded, or
	 * after a read error (what was read before it, said so, exit 1).
	 */
	if (o->summary && status == 0 && !gone) {
		int drained = summary_drain(o, cpus, n, &b, &read, &printed,
					    &waitmask);

		if (drained < 0) {
			read_error = true;
			status = SASTRACE_EXIT_FAIL;
		}
		all_drained = drained > 0;
	}
	if (o->summary && (status == 0 || gone || read_error) &&
	    print_summary_doc(o, stats, stats_start,
			      read + sastrace_skipped.n, all_drained))
		status = SASTRACE_EXIT_FAIL;
	if (o->summary && read_error)
		sastrace_err("the summary ends at a read error (said above): its counts are lower bounds");
	free(stats_start);
	if (o->journal) {
		sastrace_journal_stop();
		/* The journal's last counts, while the module is there. */
		if (o->metrics_file && !gone)
			sastrace_metrics_tick(o->metrics_file,
					      o->metrics_interval, stats,
					      true, true);
	}
	/* Records of a newer module's kinds: said once, whatever the end. */
	sastrace_skipped_report();
	sastrace_batch_free(&b);
out:
	free(fds);
	sastrace_cpus_close(cpus, n);
out_symbols:
	fmt_opts = NULL;
	sastrace_symbols_free(symbols.ctx);
	return status;
}
