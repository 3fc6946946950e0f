// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the command line (userspace/main.c, included here so that
 * its static run() can be called once per input): commands, options and
 * their values (--buffer-kb, --pid, --count, --comm, --uprobe...), with
 * every command's action replaced by a stub that checks what main.c hands
 * over: nothing is loaded, unloaded or read.
 *
 * Input: the arguments after "sastrace", one per line (at most 24).
 *
 * Oracles: ASan/UBSan; `load` gets a buffer_kb of 0 (the default) or in
 * the module's range 4..65536, at most 8 uprobes, each one of the
 * arguments; `trace` gets a count of 0 (none) or more, a pid only with
 * has_pid, a comm shorter than the kernel's 16 bytes; the exit status is
 * 0, 1 (failure) or 2 (usage) and a stub ran only after a 0 from parsing.
 */
#define _GNU_SOURCE	/* memfd_create() */
#include "fuzz.h"

#define SASTRACE_PKG_VERSION "fuzz"
#define main sastrace_real_main
#include "../../userspace/main.c"
#undef main

static char **cur_argv;
static int cur_argc;

static void check_arg(const char *what, const char *s)
{
	int i;

	for (i = 0; i < cur_argc; i++)
		if (s >= cur_argv[i] && s <= cur_argv[i] + strlen(cur_argv[i]))
			return;
	fuzz_fail("%s %p is not inside an argument", what, (const void *)s);
}

int sastrace_load(const struct sastrace_load_opts *o)
{
	int i;

	if (o->buffer_kb &&
	    (o->buffer_kb < SASTRACE_BUFFER_KB_MIN ||
	     o->buffer_kb > SASTRACE_BUFFER_KB_MAX))
		fuzz_fail("load: buffer_kb %u", o->buffer_kb);
	if (o->n_uprobes < 0 || o->n_uprobes > SASTRACE_MAX_UPROBES)
		fuzz_fail("load: %d uprobes", o->n_uprobes);
	for (i = 0; i < o->n_uprobes; i++)
		check_arg("load: --uprobe", o->uprobes[i]);
	if (o->module)
		check_arg("load: --module", o->module);
	return 0;
}

int sastrace_uprobes_param(const struct sastrace_load_opts *o, char **value)
{
	int i;

	if (o->buffer_kb)
		fuzz_fail("uprobe-param: buffer_kb %u", o->buffer_kb);
	if (o->n_uprobes < 0 || o->n_uprobes > SASTRACE_MAX_UPROBES)
		fuzz_fail("uprobe-param: %d uprobes", o->n_uprobes);
	for (i = 0; i < o->n_uprobes; i++)
		check_arg("uprobe-param: --uprobe", o->uprobes[i]);
	*value = strdup("");
	return *value ? 0 : -1;
}

/* `summary` hands sastrace_trace() a summary: nothing to count here. */
void sastrace_summary_init(struct sastrace_summary *s)
{
	memset(s, 0, sizeof(*s));
}

void sastrace_summary_free(struct sastrace_summary *s)
{
	if (s->rows || s->n)
		fuzz_fail("summary: rows that nothing added");
}

/* --cgroup: any absolute PATH is a cgroup, its path itself; else none. */
int sastrace_cgroup_resolve_arg(const char *arg, char *path, char *err,
				size_t esize)
{
	check_arg("--cgroup", arg);
	if (arg[0] != '/' || strlen(arg) >= CG_PATH_MAX) {
		snprintf(err, esize, "--cgroup %s: no such cgroup", arg);
		return -1;
	}
	strcpy(path, arg);
	return 0;
}

int sastrace_trace(const struct sastrace_trace_opts *o)
{
	if (o->summary) {
		/* Only trace's filters; a duration of a day at most (0: none). */
		if (o->duration > 86400)
			fuzz_fail("summary: --duration %u", o->duration);
		if (o->json || o->journal || o->count || o->metrics_file ||
		    o->metrics_interval)
			fuzz_fail("summary: a trace option set");
	} else if (o->summary_json || o->duration) {
		fuzz_fail("trace: a summary option set");
	}
	if (o->cgroup && (o->cgroup[0] != '/' ||
			  strlen(o->cgroup) >= CG_PATH_MAX))
		fuzz_fail("trace: cgroup '%s'", o->cgroup);
	if (o->comm) {
		check_arg("trace: --comm", o->comm);
		if (strlen(o->comm) >= SASTRACE_COMM_LEN)
			fuzz_fail("trace: comm '%s'", o->comm);
	}
	if (!o->has_pid && o->pid)
		fuzz_fail("trace: pid %u without has_pid", o->pid);
	if (o->json && o->journal)
		fuzz_fail("trace: --json and --journal");
	if (o->metrics_file) {
		check_arg("trace: --metrics-file", o->metrics_file);
		if (!*o->metrics_file)
			fuzz_fail("trace: an empty --metrics-file");
	}
	if (!o->summary &&
	    (o->metrics_interval < 1 || o->metrics_interval > 86400))
		fuzz_fail("trace: --metrics-interval %u", o->metrics_interval);
	return 0;
}

int sastrace_unload(void) { return 0; }
int sastrace_check_root(void) { return 0; }
int sastrace_check_loaded(void) { return 0; }
int sastrace_check_debugfs(void) { return 0; }
int sastrace_stats_path(char *buf, unsigned long size)
{
	return snprintf(buf, size, "/nonexistent/stats");
}
int sastrace_stats_print(const char *path) { return path ? 0 : -1; }
int sastrace_prom_print(const char *path) { return path ? 0 : -1; }
int sastrace_altstacks_path(char *buf, size_t size)
{
	return snprintf(buf, size, "/nonexistent/altstacks");
}
int sastrace_altstacks_print(const char *path, bool json)
{
	(void)json;
	return path ? 0 : -1;
}
int sastrace_risks_path(char *buf, size_t size)
{
	return snprintf(buf, size, "/nonexistent/risks");
}
int sastrace_risks_print(const char *path, bool json)
{
	(void)json;
	return path ? 0 : -1;
}

FUZZ_QUIET_STDOUT()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *p = text, *argv[26];
	int argc = 0, status;

	argv[argc++] = "sastrace";
	while (p && argc < 25)
		argv[argc++] = strsep(&p, "\n");
	argv[argc] = NULL;
	cur_argv = argv;
	cur_argc = argc;
	optind = 0;	/* glibc: start over, forget the last input's state */
	status = run(argc, argv);
	if (status != 0 && status != SASTRACE_EXIT_FAIL &&
	    status != SASTRACE_EXIT_USAGE)
		fuzz_fail("exit status %d", status);
	free(text);
	return 0;
}
