/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters (and the reader's own) in Prometheus' text
 * exposition format: `sastrace stats --prometheus`, and the file
 * `sastrace trace --metrics-file` keeps up to date for node_exporter's
 * textfile collector.
 */
#ifndef SASTRACE_PROMETHEUS_H
#define SASTRACE_PROMETHEUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "journal.h"

/* What the reader itself counts, exported with the module's counters. */
struct sastrace_prom_extra {
	bool journal;				/* trace --journal runs */
	struct sastrace_journal_counts jc;
};

int sastrace_prom_format(FILE *in, FILE *out,
			 const struct sastrace_prom_extra *x,
			 unsigned int *bad);
int sastrace_prom_print(const char *stats_path);
int sastrace_prom_write(const char *file, const char *stats_path,
			const struct sastrace_prom_extra *x, char *err,
			size_t err_size);
void sastrace_metrics_tick(const char *file, unsigned int interval,
			   const char *stats, bool journal, bool force);

#endif /* SASTRACE_PROMETHEUS_H */
