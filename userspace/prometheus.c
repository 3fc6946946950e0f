// SPDX-License-Identifier: GPL-2.0
/*
 * The `stats` file ("name value" lines, sastrace(4)) as Prometheus text
 * exposition format (version 0.0.4):
 *
 *   a global counter NAME     sastrace_NAME_total, type counter
 *   a global gauge NAME       sastrace_NAME, type gauge (unread,
 *                             uprobes_attached, signal_hook, sigaction_hook,
 *                             small_check, buffer_records)
 *   cpuN.NAME                 sastrace_cpu_NAME_total{cpu="N"} (a counter)
 *                             or sastrace_cpu_NAME{cpu="N"} (unread): a
 *                             family of its own, so that summing a family
 *                             never counts a record twice
 *   a name this reader does   sastrace_NAME / sastrace_cpu_NAME{cpu="N"},
 *   not know                  type untyped: exported, not guessed at
 *
 * each family with its # HELP and # TYPE lines, in the order the file
 * first names it, its samples in the file's order. Then the reader's own:
 * sastrace_stats_unparsed_lines (lines of the file left out: not "NAME
 * VALUE" with NAME [a-z][a-z0-9_]* after an optional cpuN. and VALUE a
 * decimal that fits 64 bits, or naming a series already given), and with
 * --journal sastrace_journal_entries_total and
 * sastrace_journal_lost_total{reason=...} (journal.h).
 */
#define _GNU_SOURCE	/* mkostemp() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "msg.h"
#include "prometheus.h"

#define NAME_MAX_LEN	64
#define LINE_MAX_LEN	256

struct known {
	const char *name;
	bool gauge;
	const char *help;
};

/* The counters of sastrace(4)'s STATISTICS. */
static const struct known known[] = {
	{ "events", false, "Records produced (written to a ring or dropped)." },
	{ "dropped", false, "Records refused because the CPU's ring was full." },
	{ "faults", false, "User-memory reads (ss or old_ss) that failed." },
	{ "toctou", false, "Successful sigaltstack() calls after which the kernel had installed another stack than the ss read at entry (a race)." },
	{ "toctou_unverified", false, "Successful sigaltstack() calls whose ss could not be read at entry." },
	{ "signal_deliver", false, "Signal frames set up on an alternate stack." },
	{ "signal_overflow", false, "Signal frames that did not fit the alternate stack (the task got SIGSEGV)." },
	{ "signal_onstack_unavailable", false, "SA_ONSTACK handlers that ran on the normal stack: no alternate stack was set." },
	{ "signal_frame_fault", false, "Signal frames that would have fitted the alternate stack but could not be written (the task got SIGSEGV)." },
	{ "sigaction", false, "Calls that installed or changed a signal's action (or tried to)." },
	{ "small", false, "Successful sigaltstack() calls that installed a stack smaller than the caller's AT_MINSIGSTKSZ (its signal frame)." },
	{ "caller_unknown", false, "kprobe and compat records whose caller's file is not known: the mmap lock was busy, or no file is mapped there." },
	{ "handler_unknown", false, "Signal records whose handler's file is not known: the mmap lock was busy, or no file is mapped there." },
	{ "missed", false, "Probe hits the kprobe layer could not hand to the module." },
	{ "uprobes_attached", true, "Uprobe targets attached now." },
	{ "uprobe_lost", false, "Uprobe calls not recorded: the table of calls in flight was full for the caller." },
	{ "signal_hook", true, "1 when the signal hook is attached." },
	{ "sigaction_hook", true, "1 when the sigaction hook is attached." },
	{ "small_check", true, "1 when the kernel gives AT_MINSIGSTKSZ, so that small is counted." },
	{ "unread", true, "Records written and not yet read." },
	{ "buffer_records", true, "Capacity of one CPU's ring, in records." },
};

struct sample {
	char name[NAME_MAX_LEN + 1];
	long cpu;			/* -1: global */
	unsigned long long value;
	int family;			/* index of its family's first sample */
};

static const struct known *find_known(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].name, name))
			return &known[i];
	return NULL;
}

/* The metric name of a sample's family, into buf (at least 96 bytes). */
static void metric_name(char *buf, size_t size, const struct sample *s)
{
	const struct known *k = find_known(s->name);

	snprintf(buf, size, "sastrace_%s%s%s", s->cpu >= 0 ? "cpu_" : "",
		 s->name, k && !k->gauge ? "_total" : "");
}

/* One line "NAME VALUE\n" or "cpuN.NAME VALUE\n" into @s. */
static int parse_line(const char *line, struct sample *s)
{
	const char *p = line, *name;
	char *end;
	size_t len;

	s->cpu = -1;
	if (!strncmp(p, "cpu", 3) && p[3] >= '0' && p[3] <= '9') {
		errno = 0;
		s->cpu = strtol(p + 3, &end, 10);
		if (*end != '.' || errno || s->cpu > INT_MAX ||
		    (p[3] == '0' && end != p + 4))
			return -1;
		p = end + 1;
	}
	name = p;
	if (*p < 'a' || *p > 'z')
		return -1;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	       *p == '_')
		p++;
	len = p - name;
	if (len > NAME_MAX_LEN || *p != ' ' || p[1] < '0' || p[1] > '9')
		return -1;
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	errno = 0;
	s->value = strtoull(p + 1, &end, 10);
	if (errno || (*end && strcmp(end, "\n")))
		return -1;
	return 0;
}

static void print_family(FILE *out, const struct sample *s, const char *mn)
{
	const struct known *k = find_known(s->name);

	if (k)
		fprintf(out, "# HELP %s %s%s\n", mn, s->cpu >= 0 ? "Per CPU: " : "",
			k->help);
	else
		fprintf(out, "# HELP %s The stats file's %s%s (not known to this reader).\n",
			mn, s->cpu >= 0 ? "cpuN." : "", s->name);
	fprintf(out, "# TYPE %s %s\n", mn,
		!k ? "untyped" : k->gauge ? "gauge" : "counter");
}

/**
 * sastrace_prom_format() - the stats file @in as Prometheus text on @out
 * @in:  the stats file
 * @out: where to write
 * @x:   the reader's own counters, or NULL
 * @bad: set to the number of lines left out
 *
 * Return: 0, or -1 (out of memory, or reading @in failed: errno says).
 */
int sastrace_prom_format(FILE *in, FILE *out,
			 const struct sastrace_prom_extra *x,
			 unsigned int *bad)
{
	char mn[NAME_MAX_LEN + 32], other[NAME_MAX_LEN + 32], *line = NULL;
	struct sample *v = NULL, *nv;
	size_t n = 0, cap = 0, i, k, line_cap = 0;
	ssize_t len;

	*bad = 0;
	while ((len = getline(&line, &line_cap, in)) > 0) {
		struct sample s;

		/* Too long to be ours, or with a NUL: left out. */
		if (len > LINE_MAX_LEN || memchr(line, '\0', len) ||
		    parse_line(line, &s)) {
			(*bad)++;
			continue;
		}
		/* Its family: the first sample with its name and kind. */
		s.family = -1;
		metric_name(mn, sizeof(mn), &s);
		for (i = 0; i < n && s.family < 0; i++) {
			metric_name(other, sizeof(other), &v[i]);
			if (strcmp(mn, other))
				continue;
			if (!strcmp(v[i].name, s.name) &&
			    (v[i].cpu < 0) == (s.cpu < 0))
				s.family = v[i].family;
			else
				s.family = -2;	/* another's metric name */
		}
		/* The same series twice, or a clash of names: left out. */
		for (i = 0; i < n && s.family >= 0; i++)
			if (v[i].family == s.family && v[i].cpu == s.cpu)
				s.family = -2;
		if (s.family == -2) {
			(*bad)++;
			continue;
		}
		if (s.family < 0)
			s.family = n;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				free(line);
				errno = ENOMEM;
				return -1;
			}
			v = nv;
		}
		v[n++] = s;
	}
	free(line);
	if (ferror(in)) {
		free(v);
		return -1;
	}

	for (i = 0; i < n; i++) {
		if (v[i].family != (int)i)
			continue;
		metric_name(mn, sizeof(mn), &v[i]);
		print_family(out, &v[i], mn);
		for (k = i; k < n; k++) {
			if (v[k].family != (int)i)
				continue;
			if (v[k].cpu >= 0)
				fprintf(out, "%s{cpu=\"%ld\"} %llu\n", mn, v[k].cpu,
					v[k].value);
			else
				fprintf(out, "%s %llu\n", mn, v[k].value);
		}
	}
	free(v);

	fputs("# HELP sastrace_stats_unparsed_lines Lines of the module's stats file this reader left out (not understood).\n"
	      "# TYPE sastrace_stats_unparsed_lines gauge\n", out);
	fprintf(out, "sastrace_stats_unparsed_lines %u\n", *bad);
	if (x && x->journal) {
		fputs("# HELP sastrace_journal_entries_total Records the reader sent to the journal.\n"
		      "# TYPE sastrace_journal_entries_total counter\n", out);
		fprintf(out, "sastrace_journal_entries_total %llu\n", x->jc.sent);
		fputs("# HELP sastrace_journal_lost_total Records the reader could not send to the journal: queue_full (the journal did not keep up), send_failed (it refused them), unencodable, unsent (still queued at exit).\n"
		      "# TYPE sastrace_journal_lost_total counter\n", out);
		fprintf(out, "sastrace_journal_lost_total{reason=\"queue_full\"} %llu\n",
			x->jc.queue_full);
		fprintf(out, "sastrace_journal_lost_total{reason=\"send_failed\"} %llu\n",
			x->jc.send_failed);
		fprintf(out, "sastrace_journal_lost_total{reason=\"unencodable\"} %llu\n",
			x->jc.unencodable);
		fprintf(out, "sastrace_journal_lost_total{reason=\"unsent\"} %llu\n",
			x->jc.unsent);
	}
	return 0;
}

/**
 * sastrace_prom_print() - `sastrace stats --prometheus`
 * @stats_path: the stats file
 *
 * Return: 0, or -1 after printing why. Lines left out are said on stderr
 * (and counted in the output), not a failure.
 */
int sastrace_prom_print(const char *stats_path)
{
	unsigned int bad;
	FILE *in;
	int ret;

	in = fopen(stats_path, "re");
	if (!in) {
		sastrace_err("cannot open %s: %s", stats_path, strerror(errno));
		return -1;
	}
	ret = sastrace_prom_format(in, stdout, NULL, &bad);
	if (ret)
		sastrace_err("cannot read %s: %s", stats_path, strerror(errno));
	fclose(in);
	if (!ret && bad)
		sastrace_err("%u lines of %s not understood: left out",
			     bad, stats_path);
	if (fflush(stdout)) {
		sastrace_err("cannot write to stdout: %s", strerror(errno));
		return -1;
	}
	return ret;
}

/**
 * sastrace_prom_write() - replace @file with the metrics, atomically
 * @file:       the .prom file (node_exporter reads it at any time: it is
 *              written under a temporary name in the same directory, one
 *              that does not end in .prom, and renamed over it)
 * @stats_path: the stats file
 * @x:          the reader's own counters, or NULL
 * @err:        set to why, on failure
 * @err_size:   its size
 *
 * Return: 0, or -1 (@file is left as it was).
 */
int sastrace_prom_write(const char *file, const char *stats_path,
			const struct sastrace_prom_extra *x, char *err,
			size_t err_size)
{
	char tmp[PATH_MAX];
	unsigned int bad;
	FILE *in, *out;
	int fd, ret;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", file) >= (int)sizeof(tmp)) {
		snprintf(err, err_size, "%s: path too long", file);
		return -1;
	}
	in = fopen(stats_path, "re");
	if (!in) {
		snprintf(err, err_size, "cannot open %s: %s", stats_path,
			 strerror(errno));
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, err_size, "cannot create a file next to %s: %s",
			 file, strerror(errno));
		fclose(in);
		return -1;
	}
	out = fdopen(fd, "w");
	if (!out || fchmod(fd, 0644)) {
		snprintf(err, err_size, "%s: %s", tmp, strerror(errno));
		if (out)
			fclose(out);
		else
			close(fd);
		goto fail;
	}
	ret = sastrace_prom_format(in, out, x, &bad);
	if (ret)
		snprintf(err, err_size, "cannot read %s: %s", stats_path,
			 strerror(errno));
	if (fclose(out) && !ret) {
		snprintf(err, err_size, "cannot write %s: %s", tmp,
			 strerror(errno));
		ret = -1;
	}
	if (ret)
		goto fail;
	if (rename(tmp, file)) {
		snprintf(err, err_size, "cannot rename %s to %s: %s", tmp,
			 file, strerror(errno));
		goto fail;
	}
	fclose(in);
	return 0;
fail:
	unlink(tmp);
	fclose(in);
	return -1;
}
