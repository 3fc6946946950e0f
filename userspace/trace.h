/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace [trace]`: follow the per-CPU rings and print every record.
 */
#ifndef SASTRACE_TRACE_H
#define SASTRACE_TRACE_H

#include <stdbool.h>
#include "uapi/sastrace_record.h"
#include "summary.h"

struct sastrace_trace_opts {
	bool json;			/* JSON lines instead of text */
	bool no_symbols;		/* no function names for callers */
	bool has_pid;
	__u32 pid;			/* only this tgid, if has_pid */
	const char *comm;		/* only this exact comm, if set */
	const char *cgroup;		/* only tasks in this cgroup (its path
					 * in the cgroup2 mount) or below it,
					 * if set
					 */
	unsigned long long count;	/* stop after this many; 0: never */
	bool journal;			/* to the journal, not stdout */
	const char *metrics_file;	/* keep Prometheus metrics here */
	unsigned int metrics_interval;	/* every this many seconds */
	/*
	 * `sastrace summary`: count the records here instead of printing
	 * them, and print the summary when the trace ends (summary.h)
	 */
	struct sastrace_summary *summary;
	bool summary_json;		/* the summary as one JSON document */
	unsigned int duration;		/* end after this many seconds; 0:
					 * only SIGINT/SIGTERM end it
					 */
};

int sastrace_trace(const struct sastrace_trace_opts *o);

#endif /* SASTRACE_TRACE_H */
