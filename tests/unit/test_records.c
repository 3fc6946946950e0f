// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/records.c and the kprobes check of paths.c:
 * record validation, the merge order across CPUs, reading whole records
 * from per-CPU files (partial tails included), and symbol lookup.
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
	r.version = 4;
	check("record_check rejects an unknown version", &r, 1, -1,
	      "record version 4 from cpu 1 is not supported by this reader (expects 3)");
	r.version = 2;
	check("record_check rejects version 2 (no toctou/signal fields)", &r, 1, -1,
	      "record version 2 from cpu 1 is not supported by this reader (expects 3)");
	r.version = 1;
	check("record_check rejects version 1 (no caller fields)", &r, 1, -1,
	      "record version 1 from cpu 1 is not supported by this reader (expects 3)");
	r.version = 0;
	check("record_check rejects version 0", &r, 0, -1,
	      "record version 0 from cpu 0 is not supported by this reader (expects 3)");
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

	r[0].version = 7;
	write_file(path, r, sizeof(r[0]), O_APPEND);
	ret = sastrace_cpu_read(&cpus[0], &b, 100);
	tap_long("cpu_read refuses an unknown version", ret, SASTRACE_READ_ERROR);
	sastrace_batch_free(&b);
	sastrace_cpus_close(cpus, n);

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
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
