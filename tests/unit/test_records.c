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

static struct sastrace_record rec(__u64 ts, __u32 cpu, __u32 tid)
{
	return fx_record(ts, cpu, 1, tid, "t", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
}

static void check(const char *name, const struct sastrace_record *r,
		  unsigned int cpu, int want_ret, const char *want_msg)
{
	char msg[256] = "";
	int ret = sastrace_record_check(r, cpu, msg, sizeof(msg));

	tap_long(name, ret, want_ret);
	tap_str(name, msg, want_msg);
}

static void test_check(void)
{
	struct sastrace_record r = rec(1, 0, 1);

	check("record_check valid", &r, 0, 0, "");
	r.version = 2;
	check("record_check rejects version 2 (no toctou/signal fields)", &r, 1, -1,
	      "record version 2 from cpu 1 is not supported by this reader (expects 3 or newer)");
	r.version = 1;
	check("record_check rejects version 1 (no caller fields)", &r, 1, -1,
	      "record version 1 from cpu 1 is not supported by this reader (expects 3 or newer)");
	r.version = 0;
	check("record_check rejects version 0", &r, 0, -1,
	      "record version 0 from cpu 0 is not supported by this reader (expects 3 or newer)");
	r = rec(1, 0, 1);
	r.magic = 0x12345678;
	check("record_check rejects bad magic", &r, 3, -1,
	      "record from cpu 3 has bad magic 0x12345678 (expected 0x54534153): not a sastrace stream");
	r.version = 2;
	check("record_check reports magic before version", &r, 3, -1,
	      "record from cpu 3 has bad magic 0x12345678 (expected 0x54534153): not a sastrace stream");
	r = rec(1, 0, 1);
	r.size = 100;
	check("record_check rejects a wrong size", &r, 0, -1,
	      "record from cpu 0 has size 100, version 3 records are 264 bytes");
	r.size = 272;
	check("record_check rejects a larger version 3 record", &r, 0, -1,
	      "record from cpu 0 has size 272, version 3 records are 264 bytes");

	/* Newer versions: append-only, so at least our size, and sane. */
	r = rec(1, 0, 1);
	r.version = 4;
	check("record_check takes a newer version of the same size", &r, 0, 0, "");
	r.size = 304;
	check("record_check takes a newer, larger record", &r, 0, 0, "");
	r.version = 65535;
	r.size = 8192;
	check("record_check takes the largest sane size", &r, 0, 0, "");
	r.version = 4;
	r.size = 256;
	check("record_check rejects a newer record smaller than ours", &r, 2, -1,
	      "record version 4 from cpu 2 has size 256, less than the 264 bytes of version 3: not a sastrace record");
	r.size = 0;
	check("record_check rejects size 0", &r, 2, -1,
	      "record version 4 from cpu 2 has size 0, less than the 264 bytes of version 3: not a sastrace record");
	r.size = 8200;
	check("record_check rejects a size above 8192", &r, 2, -1,
	      "record version 4 from cpu 2 has size 8200: not a sane record size (264 to 8192, a multiple of 8)");
	r.size = 65535;
	check("record_check rejects size 65535", &r, 2, -1,
	      "record version 4 from cpu 2 has size 65535: not a sane record size (264 to 8192, a multiple of 8)");
	r.size = 268;
	check("record_check rejects a size not a multiple of 8", &r, 2, -1,
	      "record version 4 from cpu 2 has size 268: not a sane record size (264 to 8192, a multiple of 8)");
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
		struct sastrace_record r = rec(in[i].ts, in[i].cpu, in[i].tid);

		sastrace_batch_add(&b, &r);
	}
	sastrace_batch_sort(&b);
	for (i = 0; i < b.n; i++) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%u ",
			 b.order[i]->tid);
		snprintf(exp + strlen(exp), sizeof(exp) - strlen(exp), "%u ",
			 want[i]);
	}
	tap_str("merge orders by ts, ties by CPU then ring order", got, exp);

	/* Many records: sorted and stable whatever the input order. */
	b.n = 0;
	srand(1);
	for (i = 0; i < 20000; i++) {
		struct sastrace_record r = rec(rand() % 500, i / 10000, i);

		sastrace_batch_add(&b, &r);
	}
	sastrace_batch_sort(&b);
	for (i = 1; i < b.n; i++) {
		const struct sastrace_record *p = b.order[i - 1], *q = b.order[i];

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
 * @n records of @size bytes (ours, then a tail of 0xa5) in one heap block
 * of exactly that length; the tids are 1..n.
 */
static unsigned char *newer_records(unsigned int n, unsigned int version,
				    size_t size)
{
	unsigned char *p = malloc(n * size);
	unsigned int i;

	if (!p) {
		printf("not ok - out of memory\n");
		exit(1);
	}
	memset(p, 0xa5, n * size);
	for (i = 0; i < n; i++) {
		struct sastrace_record r = rec(10 + i, 2, 1 + i);

		r.version = version;
		r.size = size;
		memcpy(p + i * size, &r, sizeof(r));
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
			 b->recs[i].tid);
}

/*
 * Records of a newer module: larger, stepped over by their own size, even
 * where they are cut across reads; only this reader's fields are kept.
 */
static void test_read_newer(const char *root)
{
	struct sastrace_record want = rec(10, 2, 1);
	struct sastrace_cpu *cpus = NULL;
	struct sastrace_batch b;
	char path[PATH_MAX], got[256];
	unsigned char *p;
	unsigned int n = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/sastrace/per_cpu/cpu2/raw", root);
	/* Three and a bit records of 304 bytes. */
	p = newer_records(4, 4, 304);
	write_file(path, p, 3 * 304 + 100, O_TRUNC);
	if (sastrace_cpus_open(root, &cpus, &n) || n != 2) {
		printf("not ok - cpus_open for newer records\n");
		free(p);
		return;
	}
	sastrace_batch_init(&b);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read steps over version 4 records by their size", ret, 3);
	want.version = 4;
	want.size = 304;
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
	p = newer_records(5, 9, 8192);
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
	p = newer_records(2, 4, 304);
	((struct sastrace_record *)(p + 304))->size = 8;
	write_file(path, p, 2 * 304, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read refuses a record smaller than ours", ret,
		 SASTRACE_READ_ERROR);
	free(p);
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
	struct sastrace_record r[3] = { rec(1, 2, 1), rec(2, 2, 2), rec(3, 2, 3) };
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
	/* Two and a half records: the half must wait for the rest. */
	write_file(path, r, 2 * sizeof(r[0]) + 50, O_TRUNC);

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
	write_file(path, (char *)r + 2 * sizeof(r[0]) + 50,
		   sizeof(r[0]) - 50, O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read completes a partial record", ret, 1);
	tap_long("cpu_read kept the records intact",
		 b.n == 3 && !memcmp(b.recs, r, sizeof(r)), 1);
	ret = sastrace_cpu_read(&cpus[1], &b, 100);
	tap_long("cpu_read of an empty file", ret, 0);

	r[0].version = 2;
	write_file(path, r, sizeof(r[0]), O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read refuses an older version", ret, SASTRACE_READ_ERROR);
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);

	test_read_newer(root);

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
	test_merge();
	test_read(tmp);
	test_kprobes(tmp);
	test_lockdown(tmp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
