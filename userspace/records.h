/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the per-CPU raw files: whole records, checked against the ABI
 * this reader was built with, merged across CPUs in timestamp order.
 */
#ifndef SASTRACE_RECORDS_H
#define SASTRACE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/limits.h>
#include "format.h"

/*
 * What every version's record starts with: magic, version, size. The
 * reader steps by each record's own size (ABI versions 4 and 5: a header
 * and a payload that only grows by appending; version 4's header is 48
 * bytes, read as version 5's without its last fields), reads the prefix it knows of the
 * payload of a kind it knows, and skips kinds it does not know. Sizes
 * above this (or not a multiple of 8) are refused as not sane.
 */
#define SASTRACE_HDR_SIZE	8
#define SASTRACE_REC_SIZE_MAX	8192
/* Records asked for per read(): the kernel only returns whole records. */
#define SASTRACE_READ_RECS	64

/* A read ended because the module went away (or the file did). */
#define SASTRACE_READ_GONE	(-1)
/* A record was refused, or read() failed: the message is printed. */
#define SASTRACE_READ_ERROR	(-2)

/* Records read from all CPUs in one round, to be printed in ts order. */
struct sastrace_batch {
	struct sastrace_any *recs;		/* in read order, CPU by CPU */
	const struct sastrace_any **order;	/* by ts, after _sort() */
	size_t n, cap;
};

/* Kinds of skipped records remembered for the message (the first ones). */
#define SASTRACE_SKIPPED_KINDS	8

/*
 * Records of kinds this reader does not know (a newer module's), skipped:
 * how many, and which kinds (the first SASTRACE_SKIPPED_KINDS of them).
 */
struct sastrace_skipped {
	unsigned long long n;
	unsigned int nkinds;
	unsigned int kinds[SASTRACE_SKIPPED_KINDS];
};

/* One open cpu<N>/raw file. */
struct sastrace_cpu {
	unsigned int cpu;
	int fd;
	bool on_debugfs;	/* EOF means "gone" there, "no data yet" else */
	bool hup;		/* poll() said POLLHUP/POLLERR */
	size_t len;		/* bytes of a partial record kept in buf */
	size_t cap;		/* size of buf: SASTRACE_READ_RECS records of
				 * the largest size seen, at least of the
				 * largest kind this reader knows, and at
				 * least SASTRACE_REC_SIZE_MAX
				 */
	unsigned char *buf;
	char path[PATH_MAX];
};

int sastrace_record_check(const void *hdr, unsigned int cpu, char *msg,
			  size_t size);
size_t sastrace_header_size(unsigned int version);
void sastrace_record_read_header(struct sastrace_header *h, const void *rec);
int sastrace_record_kind_check(const struct sastrace_header *h,
			       unsigned int cpu,
			       const struct sastrace_kind_desc **kind,
			       char *msg, size_t size);

void sastrace_batch_init(struct sastrace_batch *b);
void sastrace_batch_free(struct sastrace_batch *b);
int sastrace_batch_add(struct sastrace_batch *b, const void *rec,
		       size_t len);

extern struct sastrace_skipped sastrace_skipped;
void sastrace_skipped_report(void);
int sastrace_batch_sort(struct sastrace_batch *b);

int sastrace_cpus_open(const char *debugfs_root, struct sastrace_cpu **cpus,
		       unsigned int *n);
void sastrace_cpus_close(struct sastrace_cpu *cpus, unsigned int n);
int sastrace_cpu_read(struct sastrace_cpu *c, struct sastrace_batch *b,
		      size_t max);

#endif /* SASTRACE_RECORDS_H */
