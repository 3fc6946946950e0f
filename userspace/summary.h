/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace summary`: per-process counts of the records read, the headroom
 * left at each delivery on an alternate stack as a log2 histogram, and the
 * records the kernel dropped meanwhile; printed as a table (like
 * `strace -c`) with bpftrace-style hist() bars, or as one JSON document.
 * Pure: no files, no terminal; the command (trace.c) feeds it records and
 * tells it the width and the drops.
 */
#ifndef SASTRACE_SUMMARY_H
#define SASTRACE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "uapi/sastrace_record.h"

/*
 * Buckets of a headroom histogram: [0] negative values, [1] 0, [2] 1, and
 * [k + 2] 2^k to 2^(k+1) - 1 for k = 1..62 (the last holds INT64_MAX).
 */
#define SASTRACE_SUM_BUCKETS	65
/* Distinct errnos a row counts by name; more go to the last one's "other". */
#define SASTRACE_SUM_ERRNOS	8

/**
 * struct sastrace_sum_errno - failed calls with one errno
 * @err: the positive errno (what the call returned, negated)
 * @n:   how many
 */
struct sastrace_sum_errno {
	int err;
	unsigned long long n;
};

/**
 * struct sastrace_sum_hv - a headroom value and how many deliveries had it
 * @v: the headroom, in bytes
 * @n: how many
 */
struct sastrace_sum_hv {
	__s64 v;
	unsigned long long n;
};

/**
 * struct sastrace_sum_row - everything counted for one process (or, as the
 * total row, for all of them)
 * @pid:         the process (tgid)
 * @comm:        the comm of its latest record (maybe unterminated)
 * @set:         calls (kprobe and compat hooks) whose ss asked for a stack
 * @disable:     calls whose ss had SS_DISABLE
 * @query:       calls with ss NULL (only asking for the old stack)
 * @errors:      calls that failed (ret < 0), whatever their ss
 * @errnos:      @errors by errno, in order of first appearance
 * @nerrnos:     entries used in @errnos
 * @errors_other: failures beyond SASTRACE_SUM_ERRNOS distinct errnos
 * @toctou:      calls flagged TOCTOU (installed differs from ss as read)
 * @small:       calls flagged SMALL (stack below AT_MINSIGSTKSZ)
 * @deliver:     signal frames set up on the alternate stack
 * @overflow:    frames that did not fit on it
 * @onstack_unavailable: SA_ONSTACK handlers run without an alternate stack
 * @frame_fault: frames that would fit but could not be written
 * @has_size:    a successful call installed a stack (@last_size is valid)
 * @last_size:   ss_size of the last stack a successful call installed
 * @headrooms:   the headrooms of the deliveries, each distinct value once
 *               with its count, in increasing order (few distinct values:
 *               a process's frames take a few sizes)
 * @nhv:         entries used in @headrooms
 * @caph:        room in @headrooms
 * @nh:          deliveries in @headrooms (the sum of the counts)
 * @hist:        @headrooms as a log2 histogram (SASTRACE_SUM_BUCKETS)
 */
struct sastrace_sum_row {
	__u32 pid;
	char comm[SASTRACE_COMM_LEN];
	unsigned long long set, disable, query, errors;
	struct sastrace_sum_errno errnos[SASTRACE_SUM_ERRNOS];
	unsigned int nerrnos;
	unsigned long long errors_other;
	unsigned long long toctou, small;
	unsigned long long deliver, overflow, onstack_unavailable, frame_fault;
	bool has_size;
	__u64 last_size;
	struct sastrace_sum_hv *headrooms;
	size_t nhv, caph;
	unsigned long long nh;
	unsigned long long hist[SASTRACE_SUM_BUCKETS];
};

/**
 * struct sastrace_sum_drops - records lost while the summary was taken,
 * from the difference of two readings of the `stats` file
 * @known:   both readings had the counters (else the rest is 0)
 * @dropped: records the rings dropped (ring full), all CPUs
 * @ncpu:    entries of @per_cpu: the CPUs `stats` lists (cpu<N>.dropped)
 * @per_cpu: dropped per CPU, index N for cpu<N> (NULL when @ncpu is 0)
 * @missed:  calls the syscall hooks could not record (kretprobe instances
 *           all in use)
 * @consumed_known: both readings had events, dropped and unread
 * @consumed: records read from the rings meanwhile, by any reader (growth
 *           of events less dropped less unread)
 * @read:    records the summary read meanwhile, of any kind and before
 *           --pid/--comm (set by the caller); fewer than @consumed: another
 *           reader took the rest (sastrace_sum_taken())
 * @unread_known: the end reading had unread
 * @unread_end: unread at the end reading
 * @left:    records left in the rings at the end, not counted (set by the
 *           caller when it could not drain them)
 */
struct sastrace_sum_drops {
	bool known;
	unsigned long long dropped;
	unsigned int ncpu;
	unsigned long long *per_cpu;
	unsigned long long missed;
	bool consumed_known;
	unsigned long long consumed, read;
	bool unread_known;
	unsigned long long unread_end, left;
};

/**
 * struct sastrace_summary - the rows of a summary
 * @rows: one per process, in order of first record until sorted
 * @n:    how many
 * @cap:  room in @rows
 * @slots: pid -> row: open addressing, row index + 1 (0: empty); NULL
 *        until the first row, and again after sorting (rebuilt when needed)
 * @nslots: size of @slots, a power of 2 (0 with it NULL)
 * @since_ns: records older than this (ts_ns, CLOCK_MONOTONIC) are not
 *        counted: they were in the rings before the summary began
 * @until_ns: records newer than this are not counted (0: no end yet)
 * @old:  records left out as older than @since_ns
 * @late: records left out as newer than @until_ns
 */
struct sastrace_summary {
	struct sastrace_sum_row *rows;
	size_t n, cap;
	size_t *slots, nslots;
	__u64 since_ns, until_ns;
	unsigned long long old, late;
};

void sastrace_summary_init(struct sastrace_summary *s);
void sastrace_summary_free(struct sastrace_summary *s);
int sastrace_summary_add(struct sastrace_summary *s,
			 const struct sastrace_header *h);
void sastrace_summary_sort(struct sastrace_summary *s);
int sastrace_summary_total(const struct sastrace_summary *s,
			   struct sastrace_sum_row *total);
void sastrace_sum_row_free(struct sastrace_sum_row *r);

unsigned int sastrace_sum_bucket(__s64 v);
int sastrace_sum_bucket_label(char *buf, size_t size, unsigned int b);
int sastrace_sum_median(const struct sastrace_sum_row *r, __s64 *min,
			__s64 *median);

int sastrace_sum_drops(const char *start, const char *end,
		       struct sastrace_sum_drops *d);
unsigned long long sastrace_sum_taken(const struct sastrace_sum_drops *d);
void sastrace_sum_drops_free(struct sastrace_sum_drops *d);

int sastrace_summary_print(FILE *f, struct sastrace_summary *s,
			   const struct sastrace_sum_drops *d,
			   unsigned int width);
int sastrace_summary_json(FILE *f, struct sastrace_summary *s,
			  const struct sastrace_sum_drops *d);

#endif /* SASTRACE_SUMMARY_H */
