// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a fake sastrace debugfs tree for the reader's end-to-end tests:
 *   gen_records DIR SCENARIO
 * creates DIR/sastrace/per_cpu/cpu{0,1}/raw (records, as the module would
 * return them) and DIR/sastrace/stats. Scenarios:
 *   basic       six records over two CPUs, out of order across CPUs, with
 *               every kind of argument, hook and comm escaping
 *   badmagic    cpu1 holds a record with a bad magic
 *   split       cpu0 holds one record and half of another; the other half
 *               is written to DIR/rest, for the test to append later
 *   many        5000 records per CPU, interleaved in time (cpu0 even ts,
 *               cpu1 odd), so the merge spans several read rounds
 *   oldversion  cpu1 holds a version 3 record (the flat records of before
 *               the header and payloads: 264 bytes)
 *   newer       a newer module: cpu1 holds two call records of 304 bytes
 *               (a 64-byte tail of 0xa5 this reader does not know), cpu0
 *               one of this reader's size, in between in time
 *   big         cpu0 holds 5 call records of 8192 bytes (the largest
 *               taken), more than the first read() takes
 *   oversize    cpu1 holds a call record of 8200 bytes
 *   undersize   cpu1 holds a call record of 200 bytes (a payload shorter
 *               than the first version's)
 *   future      a much newer module: the records of "basic", each with 40
 *               more bytes of payload, three records of kinds this reader
 *               does not know (99 of 80 bytes on both CPUs, 7 of 64 on
 *               cpu1) in between, and a signal record with 40 more bytes
 *               last
 *   cgroups     records of tasks in the cgroups whose ids (inode numbers
 *               of the fake cgroup2 tree's directories) are in the
 *               environment: CG_ROOT, CG_A (/a), CG_B (/a/b), CG_AB
 *               (/ab), CG_SP (/sp ace); one in a cgroup no directory has,
 *               one of a version 4 module (48-byte header), some in a pid
 *               namespace; the expected output is in run.sh
 *   summary     for `sastrace summary`: two processes' calls and signals
 *               over two CPUs (the last size installed is known only in
 *               time order), a uprobe record and a sigaction record (not
 *               counted); the expected summary is in run.sh; their
 *               times an hour from now (after the summary's start)
 *   summary-old the same, from before any summary's start
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "fixtures.h"

static const char *root;

static void die(const char *what)
{
	fprintf(stderr, "gen_records: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void mkdirs(void)
{
	static const char * const dirs[] = {
		"", "/sastrace", "/sastrace/per_cpu", "/sastrace/per_cpu/cpu0",
		"/sastrace/per_cpu/cpu1",
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		if (mkdir(path, 0755) && errno != EEXIST)
			die(path);
	}
}

static void write_bytes(const char *name, const void *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		die(path);
}

/* Records one after the other, each of its own size, as the raw file. */
static void write_cpu(unsigned int cpu, const struct fx_rec *r, size_t n)
{
	unsigned char *buf = malloc(n * sizeof(*r) + 1), *p = buf;
	char name[64];
	size_t i;

	if (!buf)
		die("malloc");
	for (i = 0; i < n; i++) {
		memcpy(p, &r[i], fx_size(&r[i]));
		p += fx_size(&r[i]);
	}
	snprintf(name, sizeof(name), "sastrace/per_cpu/cpu%u/raw", cpu);
	write_bytes(name, buf, p - buf);
	free(buf);
}

static void write_stats(void)
{
	static const char stats[] =
		"events 6\ndropped 5\nfaults 1\nmissed 0\n"
		"cpu0.events 3\ncpu0.dropped 2\ncpu0.faults 1\n"
		"cpu1.events 3\ncpu1.dropped 3\ncpu1.faults 0\n";

	write_bytes("sastrace/stats", stats, strlen(stats));
}

/* The records of "basic"; the expected output is in run.sh. */
static void basic_records(struct fx_rec cpu0[3], struct fx_rec cpu1[3])
{
	/* A */
	cpu0[0] = fx_record(1000000100ULL, 0, 100, 100, "sleep",
			    SASTRACE_HOOK_KPROBE,
			    fx_value(0x7ffd000, 0x7f1200,
				     SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM,
				     8192),
			    fx_null(), 0);
	/* B: comm with a space, a quote and a backslash */
	cpu0[1] = fx_record(3000000000ULL, 0, 200, 201, "a b\"c\\d",
			    SASTRACE_HOOK_KPROBE,
			    fx_raw(SASTRACE_ARG_FAULT, 0xdead000),
			    fx_raw(SASTRACE_ARG_UNWRITTEN, 0x1000), -14);
	/* C: ss read late (it faulted at entry) */
	cpu0[2] = fx_record(5000000000ULL, 0, 100, 102, "sleep",
			    SASTRACE_HOOK_UPROBE,
			    fx_value(0x7ffd000, 0, SASTRACE_SS_DISABLE, 0),
			    fx_value(0x7ffd100, 0x7f1200, SASTRACE_SS_ONSTACK,
				     8192), 0);
	cpu0[2].call.rflags = SASTRACE_RF_SS_LATE;
	fx_caller(&cpu0[2], 0x55d0c0001234ULL, 0x1234, "sleep");
	/* D: earliest of all, control and non-ASCII bytes in comm */
	cpu1[0] = fx_record(500, 1, 1, 1, "\x01tab\t\xff", SASTRACE_HOOK_COMPAT,
			    fx_value(0xffd000, 0x1000, SASTRACE_SS_DISABLE | 0x4,
				     4096),
			    fx_null(), -22);
	/* E: a 16-byte comm with no NUL */
	cpu1[1] = fx_record(2000000000ULL, 1, 100, 100, "0123456789abcdef",
			    SASTRACE_HOOK_KPROBE, fx_null(),
			    fx_value(0x7ffd000, 0, SASTRACE_SS_DISABLE, 0), 0);
	/* F: same ts as B; unknown hook, flags and errno */
	cpu1[2] = fx_record(3000000000ULL, 1, 300, 300, "sleep", 9,
			    fx_value(0x7ffd000, 0x2000, 0x4, 2048), fx_null(),
			    -200);
}

static void basic(void)
{
	struct fx_rec cpu0[3], cpu1[3];

	basic_records(cpu0, cpu1);
	write_cpu(0, cpu0, 3);
	write_cpu(1, cpu1, 3);
}

static void bad(int version)
{
	struct fx_rec ok, r;

	ok = fx_record(1000, 0, 1, 1, "ok", SASTRACE_HOOK_KPROBE, fx_null(),
		       fx_null(), 0);
	r = fx_record(2000, 1, 2, 2, "bad", SASTRACE_HOOK_KPROBE, fx_null(),
		      fx_null(), 0);
	if (version) {
		/* A flat record of version 3 was 264 bytes. */
		r.h.version = version;
		r.h.size = 264;
	} else {
		r.h.magic = 0xdeadbeef;
	}
	write_cpu(0, &ok, 1);
	write_cpu(1, &r, 1);
}

/*
 * A record made @size bytes long: its own bytes, then 0xa5 (a newer
 * module's fields), or cut short. The buffer has room for the record's own
 * size whatever @size is.
 */
static unsigned char *sized(struct fx_rec r, size_t size)
{
	size_t own = fx_size(&r);
	unsigned char *p = malloc(size > own ? size : own);

	if (!p)
		die("malloc");
	memset(p, 0xa5, size > own ? size : own);
	r.h.size = size;
	memcpy(p, &r, own);
	return p;
}

static void newer(void)
{
	unsigned char buf[2 * 304], *p;
	struct fx_rec r;

	r = fx_record(1500, 1, 7, 8, "newer", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7ffd000, 0x10000, 0, 16384), fx_null(), 0);
	p = sized(r, 304);
	memcpy(buf, p, 304);
	free(p);
	r = fx_record(3000, 1, 7, 9, "newer2", SASTRACE_HOOK_KPROBE, fx_null(),
		      fx_null(), -14);
	p = sized(r, 304);
	memcpy(buf + 304, p, 304);
	free(p);
	write_bytes("sastrace/per_cpu/cpu1/raw", buf, sizeof(buf));
	r = fx_record(2000, 0, 5, 5, "v3", SASTRACE_HOOK_KPROBE, fx_null(),
		      fx_null(), 0);
	write_cpu(0, &r, 1);
}

static void big(void)
{
	static unsigned char buf[5 * 8192];
	unsigned char *p;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		p = sized(fx_record(1000 + i, 0, 1, 100 + i, "big",
				    SASTRACE_HOOK_KPROBE, fx_null(), fx_null(),
				    0), 8192);
		memcpy(buf + i * 8192, p, 8192);
		free(p);
	}
	write_bytes("sastrace/per_cpu/cpu0/raw", buf, sizeof(buf));
	write_bytes("sastrace/per_cpu/cpu1/raw", "", 0);
}

static void badsize(size_t size)
{
	struct fx_rec ok = fx_record(1000, 0, 1, 1, "ok", SASTRACE_HOOK_KPROBE,
				     fx_null(), fx_null(), 0);
	unsigned char *p = sized(fx_record(2000, 1, 2, 2, "bad",
					   SASTRACE_HOOK_KPROBE, fx_null(),
					   fx_null(), 0), size);

	write_cpu(0, &ok, 1);
	write_bytes("sastrace/per_cpu/cpu1/raw", p, size);
	free(p);
}

/* Append @size bytes of record @r (see sized()) to @buf at *@len. */
static void put(unsigned char *buf, size_t *len, const struct fx_rec *r,
		size_t size)
{
	unsigned char *p = sized(*r, size);

	memcpy(buf + *len, p, size);
	*len += size;
	free(p);
}

/* A record of a kind this reader does not know, of @size bytes. */
static struct fx_rec unknown_kind(__u16 kind, size_t size, __u64 ts)
{
	struct fx_rec r;

	fx_header(&r, kind, size - sizeof(r.h), ts, 0, 66, 66, "future", 1);
	memset(r.pad, 0x5a, size - sizeof(r.h));
	return r;
}

static void future(void)
{
	static unsigned char buf[2][8 * 512];
	struct fx_rec cpu0[3], cpu1[3], r;
	size_t len[2] = { 0, 0 };
	unsigned int i;

	basic_records(cpu0, cpu1);
	r = unknown_kind(99, 80, 900000000ULL);
	put(buf[0], &len[0], &r, fx_size(&r));
	for (i = 0; i < 3; i++) {
		put(buf[0], &len[0], &cpu0[i], fx_size(&cpu0[i]) + 40);
		put(buf[1], &len[1], &cpu1[i], fx_size(&cpu1[i]) + 40);
		if (i == 1) {
			r = unknown_kind(7, 64, 2500000000ULL);
			put(buf[1], &len[1], &r, fx_size(&r));
			r = unknown_kind(99, 80, 2600000000ULL);
			put(buf[1], &len[1], &r, fx_size(&r));
		}
	}
	r = fx_signal(6000000000ULL, SASTRACE_SIG_DELIVER, 11, 0x401136,
		      0x4c8e40, fx_value(0, 0x4c0000, 0, 65536), 0x8e40);
	r.sig.frame_size = 0x4d0000 - 0x4c8e40;
	put(buf[1], &len[1], &r, fx_size(&r) + 40);
	write_bytes("sastrace/per_cpu/cpu0/raw", buf[0], len[0]);
	write_bytes("sastrace/per_cpu/cpu1/raw", buf[1], len[1]);
}

static void split(void)
{
	unsigned char buf[2 * sizeof(struct fx_rec)];
	struct fx_rec r[2];
	size_t len = 0;

	r[0] = fx_record(1000, 0, 1, 1, "first", SASTRACE_HOOK_KPROBE,
			 fx_null(), fx_null(), 0);
	r[1] = fx_record(2000, 0, 1, 1, "second", SASTRACE_HOOK_KPROBE,
			 fx_null(), fx_null(), 0);
	put(buf, &len, &r[0], fx_size(&r[0]));
	put(buf, &len, &r[1], fx_size(&r[1]));
	write_bytes("sastrace/per_cpu/cpu0/raw", buf, fx_size(&r[0]) + 60);
	write_bytes("sastrace/per_cpu/cpu1/raw", "", 0);
	write_bytes("rest", buf + fx_size(&r[0]) + 60, fx_size(&r[1]) - 60);
}

static void many(void)
{
	static struct fx_rec r[2][5000];
	unsigned int cpu, i;

	for (cpu = 0; cpu < 2; cpu++)
		for (i = 0; i < 5000; i++)
			r[cpu][i] = fx_record(2ULL * i + cpu, cpu, 10 + cpu, i,
					      "many", SASTRACE_HOOK_KPROBE,
					      fx_null(), fx_null(), 0);
	write_cpu(0, r[0], 5000);
	write_cpu(1, r[1], 5000);
}

/* A signal record of @pid on @cpu. */
static struct fx_rec sum_sig(__u64 ts, __u32 cpu, __u32 pid, const char *comm,
			     __u32 event, __s64 headroom)
{
	struct fx_rec r;

	fx_header(&r, SASTRACE_KIND_SIGNAL, sizeof(r.sig), ts, cpu, pid, pid,
		  comm, SASTRACE_HOOK_SIGNAL);
	r.sig.event = event;
	r.sig.signo = 11;
	r.sig.altstack = fx_value(0, 0x10000, 0, 8192);
	r.sig.headroom = headroom;
	return r;
}

static void summary(bool old)
{
	struct fx_rec cpu0[5], cpu1[7];

	cpu0[0] = fx_record(1000, 0, 100, 100, "app", SASTRACE_HOOK_KPROBE,
			    fx_value(1, 0x10000, 0, 8192), fx_null(), 0);
	cpu0[1] = sum_sig(3000, 0, 100, "app", SASTRACE_SIG_DELIVER, 5000);
	cpu0[2] = fx_record(4000, 0, 100, 101, "app", SASTRACE_HOOK_KPROBE,
			    fx_value(1, 0x20000, 0, 32768), fx_null(), 0);
	cpu0[3] = fx_record(5000, 0, 200, 200, "crash", SASTRACE_HOOK_KPROBE,
			    fx_value(1, 0x30000, 0, 2048), fx_null(), 0);
	cpu0[3].call.rflags = SASTRACE_RF_SMALL;
	cpu0[3].call.min_sigstksz = 3440;
	cpu0[4] = sum_sig(7000, 0, 200, "crash", SASTRACE_SIG_OVERFLOW, 2048);
	cpu1[0] = fx_record(2000, 1, 100, 100, "app", SASTRACE_HOOK_KPROBE,
			    fx_value(1, 0x40000, 0, 16384), fx_null(), 0);
	cpu1[1] = fx_record(2500, 1, 100, 100, "app", SASTRACE_HOOK_UPROBE,
			    fx_value(1, 0x40000, 0, 16384), fx_null(), 0);
	cpu1[2] = fx_sigaction(2600, 11, fx_sigact(0x401000,
						   SASTRACE_SA_ONSTACK, 0, 0),
			       fx_sigact(0, 0, 0, 0), 0, 0);
	cpu1[3] = fx_record(6000, 1, 100, 100, "app", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_value(0, 0x20000, 0, 32768), 0);
	cpu1[4] = fx_record(6500, 1, 100, 100, "app", SASTRACE_HOOK_KPROBE,
			    fx_value(1, 0x20000, 4, 65536),
			    fx_raw(SASTRACE_ARG_UNWRITTEN, 2), -22);
	cpu1[5] = sum_sig(8000, 1, 100, "app", SASTRACE_SIG_DELIVER, 100);
	cpu1[6] = sum_sig(9000, 1, 100, "app", SASTRACE_SIG_DELIVER, 300);
	/*
	 * `sastrace summary` counts only records from after its start
	 * (CLOCK_MONOTONIC, the records' clock): an hour from now, unless
	 * @old (records from before it: none counted).
	 */
	if (!old) {
		struct timespec now;
		__u64 base;
		int i;

		clock_gettime(CLOCK_MONOTONIC, &now);
		base = ((__u64)now.tv_sec + 3600) * 1000000000ULL;
		for (i = 0; i < 5; i++)
			cpu0[i].h.ts_ns += base;
		for (i = 0; i < 7; i++)
			cpu1[i].h.ts_ns += base;
	}
	write_cpu(0, cpu0, 5);
	write_cpu(1, cpu1, 7);
}

/* The id a cgroup-tree variable of the environment holds. */
static __u64 cg_env(const char *name)
{
	const char *v = getenv(name);

	if (!v) {
		fprintf(stderr, "gen_records: %s is not set\n", name);
		exit(2);
	}
	return strtoull(v, NULL, 10);
}

static void cgroups(void)
{
	struct fx_rec cpu0[4], cpu1[4];
	unsigned char buf[8 * sizeof(struct fx_rec)];
	size_t len = 0;
	int i;

	/* The root cgroup, the initial pid namespace: today's line. */
	cpu0[0] = fx_record(1000, 0, 10, 10, "root", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu0[0].h.cgroup_id = cg_env("CG_ROOT");
	cpu0[1] = fx_record(2000, 0, 11, 11, "ina", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu0[1].h.cgroup_id = cg_env("CG_A");
	/* A second thread, in a pid namespace, in /a/b. */
	cpu0[2] = fx_record(3000, 0, 12, 13, "inb", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu0[2].h.cgroup_id = cg_env("CG_B");
	cpu0[2].h.ns_tgid = 1;
	cpu0[2].h.ns_tid = 2;
	/* /ab is not below /a. */
	cpu0[3] = fx_record(1800, 0, 17, 17, "inab", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu0[3].h.cgroup_id = cg_env("CG_AB");
	/* A cgroup the tree does not show. */
	cpu1[0] = fx_record(1500, 1, 14, 14, "lost", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu1[0].h.cgroup_id = 999999999999ULL;
	/* A version 4 module's record: neither cgroup nor namespace ids. */
	cpu1[1] = fx_record(2500, 1, 15, 15, "old", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu1[1].h.cgroup_id = cg_env("CG_A");
	/* A namespace's init, its signal record, in /a/b. */
	cpu1[2] = fx_signal(3500, SASTRACE_SIG_DELIVER, 11, 0x401136, 0x4c8e40,
			    fx_value(0, 0x4c0000, 0, 65536), 36416);
	cpu1[2].h.tgid = 16;
	cpu1[2].h.tid = 16;
	cpu1[2].h.ns_tgid = 1;
	cpu1[2].h.ns_tid = 1;
	cpu1[2].h.cgroup_id = cg_env("CG_B");
	cpu1[3] = fx_record(4000, 1, 18, 18, "space", SASTRACE_HOOK_KPROBE,
			    fx_null(), fx_null(), 0);
	cpu1[3].h.cgroup_id = cg_env("CG_SP");
	write_cpu(0, cpu0, 4);
	for (i = 0; i < 4; i++) {
		if (i == 1) {
			len += fx_v4(&cpu1[i], buf + len);
		} else {
			memcpy(buf + len, &cpu1[i], fx_size(&cpu1[i]));
			len += fx_size(&cpu1[i]);
		}
	}
	write_bytes("sastrace/per_cpu/cpu1/raw", buf, len);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_records DIR basic|badmagic|split|many|oldversion|newer|big|oversize|undersize|future|summary|summary-old|cgroups\n");
		return 2;
	}
	root = argv[1];
	mkdirs();
	write_stats();
	if (!strcmp(argv[2], "basic"))
		basic();
	else if (!strcmp(argv[2], "badmagic"))
		bad(0);
	else if (!strcmp(argv[2], "oldversion"))
		bad(3);
	else if (!strcmp(argv[2], "newer"))
		newer();
	else if (!strcmp(argv[2], "big"))
		big();
	else if (!strcmp(argv[2], "oversize"))
		badsize(8200);
	else if (!strcmp(argv[2], "undersize"))
		badsize(200);
	else if (!strcmp(argv[2], "future"))
		future();
	else if (!strcmp(argv[2], "split"))
		split();
	else if (!strcmp(argv[2], "many"))
		many();
	else if (!strcmp(argv[2], "summary"))
		summary(false);
	else if (!strcmp(argv[2], "summary-old"))
		summary(true);
	else if (!strcmp(argv[2], "cgroups"))
		cgroups();
	else
		return fprintf(stderr, "gen_records: unknown scenario %s\n",
			       argv[2]), 2;
	return 0;
}
