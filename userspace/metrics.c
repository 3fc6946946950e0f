// SPDX-License-Identifier: GPL-2.0
/*
 * `sastrace trace --metrics-file PATH`: the trace loop keeps PATH, the
 * counters in Prometheus text format (prometheus.c), up to date for
 * node_exporter's textfile collector. The reader writes it rather than a
 * timer unit running `sastrace stats --prometheus`, because some of the
 * counters exist only in the reader (the records the journal did not
 * take) and because a file the reader stops refreshing when it dies is
 * what node_exporter's node_textfile_mtime_seconds lets one alert on.
 */
#include <limits.h>
#include <stdbool.h>
#include <time.h>
#include "journal.h"
#include "msg.h"
#include "prometheus.h"

/* sastrace_metrics_tick()'s state: when the file is due, whether it fails. */
static struct timespec metrics_next;
static bool metrics_started, metrics_failing;

/**
 * sastrace_metrics_tick() - rewrite the metrics file when it is due
 * @file:     the .prom file
 * @interval: seconds between writes
 * @stats:    the stats file
 * @journal:  whether --journal runs (its counts are exported too)
 * @force:    write now (the first and the last time)
 *
 * A failure is said once, and so is the first success after failures:
 * the trace goes on either way.
 */
void sastrace_metrics_tick(const char *file, unsigned int interval,
			   const char *stats, bool journal, bool force)
{
	struct sastrace_prom_extra x = { .journal = journal };
	struct timespec now;
	char err[PATH_MAX + 128];

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && metrics_started &&
	    (now.tv_sec < metrics_next.tv_sec ||
	     (now.tv_sec == metrics_next.tv_sec &&
	      now.tv_nsec < metrics_next.tv_nsec)))
		return;
	metrics_started = true;
	metrics_next = now;
	metrics_next.tv_sec += interval;
	if (journal)
		sastrace_journal_get_counts(&x.jc);
	if (sastrace_prom_write(file, stats, &x, err, sizeof(err))) {
		if (!metrics_failing)
			sastrace_err("--metrics-file: %s (will retry every %u s)",
				     err, interval);
		metrics_failing = true;
	} else if (metrics_failing) {
		sastrace_err("--metrics-file: %s written again", file);
		metrics_failing = false;
	}
}
