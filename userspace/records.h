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
#include "uapi/sastrace_record.h"

#define SASTRACE_REC_SIZE	sizeof(struct sastrace_record)
/*
 * What every version's record starts with: magic, version, size. The format
 * is append-only, so a newer module's records are larger; the reader steps
 * by each record's own size and reads the fields it knows. Sizes above this
 * (or not a multiple of 8, which any struct of __u64 fields is) are refused
 * as not sane.
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
	struct sastrace_record *recs;		/* in read order, CPU by CPU */
	const struct sastrace_record **order;	/* by ts, after _sort() */
	size_t n, cap;
};

/* One open cpu<N>/raw file. */
struct sastrace_cpu {
	unsigned int cpu;
	int fd;
	bool on_debugfs;	/* EOF means "gone" there, "no data yet" else */
	bool hup;		/* poll() said POLLHUP/POLLERR */
	size_t len;		/* bytes of a partial record kept in buf */
	size_t cap;		/* size of buf: SASTRACE_READ_RECS records of
				 * the largest size seen, at least this
				 * version's (more than SASTRACE_REC_SIZE_MAX)
				 */
	unsigned char *buf;
	char path[PATH_MAX];
};

int sastrace_record_check(const void *hdr, unsigned int cpu, char *msg,
			  size_t size);

void sastrace_batch_init(struct sastrace_batch *b);
void sastrace_batch_free(struct sastrace_batch *b);
int sastrace_batch_add(struct sastrace_batch *b,
		       const struct sastrace_record *r);
int sastrace_batch_sort(struct sastrace_batch *b);

int sastrace_cpus_open(const char *debugfs_root, struct sastrace_cpu **cpus,
		       unsigned int *n);
void sastrace_cpus_close(struct sastrace_cpu *cpus, unsigned int n);
int sastrace_cpu_read(struct sastrace_cpu *c, struct sastrace_batch *b,
		      size_t max);

#endif /* SASTRACE_RECORDS_H */
