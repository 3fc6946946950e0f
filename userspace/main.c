// SPDX-License-Identifier: GPL-2.0
/*
 * sastrace: the command line. Parses the command and its options, runs the
 * preflight checks it needs, and hands over to kmod_ops.c, stats.c,
 * altstacks.c or trace.c (summary.c through trace.c).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "altstacks.h"
#include "cgroups.h"
#include "risks.h"
#include "kmod_ops.h"
#include "msg.h"
#include "paths.h"
#include "prometheus.h"
#include "stats.h"
#include "summary.h"
#include "trace.h"

#ifndef SASTRACE_PKG_VERSION
#error "SASTRACE_PKG_VERSION must come from the Makefile (dkms.conf's PACKAGE_VERSION)"
#endif

/*
 * Values of the long options: above any character, so that after a '?' or
 * ':' from getopt_long() optopt says which it was: 0 an unknown long
 * option, a character an unknown short one, one of these a known long
 * option given a value it does not take or missing the one it needs.
 */
enum {
	OPT_HELP = 256,
	OPT_JSON,
	OPT_PID,
	OPT_COMM,
	OPT_COUNT,
	OPT_BUFFER_KB,
	OPT_MODULE,
	OPT_UPROBE,
	OPT_NO_LIBC,
	OPT_JOURNAL,
	OPT_METRICS_FILE,
	OPT_METRICS_INTERVAL,
	OPT_PROMETHEUS,
	OPT_SIGACTION,
	OPT_DURATION,
	OPT_CGROUP,
	OPT_NO_SYMBOLS,
};

/* --metrics-interval's default and range, in seconds. */
#define METRICS_INTERVAL	15
#define METRICS_INTERVAL_MAX	86400

static const char usage[] =
"usage: sastrace [trace] [--json|--journal] [--pid PID] [--comm NAME] [--count N]\n"
"                       [--cgroup PATH] [--metrics-file PATH [--metrics-interval SEC]]\n"
"                       [--no-symbols]\n"
"       sastrace load [--buffer-kb N] [--module PATH] [--uprobe PATH[:SYMBOL]]...\n"
"                     [--no-libc] [--sigaction]\n"
"       sastrace uprobe-param [--uprobe PATH[:SYMBOL]]... [--no-libc]\n"
"       sastrace unload\n"
"       sastrace stats [--prometheus]\n"
"       sastrace altstacks [--json]\n"
"       sastrace risks [--json]\n"
"       sastrace summary [--duration SECONDS] [--pid PID] [--comm NAME]\n"
"                        [--cgroup PATH] [--json]\n"
"       sastrace help\n"
"       sastrace --version\n"
"\n"
"Trace every sigaltstack() call through the sastrace kernel module.\n"
"\n"
"  trace       print each call, merged across CPUs in time order (default)\n"
"    --json      one JSON object per line instead of strace-style text\n"
"    --pid PID   only calls made by process PID (its tgid)\n"
"    --comm NAME only calls made by tasks whose comm is exactly NAME\n"
"    --cgroup PATH  only tasks in the cgroup v2 PATH or below it: a\n"
"                directory of the cgroup2 mount (/sys/fs/cgroup/a) or a\n"
"                path as printed after cgroup= (/a)\n"
"    --count N   exit after printing N calls\n"
"    --journal   send each record to the systemd journal instead, with a\n"
"                field for every JSON key (SASTRACE_HOOK=, SASTRACE_PID=...)\n"
"    --metrics-file PATH  keep the counters in PATH, in Prometheus text\n"
"                format (for node_exporter's textfile collector), replaced\n"
"                atomically every --metrics-interval seconds (default 15)\n"
"    --no-symbols  no function names after callers (caller=FILE+0xOFF\n"
"                <name+0xN>, from the file's ELF symbols or its debug file)\n"
"  load        load the module: --module PATH, else ../sastrace.ko next to\n"
"              this program's directory (a build tree), else the installed\n"
"              (DKMS) module\n"
"    --buffer-kb N  per-CPU ring size in KiB (4 to 65536, decimal)\n"
"    --uprobe PATH[:SYMBOL]  also probe SYMBOL (default sigaltstack) of the\n"
"                   ELF file PATH, e.g. another libc; repeatable\n"
"    --no-libc      do not probe the system libc's sigaltstack()\n"
"    --sigaction    also record every call that installs or changes a\n"
"                   signal's action (rt_sigaction, sigaction, signal)\n"
"              By default the system libc's sigaltstack() is probed too\n"
"              (if a libc.so.6 is found), giving `uprobe` records.\n"
"  uprobe-param  print the uprobes= value `load` would pass (the same\n"
"              options); for /sys/module/sastrace/parameters/uprobes\n"
"  unload      unload the module\n"
"  stats       print the module's counters\n"
"    --prometheus  in Prometheus text exposition format\n"
"  altstacks   list every thread with an alternate signal stack now: pid,\n"
"              tid, comm, stack, flags, size, whether it runs on it\n"
"    --json      one JSON object per line\n"
"  risks       list every thread that has no alternate stack although its\n"
"              process has an SA_ONSTACK handler for SIGSEGV, SIGBUS, SIGILL,\n"
"              SIGFPE or SIGTRAP, and every process whose handlers mix\n"
"              SA_ONSTACK and not\n"
"    --json      one JSON object per line\n"
"  summary     count the records per process until --duration SECONDS\n"
"              end (or Ctrl-C), then print a table like strace -c (most\n"
"              alarming first, a totals row), each process's headroom at\n"
"              delivery as a log2 histogram, and the records dropped\n"
"    --pid PID, --comm NAME, --cgroup PATH  only these, as for trace\n"
"    --json      one JSON document instead\n"
"\n"
"Needs root, debugfs mounted on /sys/kernel/debug and the module loaded.\n"
"Ctrl-C ends a trace and reports how many calls the kernel dropped.\n";

static int usage_error(const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	sastrace_err("%s (see: sastrace help)", msg);
	return SASTRACE_EXIT_USAGE;
}

/* A decimal number in [min, max], or a usage error naming the option. */
static int parse_num(const char *opt, const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max) {
		sastrace_err("%s: '%s' is not a number from %llu to %llu", opt,
			     s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* The name of the long option whose value is @val. */
static const char *long_name(const struct option *longopts, int val)
{
	for (; longopts->name; longopts++)
		if (longopts->val == val)
			return longopts->name;
	return "?";
}

/*
 * getopt_long() over argv[0..argc-1], argv[0] being the command's name.
 * Return: the option, -1 at the end, or '?' after printing a usage error.
 */
static int next_opt(int argc, char **argv, const struct option *longopts)
{
	int c = getopt_long(argc, argv, ":h", longopts, NULL);
	char name[64];

	if (c == '?' && optopt && optopt < OPT_HELP) {
		/* An unknown short option: optind may still be on its word. */
		snprintf(name, sizeof(name), "-%c", (char)optopt);
		usage_error("unknown option '%s'", name);
	} else if (c == '?' && optopt) {
		usage_error("option '--%s' takes no value",
			    long_name(longopts, optopt));
	} else if (c == '?') {
		/* An unknown long option: getopt has moved past its word. */
		snprintf(name, sizeof(name), "%.*s",
			 (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		usage_error("unknown option '%s'", name);
	} else if (c == ':') {
		usage_error("option '--%s' needs a value",
			    long_name(longopts, optopt));
		c = '?';
	} else if (c == -1 && optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
		c = '?';
	}
	if (c == OPT_HELP)
		c = 'h';
	return c;
}

static int cmd_help(void)
{
	fputs(usage, stdout);
	return 0;
}

static int cmd_version(void)
{
	printf("sastrace %s\n", SASTRACE_PKG_VERSION);
	return 0;
}

/* --uprobe PATH[:SYMBOL] and --no-libc, shared by load and uprobe-param. */
static int uprobe_opt(struct sastrace_load_opts *o, int c)
{
	if (c == OPT_NO_LIBC) {
		o->libc = false;
		return 0;
	}
	if (o->n_uprobes == SASTRACE_MAX_UPROBES) {
		sastrace_err("--uprobe: at most %d targets", SASTRACE_MAX_UPROBES);
		return -1;
	}
	o->uprobes[o->n_uprobes++] = optarg;
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "buffer-kb", required_argument, NULL, OPT_BUFFER_KB },
		{ "module", required_argument, NULL, OPT_MODULE },
		{ "uprobe", required_argument, NULL, OPT_UPROBE },
		{ "no-libc", no_argument, NULL, OPT_NO_LIBC },
		{ "sigaction", no_argument, NULL, OPT_SIGACTION },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct sastrace_load_opts o = { .libc = true };
	unsigned long long v;
	int c;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		switch (c) {
		case OPT_BUFFER_KB:
			/* The module's range; decimal, whatever the zeros. */
			if (parse_num("--buffer-kb", optarg,
				      SASTRACE_BUFFER_KB_MIN,
				      SASTRACE_BUFFER_KB_MAX, &v))
				return SASTRACE_EXIT_USAGE;
			o.buffer_kb = v;
			break;
		case OPT_MODULE:
			o.module = optarg;
			break;
		case OPT_SIGACTION:
			o.sigaction = true;
			break;
		case OPT_UPROBE:
		case OPT_NO_LIBC:
			if (uprobe_opt(&o, c))
				return SASTRACE_EXIT_USAGE;
			break;
		case 'h':
			return cmd_help();
		default:
			return SASTRACE_EXIT_USAGE;
		}
	}
	if (sastrace_check_root())
		return SASTRACE_EXIT_FAIL;
	return sastrace_load(&o);
}

static int cmd_uprobe_param(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "uprobe", required_argument, NULL, OPT_UPROBE },
		{ "no-libc", no_argument, NULL, OPT_NO_LIBC },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct sastrace_load_opts o = { .libc = true };
	char *value;
	int c;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		switch (c) {
		case OPT_UPROBE:
		case OPT_NO_LIBC:
			if (uprobe_opt(&o, c))
				return SASTRACE_EXIT_USAGE;
			break;
		case 'h':
			return cmd_help();
		default:
			return SASTRACE_EXIT_USAGE;
		}
	}
	if (sastrace_uprobes_param(&o, &value))
		return SASTRACE_EXIT_FAIL;
	printf("%s\n", value);
	free(value);
	return 0;
}

static int cmd_unload(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	c = next_opt(argc, argv, longopts);
	if (c != -1)
		return c == 'h' ? cmd_help() : SASTRACE_EXIT_USAGE;
	if (sastrace_check_root())
		return SASTRACE_EXIT_FAIL;
	return sastrace_unload();
}

/* What reading the module's debugfs files needs, in the order to fix it. */
static int check_readable(void)
{
	if (sastrace_check_root() || sastrace_check_loaded() ||
	    sastrace_check_debugfs())
		return -1;
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	bool prometheus = false;
	char path[4096];
	int c;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		if (c == OPT_PROMETHEUS)
			prometheus = true;
		else
			return c == 'h' ? cmd_help() : SASTRACE_EXIT_USAGE;
	}
	if (check_readable())
		return SASTRACE_EXIT_FAIL;
	sastrace_stats_path(path, sizeof(path));
	if (prometheus)
		return sastrace_prom_print(path) ? SASTRACE_EXIT_FAIL : 0;
	return sastrace_stats_print(path) ? SASTRACE_EXIT_FAIL : 0;
}

/*
 * altstacks and risks: a listing file of the module's, as it is or (--json)
 * as JSON lines.
 */
static int cmd_listing(int argc, char **argv,
		       int (*path_of)(char *buf, size_t size),
		       int (*print)(const char *path, bool json))
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	char path[4096];
	int c;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else
			return c == 'h' ? cmd_help() : SASTRACE_EXIT_USAGE;
	}
	if (check_readable())
		return SASTRACE_EXIT_FAIL;
	path_of(path, sizeof(path));
	return print(path, json) ? SASTRACE_EXIT_FAIL : 0;
}

/*
 * --pid P, --comm NAME and --cgroup PATH, the record filters trace and
 * summary share, into @o. Return: 0, or -1 (said) when @arg is not a value
 * the option takes.
 */
static int filter_opt(int opt, const char *arg, struct sastrace_trace_opts *o)
{
	static char cgroup[CG_PATH_MAX];
	unsigned long long v;
	char err[PATH_MAX * 3];

	if (opt == OPT_CGROUP) {
		if (sastrace_cgroup_resolve_arg(arg, cgroup, err,
						sizeof(err))) {
			sastrace_err("%s", err);
			return -1;
		}
		o->cgroup = cgroup;
		return 0;
	}

	if (opt == OPT_PID) {
		if (parse_num("--pid", arg, 0, 0xffffffffULL, &v))
			return -1;
		o->has_pid = true;
		o->pid = v;
		return 0;
	}
	/* The kernel keeps 15 bytes: a longer name never matches. */
	if (strlen(arg) >= SASTRACE_COMM_LEN) {
		sastrace_err("--comm: '%s' is longer than the %d bytes the kernel keeps of a comm",
			     arg, SASTRACE_COMM_LEN - 1);
		return -1;
	}
	o->comm = arg;
	return 0;
}

static int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "journal", no_argument, NULL, OPT_JOURNAL },
		{ "metrics-file", required_argument, NULL, OPT_METRICS_FILE },
		{ "metrics-interval", required_argument, NULL,
		  OPT_METRICS_INTERVAL },
		{ "no-symbols", no_argument, NULL, OPT_NO_SYMBOLS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct sastrace_trace_opts o = {
		.metrics_interval = METRICS_INTERVAL,
	};
	unsigned long long v;
	int c;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		switch (c) {
		case OPT_JSON:
			o.json = true;
			break;
		case OPT_PID:
		case OPT_COMM:
		case OPT_CGROUP:
			if (filter_opt(c, optarg, &o))
				return SASTRACE_EXIT_USAGE;
			break;
		case OPT_COUNT:
			if (parse_num("--count", optarg, 1, ~0ULL, &v))
				return SASTRACE_EXIT_USAGE;
			o.count = v;
			break;
		case OPT_JOURNAL:
			o.journal = true;
			break;
		case OPT_NO_SYMBOLS:
			o.no_symbols = true;
			break;
		case OPT_METRICS_FILE:
			/* Empty: none (an unset variable in the unit file). */
			o.metrics_file = *optarg ? optarg : NULL;
			break;
		case OPT_METRICS_INTERVAL:
			if (parse_num("--metrics-interval", optarg, 1,
				      METRICS_INTERVAL_MAX, &v))
				return SASTRACE_EXIT_USAGE;
			o.metrics_interval = v;
			break;
		case 'h':
			return cmd_help();
		default:
			return SASTRACE_EXIT_USAGE;
		}
	}
	if (o.json && o.journal)
		return usage_error("%s", "--json and --journal do not go together: the journal gets every JSON key as a field");
	if (check_readable())
		return SASTRACE_EXIT_FAIL;
	return sastrace_trace(&o);
}

/* The longest --duration: a day, in seconds. */
#define SUMMARY_DURATION_MAX	86400

static int cmd_summary(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct sastrace_summary sum;
	struct sastrace_trace_opts o = { .summary = &sum };
	unsigned long long v;
	int c, status;

	while ((c = next_opt(argc, argv, longopts)) != -1) {
		switch (c) {
		case OPT_DURATION:
			if (parse_num("--duration", optarg, 1,
				      SUMMARY_DURATION_MAX, &v))
				return SASTRACE_EXIT_USAGE;
			o.duration = v;
			break;
		case OPT_PID:
		case OPT_COMM:
		case OPT_CGROUP:
			if (filter_opt(c, optarg, &o))
				return SASTRACE_EXIT_USAGE;
			break;
		case OPT_JSON:
			o.summary_json = true;
			break;
		case 'h':
			return cmd_help();
		default:
			return SASTRACE_EXIT_USAGE;
		}
	}
	if (check_readable())
		return SASTRACE_EXIT_FAIL;
	sastrace_summary_init(&sum);
	status = sastrace_trace(&o);
	sastrace_summary_free(&sum);
	return status;
}

static int run(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "trace";

	opterr = 0;	/* next_opt() prints its own one-line errors */
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h"))
		return cmd_help();
	if (!strcmp(cmd, "--version"))
		return argc > 2 ? usage_error("unexpected argument '%s'",
					      argv[2]) : cmd_version();
	/* Options without a command are trace's: argv[0] stands for it. */
	if (cmd[0] == '-')
		return cmd_trace(argc, argv);
	if (!strcmp(cmd, "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(cmd, "load"))
		return cmd_load(argc - 1, argv + 1);
	if (!strcmp(cmd, "unload"))
		return cmd_unload(argc - 1, argv + 1);
	if (!strcmp(cmd, "uprobe-param"))
		return cmd_uprobe_param(argc - 1, argv + 1);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(argc - 1, argv + 1);
	if (!strcmp(cmd, "altstacks"))
		return cmd_listing(argc - 1, argv + 1, sastrace_altstacks_path,
				   sastrace_altstacks_print);
	if (!strcmp(cmd, "summary"))
		return cmd_summary(argc - 1, argv + 1);
	if (!strcmp(cmd, "risks"))
		return cmd_listing(argc - 1, argv + 1, sastrace_risks_path,
				   sastrace_risks_print);
	return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	int status = run(argc, argv), failed = ferror(stdout);

	/*
	 * Whatever the command printed must have reached stdout: a full disk
	 * or a closed pipe is a failure, not a success with lost output. A
	 * command that failed has said why already.
	 */
	errno = 0;
	failed |= fclose(stdout);
	if (failed && !status) {
		sastrace_err("cannot write to stdout: %s",
			     errno ? strerror(errno) : "write error");
		status = SASTRACE_EXIT_FAIL;
	}
	return status;
}
