// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/records.c and the kprobes check of paths.c:
 * record validation, the merge order across CPUs, reading whole records
 * from per-CPU files (partial tails included, and a newer module's larger
 * records), and symbol lookup. Built with ASan and UBSan by run.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixtures.h"
#include "paths.h"
#include "records.h"
#include "tap.h"

static struct fx_rec rec(__u64 ts, __u32 cpu, __u32 tid)
{
	return fx_record(ts, cpu, 1, tid, "t", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
}

static void check(const char *name, const struct fx_rec *r,
		  unsigned int cpu, int want_ret, const char *want_msg)
{
	char msg[256] = "";
	int ret = sastrace_record_check(&r->h, cpu, msg, sizeof(msg));

	tap_long(name, ret, want_ret);
	tap_str(name, msg, want_msg);
}

/* The message for a record version this reader refuses. */
static const char *version_msg(unsigned int version, unsigned int cpu)
{
	static char msg[256];

	snprintf(msg, sizeof(msg),
		 "record version %u from cpu %u is not supported by this reader (expects 4 or %u)",
		 version, cpu, SASTRACE_VERSION);
	return msg;
}

/* The message for a size that is not sane. */
static const char *size_msg(unsigned int size, unsigned int cpu)
{
	static char msg[256];

	snprintf(msg, sizeof(msg),
		 "record version %u from cpu %u has size %u: not a sane record size (%zu to 8192, a multiple of 8)",
		 SASTRACE_VERSION, cpu, size, sizeof(struct sastrace_header));
	return msg;
}

static void test_check(void)
{
	struct fx_rec r = rec(1, 0, 1);

	check("record_check valid", &r, 0, 0, "");
	r.h.version = SASTRACE_VERSION_V4;
	check("record_check takes version 4 (48-byte header)", &r, 1, 0, "");
	r.h.size = SASTRACE_HEADER_V4_SIZE;
	check("record_check takes a version 4 header alone", &r, 1, 0, "");
	r.h.size = SASTRACE_HEADER_V4_SIZE - 8;
	check("record_check rejects a version 4 size below its header's", &r,
	      1, -1,
	      "record version 4 from cpu 1 has size 40: not a sane record size (48 to 8192, a multiple of 8)");
	r = rec(1, 0, 1);
	r.h.version = 3;
	check("record_check rejects version 3 (flat records)", &r,
	      1, -1, version_msg(3, 1));
	r.h.version = 1;
	check("record_check rejects version 1", &r, 1, -1, version_msg(1, 1));
	r.h.version = 0;
	check("record_check rejects version 0", &r, 0, -1, version_msg(0, 0));
	r.h.version = SASTRACE_VERSION + 1;
	check("record_check rejects a newer header version", &r, 0, -1,
	      version_msg(SASTRACE_VERSION + 1, 0));
	r = rec(1, 0, 1);
	r.h.magic = 0x12345678;
	check("record_check rejects bad magic", &r, 3, -1,
	      "record from cpu 3 has bad magic 0x12345678 (expected 0x54534153): not a sastrace stream");
	r.h.version = 2;
	check("record_check reports magic before version", &r, 3, -1,
	      "record from cpu 3 has bad magic 0x12345678 (expected 0x54534153): not a sastrace stream");

	/* Sizes: the header at least, 8192 at most, a multiple of 8. */
	r = rec(1, 0, 1);
	r.h.size = 304;
	check("record_check takes a larger record", &r, 0, 0, "");
	r.h.size = 8192;
	check("record_check takes the largest sane size", &r, 0, 0, "");
	r.h.size = sizeof(r.h);
	check("record_check takes a header alone (the kind decides)", &r, 0,
	      0, "");
	r.h.size = sizeof(r.h) - 8;
	check("record_check rejects a size below the header's", &r, 2, -1,
	      size_msg(sizeof(r.h) - 8, 2));
	r.h.size = 0;
	check("record_check rejects size 0", &r, 2, -1, size_msg(0, 2));
	r.h.size = 8200;
	check("record_check rejects a size above 8192", &r, 2, -1,
	      size_msg(8200, 2));
	r.h.size = 65535;
	check("record_check rejects size 65535", &r, 2, -1, size_msg(65535, 2));
	r = rec(1, 0, 1);
	r.h.size += 4;
	check("record_check rejects a size not a multiple of 8", &r, 2, -1,
	      size_msg(r.h.size, 2));
}

static void kind_check(const char *name, const struct fx_rec *r,
		       int want_ret, const char *want_kind,
		       const char *want_msg)
{
	const struct sastrace_kind_desc *k = (void *)1;
	char msg[256] = "";
	int ret = sastrace_record_kind_check(&r->h, 1, &k, msg, sizeof(msg));

	tap_long(name, ret, want_ret);
	tap_str(name, k ? k->name : "(null)", want_kind);
	tap_str(name, msg, want_msg);
}

/* Each kind of the table: its own size, longer, shorter than its first. */
static void test_kind_check(void)
{
	struct fx_rec r;
	char want[256];
	unsigned int i;

	for (i = 0; i < sastrace_nr_kinds; i++) {
		const struct sastrace_kind_desc *k = &sastrace_kinds[i];
		char name[96];

		fx_header(&r, k->id, k->payload_size, 1, 0, 1, 1, "t", 1);
		snprintf(name, sizeof(name), "kind_check %s: its own size",
			 k->name);
		kind_check(name, &r, 1, k->name, "");
		r.h.size += 64;
		snprintf(name, sizeof(name), "kind_check %s: a longer payload",
			 k->name);
		kind_check(name, &r, 1, k->name, "");
		r.h.size = sizeof(r.h) + k->min_payload - 8;
		snprintf(name, sizeof(name),
			 "kind_check %s: shorter than its first version",
			 k->name);
		snprintf(want, sizeof(want),
			 "%s record from cpu 1 has a %u-byte payload, less than the %u bytes of its first version: not a sastrace record",
			 k->name, k->min_payload - 8, k->min_payload);
		kind_check(name, &r, -1, k->name, want);
		tap_true("kind table: min_payload <= payload_size <= SASTRACE_PAYLOAD_MAX",
			 k->min_payload <= k->payload_size &&
			 k->payload_size <= SASTRACE_PAYLOAD_MAX &&
			 sastrace_kind_find(k->id) == k, k->name);
	}
	fx_header(&r, 99, 32, 1, 0, 1, 1, "t", 1);
	kind_check("kind_check: kind 99 is not known", &r, 0, "(null)", "");
	fx_header(&r, 0, 0, 1, 0, 1, 1, "t", 1);
	kind_check("kind_check: kind 0 is not known", &r, 0, "(null)", "");
}

static void test_merge(void)
{
	/* Read order: CPU 0's ring, then CPU 1's; tid tells them apart. */
	static const struct { __u64 ts; __u32 cpu, tid; } in[] = {
		{ 10, 0, 1 }, { 30, 0, 2 }, { 50, 0, 3 },
		{ 20, 1, 4 }, { 30, 1, 5 }, { 40, 1, 6 }, { 5, 1, 7 },
	};
	static const __u32 want[] = { 7, 1, 4, 2, 5, 6, 3 };
	struct sastrace_batch b;
	char got[64] = "", exp[64] = "";
	size_t i;

	sastrace_batch_init(&b);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct fx_rec r = rec(in[i].ts, in[i].cpu, in[i].tid);

		sastrace_batch_add(&b, &r, fx_size(&r));
	}
	sastrace_batch_sort(&b);
	for (i = 0; i < b.n; i++) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%u ",
			 b.order[i]->h.tid);
		snprintf(exp + strlen(exp), sizeof(exp) - strlen(exp), "%u ",
			 want[i]);
	}
	tap_str("merge orders by ts, ties by CPU then ring order", got, exp);

	/* Many records: sorted and stable whatever the input order. */
	b.n = 0;
	srand(1);
	for (i = 0; i < 20000; i++) {
		struct fx_rec r = rec(rand() % 500, i / 10000, i);

		sastrace_batch_add(&b, &r, fx_size(&r));
	}
	sastrace_batch_sort(&b);
	for (i = 1; i < b.n; i++) {
		const struct sastrace_header *p = &b.order[i - 1]->h;
		const struct sastrace_header *q = &b.order[i]->h;

		if (p->ts_ns > q->ts_ns ||
		    (p->ts_ns == q->ts_ns && p->tid > q->tid))
			break;
	}
	tap_long("merge of 20000 records is sorted and stable", i, b.n);

	b.n = 0;
	sastrace_batch_sort(&b);
	tap_long("merge of an empty batch", b.n, 0);
	sastrace_batch_free(&b);
}

static void write_file(const char *path, const void *data, size_t len,
		       int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		printf("not ok - cannot write %s\n", path);
		exit(1);
	}
	close(fd);
}

static void write_str(const char *path, const char *s)
{
	write_file(path, s, strlen(s), O_TRUNC);
}

/*
 * @n call records of @size bytes (ours, then a tail of 0xa5: a newer
 * module's fields) in one heap block of exactly that length; the tids are
 * 1..n.
 */
static unsigned char *newer_records(unsigned int n, size_t size)
{
	unsigned char *p = malloc(n * size);
	unsigned int i;

	if (!p) {
		printf("not ok - out of memory\n");
		exit(1);
	}
	memset(p, 0xa5, n * size);
	for (i = 0; i < n; i++) {
		struct fx_rec r = rec(10 + i, 2, 1 + i);
		size_t own = fx_size(&r);

		r.h.size = size;
		memcpy(p + i * size, &r, own < size ? own : size);
	}
	return p;
}

/* tids of a batch, "1 2 3 " */
static void tids(const struct sastrace_batch *b, char *buf, size_t size)
{
	size_t i;

	*buf = '\0';
	for (i = 0; i < b->n; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%u ",
			 b->recs[i].h.tid);
}

/*
 * Records of a newer module: larger, stepped over by their own size, even
 * where they are cut across reads; only this reader's fields are kept.
 */
static void test_read_newer(const char *root)
{
	struct fx_rec want = rec(10, 2, 1);
	struct sastrace_cpu *cpus = NULL;
	struct sastrace_batch b;
	char path[PATH_MAX], got[256];
	unsigned char *p;
	unsigned int n = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu2/raw", root);
	/* Three and a bit records of 304 bytes. */
	p = newer_records(4, 304);
	write_file(path, p, 3 * 304 + 100, O_TRUNC);
	if (sastrace_cpus_open(root, &cpus, &n) || n != 2) {
		printf("not ok - cpus_open for newer records\n");
		free(p);
		return;
	}
	sastrace_batch_init(&b);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read steps over longer records by their size", ret, 3);
	want.h.size = 304;
	tap_long("cpu_read keeps the fields this reader knows",
		 b.n && !memcmp(&b.recs[0], &want, sizeof(want)), 1);
	write_file(path, p + 3 * 304 + 100, 304 - 100, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read completes a cut newer record", ret, 1);
	tids(&b, got, sizeof(got));
	tap_str("cpu_read: newer records in order", got, "1 2 3 4 ");
	free(p);

	/* The largest records: more than the first read takes. */
	b.n = 0;
	p = newer_records(5, 8192);
	write_file(path, p, 5 * 8192, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read takes 8192-byte records", ret, 5);
	tids(&b, got, sizeof(got));
	tap_str("cpu_read: 8192-byte records in order", got, "1 2 3 4 5 ");
	tap_long("cpu_read grew its buffer to 64 such records",
		 cpus[0].cap, 64 * 8192);
	free(p);

	/* A bad size in the middle: refused, not stepped over. */
	b.n = 0;
	p = newer_records(2, 304);
	((struct sastrace_header *)(p + 304))->size = 8;
	write_file(path, p, 2 * 304, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read refuses a record smaller than ours", ret,
		 SASTRACE_READ_ERROR);
	free(p);
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);
}

/*
 * Records of every size in one stream: a signal record (shorter than a
 * call record), a kind this reader does not know (99, 80 bytes), a call
 * record with a longer payload: each stepped over by its own size, the
 * unknown one skipped and counted, the others' payloads as they were.
 */
static void test_read_kinds(const char *root)
{
	struct fx_rec sig = fx_signal(5, SASTRACE_SIG_OVERFLOW, 10, 0x401200,
				      0x4c0200, fx_value(0, 0x4c0000, 0, 8192),
				      384);
	struct fx_rec call = rec(7, 2, 9), unk;
	unsigned long long skipped = sastrace_skipped.n;
	struct sastrace_cpu *cpus = NULL;
	unsigned char buf[4096];
	struct sastrace_batch b;
	char path[PATH_MAX];
	unsigned int n = 0;
	size_t len = 0;
	int ret;

	fx_header(&unk, 99, 80 - sizeof(unk.h), 6, 2, 1, 1, "future", 1);
	memset(unk.pad, 0x5a, 80 - sizeof(unk.h));
	memcpy(buf + len, &sig, fx_size(&sig));
	len += fx_size(&sig);
	memcpy(buf + len, &unk, fx_size(&unk));
	len += fx_size(&unk);
	memset(buf + len, 0xa5, fx_size(&call) + 64);
	memcpy(buf + len, &call, fx_size(&call));
	((struct sastrace_header *)(buf + len))->size = fx_size(&call) + 64;
	len += fx_size(&call) + 64;
	tap_true("a signal record is shorter than a call record",
		 fx_size(&sig) < fx_size(&call), "sizes");

	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu2/raw", root);
	write_file(path, buf, len, O_TRUNC);
	if (sastrace_cpus_open(root, &cpus, &n) || n != 2) {
		printf("not ok - cpus_open for records of every kind\n");
		return;
	}
	sastrace_batch_init(&b);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read: a signal, an unknown and a longer call record", ret,
		 2);
	tap_long("cpu_read counts the record of an unknown kind",
		 sastrace_skipped.n - skipped, 1);
	tap_true("cpu_read remembers kind 99",
		 sastrace_skipped.nkinds >= 1 && sastrace_skipped.kinds[0] == 99,
		 "kind not remembered");
	tap_long("cpu_read keeps the signal record as it was",
		 b.n == 2 && !memcmp(&b.recs[0], &sig, sizeof(sig)), 1);
	call.h.size = fx_size(&call) + 64;
	tap_long("cpu_read keeps the call payload this reader knows, zero after",
		 b.n == 2 && !memcmp(&b.recs[1], &call, sizeof(call)), 1);
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);
}

/*
 * A version 4 module's records (48-byte header) between version 5 ones,
 * cut across reads: each read as version 5's, its payload where it was,
 * its cgroup and namespace ids unknown (0), its version kept (4).
 */
static void test_read_v4(const char *root)
{
	struct fx_rec in[5], want[5];
	struct sastrace_cpu *cpus = NULL;
	unsigned char buf[4096];
	struct sastrace_batch b;
	char path[PATH_MAX];
	unsigned int n = 0, i, same = 0;
	size_t len = 0;
	int ret;

	in[0] = rec(1, 2, 1);
	in[0].call.caller_addr = 0x401c4d;
	in[0].call.caller_off = 0x1c4d;
	memcpy(in[0].call.caller_file, "cases", 6);
	in[1] = fx_signal(2, SASTRACE_SIG_DELIVER, 11, 0x401136, 0x4c8e40,
			  fx_value(0, 0x4c0000, 0, 65536), 36416);
	in[1].sig.frame_size = 29120;
	in[2] = rec(3, 2, 3);
	in[2].h.cgroup_id = 4242;
	in[2].h.ns_tgid = 7;
	in[2].h.ns_tid = 8;
	in[3] = fx_sigaction(4, 11, fx_sigact(0x401770, SASTRACE_SA_ONSTACK,
					      0, 0),
			     fx_sigact(0, 0, 0, 0), 0, 0);
	in[4] = rec(5, 2, 5);
	for (i = 0; i < 5; i++) {
		if (i % 2 == 0) {	/* 0, 2, 4: version 4 */
			len += fx_v4(&in[i], buf + len);
			want[i] = fx_as_v4(&in[i]);
		} else {
			memcpy(buf + len, &in[i], fx_size(&in[i]));
			len += fx_size(&in[i]);
			want[i] = in[i];
		}
	}
	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu2/raw", root);
	/* Cut inside the third record's header. */
	write_file(path, buf, fx_size(&in[0]) - 16 + fx_size(&in[1]) + 20,
		   O_TRUNC);
	if (sastrace_cpus_open(root, &cpus, &n) || n != 2) {
		printf("not ok - cpus_open for version 4 records\n");
		return;
	}
	sastrace_batch_init(&b);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read v4: a version 4 and a version 5 record", ret, 2);
	write_file(path, buf + fx_size(&in[0]) - 16 + fx_size(&in[1]) + 20,
		   len - (fx_size(&in[0]) - 16 + fx_size(&in[1]) + 20),
		   O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read v4: the rest, the cut one completed", ret, 3);
	for (i = 0; i < b.n && i < 5; i++)
		same += !memcmp(&b.recs[i], &want[i], sizeof(want[i]));
	tap_long("cpu_read v4: every record as this version's, v4 fields unknown",
		 b.n == 5 ? same : 0, 5);
	tap_long("cpu_read v4: a v4 record keeps its version",
		 b.n == 5 ? b.recs[2].h.version : 0, SASTRACE_VERSION_V4);
	tap_long("cpu_read v4: its cgroup id is unknown",
		 b.n == 5 ? (long long)b.recs[2].h.cgroup_id : -1, 0);
	tap_str("cpu_read v4: its caller is where it was",
		b.n == 5 ?
		((const struct fx_rec *)&b.recs[0])->call.caller_file : "",
		"cases");
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);
}

static void test_read(const char *tmp)
{
	/* cpu10 sorts after cpu2; "cpux" is not a CPU. */
	static const char * const dirs[] = {
		"", "/sastrace", "/sastrace/per_cpu", "/sastrace/per_cpu/cpu10",
		"/sastrace/per_cpu/cpu2", "/sastrace/per_cpu/cpux",
	};
	struct fx_rec r[3] = { rec(1, 2, 1), rec(2, 2, 2), rec(3, 2, 3) };
	unsigned char raw[3 * sizeof(struct fx_rec)];
	size_t one = fx_size(&r[0]);
	char path[PATH_MAX], root[256];
	struct sastrace_cpu *cpus = NULL;
	struct sastrace_batch b;
	unsigned int n = 0;
	size_t i;
	int ret;

	snprintf(root, sizeof(root), "%s/dbg", tmp);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu10/raw", root);
	write_file(path, "", 0, O_TRUNC);
	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu2/raw", root);
	/* Each record of its own size, as the module hands them out. */
	for (i = 0; i < 3; i++)
		memcpy(raw + i * one, &r[i], one);
	/* Two and a half records: the half must wait for the rest. */
	write_file(path, raw, 2 * one + 50, O_TRUNC);

	ret = sastrace_cpus_open(root, &cpus, &n);
	tap_long("cpus_open finds cpu2 and cpu10", ret == 0 ? n : 0, 2);
	if (ret || n != 2)
		return;
	tap_long("cpus_open sorts by CPU number", cpus[0].cpu * 100 + cpus[1].cpu,
		 210);
	tap_long("cpus_open: a plain file is not debugfs", cpus[0].on_debugfs, 0);

	sastrace_batch_init(&b);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read returns the whole records", ret, 2);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read at EOF of a plain file: nothing yet", ret, 0);
	write_file(path, raw + 2 * one + 50, one - 50, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read completes a partial record", ret, 1);
	tap_long("cpu_read kept the records intact",
		 b.n == 3 && !memcmp(b.recs, r, sizeof(r)), 1);
	ret = sastrace_cpu_read(&cpus[1], &b, 100);
	tap_long("cpu_read of an empty file", ret, 0);

	r[0].h.version = 3;
	write_file(path, &r[0], one, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read refuses an older version", ret, SASTRACE_READ_ERROR);
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);

	test_read_newer(root);
	test_read_kinds(root);
	test_read_v4(root);

	ret = sastrace_cpus_open(tmp, &cpus, &n);
	tap_long("cpus_open without per_cpu fails", ret, -1);
}

static void test_kprobes(const char *tmp)
{
	char ks[256], dir[256], none[256];

	snprintf(ks, sizeof(ks), "%s/kallsyms", tmp);
	snprintf(dir, sizeof(dir), "%s/kprobes", tmp);
	snprintf(none, sizeof(none), "%s/absent", tmp);

	write_str(ks, "ffffffff81000000 T _stext\nffffffff81000010 T register_kprobes\nffffffff81000020 t unregister_kprobe_x\n");
	tap_long("kprobes: register_kprobes alone is not register_kprobe",
		 sastrace_kernel_has_kprobes(ks, none), 0);
	write_str(ks, "ffffffff81000000 T _stext\nffffffff81000030 T register_kprobe\n");
	tap_long("kprobes: register_kprobe in kallsyms",
		 sastrace_kernel_has_kprobes(ks, none), 1);
	write_str(ks, "0000000000000000 T register_kprobe\t[mod]\n");
	tap_long("kprobes: a module symbol line counts too",
		 sastrace_kernel_has_kprobes(ks, none), 1);
	mkdir(dir, 0755);
	tap_long("kprobes: the debugfs kprobes dir is enough",
		 sastrace_kernel_has_kprobes(none, dir), 1);
	tap_long("kprobes: nothing to look at is unknown",
		 sastrace_kernel_has_kprobes(none, none), -1);
}

/* The lockdown level, as securityfs prints it, decides the load hint. */
static void test_lockdown(const char *tmp)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "[none] integrity confidentiality\n", 0 },
		{ "none [integrity] confidentiality\n", 1 },
		{ "none integrity [confidentiality]\n", 1 },
		{ "", 0 },
	};
	char path[256], name[96];
	unsigned int i;

	snprintf(path, sizeof(path), "%s/lockdown", tmp);
	setenv("SASTRACE_LOCKDOWN", path, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_str(path, cases[i].text);
		snprintf(name, sizeof(name), "locked_down: '%.*s'",
			 (int)strcspn(cases[i].text, "\n"), cases[i].text);
		tap_long(name, sastrace_locked_down(), cases[i].want);
	}
	unlink(path);
	tap_long("locked_down: no securityfs file", sastrace_locked_down(), 0);
	unsetenv("SASTRACE_LOCKDOWN");
}

int main(void)
{
	char tmp[] = "/tmp/sastrace-unit.XXXXXX";
	char cmd[64];

	if (!mkdtemp(tmp)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	test_check();
	test_kind_check();
	test_merge();
	test_read(tmp);
	test_kprobes(tmp);
	test_lockdown(tmp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
