// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/summary.c (`sastrace summary`): the log2 buckets
 * and their labels at every edge, the aggregation of call and signal
 * records per process, the order (most alarming first), the totals row,
 * the lower median, the drops from two readings of `stats`, and both
 * outputs byte for byte (run.sh also parses the JSON with python3). Built
 * with ASan and UBSan by run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixtures.h"
#include "summary.h"
#include "tap.h"

static struct fx_rec call(__u32 pid, const char *comm, __u16 hook,
			  struct sastrace_stack ss, __s64 ret, __u32 rflags)
{
	struct fx_rec r = fx_record(1, 0, pid, pid, comm, hook, ss, fx_null(),
				    ret);

	r.call.rflags = rflags;
	if (rflags & SASTRACE_RF_SMALL)
		r.call.min_sigstksz = 3000;
	return r;
}

static struct fx_rec sig(__u32 pid, const char *comm, __u32 event,
			 __s64 headroom)
{
	struct fx_rec r;

	fx_header(&r, SASTRACE_KIND_SIGNAL, sizeof(r.sig), 1, 0, pid, pid,
		  comm, SASTRACE_HOOK_SIGNAL);
	r.sig.event = event;
	r.sig.signo = 11;
	r.sig.headroom = headroom;
	return r;
}

static void add(struct sastrace_summary *s, struct fx_rec r)
{
	if (sastrace_summary_add(s, &r.h))
		tap_true("summary_add", 0, "out of memory");
}

/* The text output, in a string to free(). */
static char *text(struct sastrace_summary *s,
		  const struct sastrace_sum_drops *d, unsigned int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sastrace_summary_print(f, s, d, width);
	fclose(f);
	return buf;
}

static char *json(struct sastrace_summary *s,
		  const struct sastrace_sum_drops *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sastrace_summary_json(f, s, d);
	fclose(f);
	return buf;
}

static void check_text(const char *name, struct sastrace_summary *s,
		       const struct sastrace_sum_drops *d, unsigned int width,
		       const char *want)
{
	char *got = text(s, d, width);

	tap_str(name, got, want);
	free(got);
}

static void check_json(const char *name, struct sastrace_summary *s,
		       const struct sastrace_sum_drops *d, const char *want)
{
	char *got = json(s, d);

	tap_str(name, got, want);
	free(got);
}

static const struct sastrace_sum_drops no_drops = { .known = true };

static void test_buckets(void)
{
	static const struct {
		__s64 v;
		unsigned int b;
		const char *label;
	} t[] = {
		{ INT64_MIN, 0, "(..., 0)" },
		{ -1, 0, "(..., 0)" },
		{ 0, 1, "[0]" },
		{ 1, 2, "[1]" },
		{ 2, 3, "[2, 4)" },
		{ 3, 3, "[2, 4)" },
		{ 4, 4, "[4, 8)" },
		{ 511, 10, "[256, 512)" },
		{ 512, 11, "[512, 1K)" },
		{ 1023, 11, "[512, 1K)" },
		{ 1024, 12, "[1K, 2K)" },
		{ 1048575, 21, "[512K, 1M)" },
		{ 1048576, 22, "[1M, 2M)" },
		{ (__s64)1 << 62, 64, "[4E, 8E)" },
		{ ((__s64)1 << 62) - 1, 63, "[2E, 4E)" },
		{ INT64_MAX, 64, "[4E, 8E)" },
	};
	char name[96], label[32];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(name, sizeof(name), "bucket of %lld", (long long)t[i].v);
		tap_long(name, sastrace_sum_bucket(t[i].v), t[i].b);
		snprintf(name, sizeof(name), "label of the bucket of %lld",
			 (long long)t[i].v);
		sastrace_sum_bucket_label(label, sizeof(label),
					  sastrace_sum_bucket(t[i].v));
		tap_str(name, label, t[i].label);
	}
}

static const char empty_text[] =
	"pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos\n"
	"total  -       0        0      0       0       0      0        0         0                    0            0          -             -                -  -\n"
	"drops: none: every record was counted\n";

static void test_empty(void)
{
	struct sastrace_summary s;

	sastrace_summary_init(&s);
	check_text("empty: the header and a total of zeros", &s, &no_drops, 80,
		   empty_text);
	check_json("empty: json", &s, &no_drops,
		   "{\"processes\":[],\"total\":{\"pid\":null,\"comm\":null,\"set\":0,\"disable\":0,\"query\":0,\"errors\":0,\"errnos\":{},\"toctou\":0,\"small\":0,\"deliver\":0,\"overflow\":0,\"onstack_unavailable\":0,\"frame_fault\":0,\"last_size\":null,\"min_headroom\":null,\"median_headroom\":null,\"histogram\":[]},\"drops\":{\"known\":true,\"dropped\":0,\"per_cpu\":[],\"missed\":0,\"taken\":null,\"left\":0,\"old\":0,\"lower_bounds\":false}}\n");
	/* Records that do not count make no row. */
	add(&s, call(7, "libc", SASTRACE_HOOK_UPROBE,
		     fx_value(1, 0x1000, 0, 8192), -1, 0));
	add(&s, fx_sigaction(1, 11, fx_sigact(0x401000, SASTRACE_SA_ONSTACK,
					      0, 0), fx_sigact(0, 0, 0, 0),
			     0, 0));
	tap_long("uprobe and sigaction records make no row", s.n, 0);
	sastrace_summary_free(&s);
}

static void test_one(void)
{
	struct sastrace_summary s;

	sastrace_summary_init(&s);
	add(&s, sig(42, "one", SASTRACE_SIG_DELIVER, 1000));
	check_text("one delivery: row, total, histogram at 80 columns", &s,
		   &no_drops, 80,
		   "pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos\n"
		   "42     one     0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "total  -       0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "drops: none: every record was counted\n"
		   "\n"
		   "@headroom[42, one]:\n"
		   "[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
	/* 40 columns: 12 of bar; below 38, never fewer than 10. */
	check_text("one delivery at 40 columns: a bar of 12", &s, &no_drops,
		   40,
		   "pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos\n"
		   "42     one     0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "total  -       0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "drops: none: every record was counted\n"
		   "\n"
		   "@headroom[42, one]:\n"
		   "[512, 1K)              1 |@@@@@@@@@@@@|\n");
	check_text("one delivery at 20 columns: a bar of 10", &s, &no_drops,
		   20,
		   "pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos\n"
		   "42     one     0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "total  -       0        0      0       0       0      0        1         0                    0            0          -          1000             1000  -\n"
		   "drops: none: every record was counted\n"
		   "\n"
		   "@headroom[42, one]:\n"
		   "[512, 1K)              1 |@@@@@@@@@@|\n");
	check_json("one delivery: json", &s, &no_drops,
		   "{\"processes\":[{\"pid\":42,\"comm\":\"one\",\"set\":0,\"disable\":0,\"query\":0,\"errors\":0,\"errnos\":{},\"toctou\":0,\"small\":0,\"deliver\":1,\"overflow\":0,\"onstack_unavailable\":0,\"frame_fault\":0,\"last_size\":null,\"min_headroom\":1000,\"median_headroom\":1000,\"histogram\":[{\"min\":512,\"max\":1023,\"count\":1}]}],"
		   "\"total\":{\"pid\":null,\"comm\":null,\"set\":0,\"disable\":0,\"query\":0,\"errors\":0,\"errnos\":{},\"toctou\":0,\"small\":0,\"deliver\":1,\"overflow\":0,\"onstack_unavailable\":0,\"frame_fault\":0,\"last_size\":null,\"min_headroom\":1000,\"median_headroom\":1000,\"histogram\":[{\"min\":512,\"max\":1023,\"count\":1}]},"
		   "\"drops\":{\"known\":true,\"dropped\":0,\"per_cpu\":[],\"missed\":0,\"taken\":null,\"left\":0,\"old\":0,\"lower_bounds\":false}}\n");
	sastrace_summary_free(&s);
}

/* The extremes: 2^63 - 1 (the most an __s64 holds), and negative values. */
static void test_extremes(void)
{
	struct sastrace_summary s;
	char *got;

	sastrace_summary_init(&s);
	add(&s, sig(1, "x", SASTRACE_SIG_DELIVER, INT64_MAX));
	add(&s, sig(1, "x", SASTRACE_SIG_DELIVER, -8));
	add(&s, sig(1, "x", SASTRACE_SIG_DELIVER, INT64_MIN));
	add(&s, sig(1, "x", SASTRACE_SIG_DELIVER, 0));
	/* 4 values: the lower median is the 2nd smallest, -8. */
	got = text(&s, &no_drops, 80);
	tap_true("2^63-1 and negative headrooms: histogram from (..., 0) to [4E, 8E)",
		 strstr(got, "\n@headroom[1, x]:\n"
			"(..., 0)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
			"[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
			"[1]                    0 |                                                    |\n"
			"[2, 4)                 0 |                                                    |\n") &&
		 strstr(got, "[2E, 4E)               0 |                                                    |\n"
			"[4E, 8E)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n") &&
		 !strstr(got, "[8E"), got);
	tap_true("2^63-1 and negative headrooms: min INT64_MIN, lower median -8",
		 strstr(got, "\n1      x       0        0      0       0       0      0        4  ") &&
		 strstr(got, "  -9223372036854775808               -8  -\n"), got);
	free(got);
	got = json(&s, &no_drops);
	tap_true("2^63-1 and negative headrooms: json buckets",
		 strstr(got, "\"min_headroom\":-9223372036854775808,\"median_headroom\":-8,\"histogram\":[{\"min\":null,\"max\":-1,\"count\":2},{\"min\":0,\"max\":0,\"count\":1},{\"min\":4611686018427387904,\"max\":9223372036854775807,\"count\":1}]}") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
}

/*
 * Calls of every shape for one process: what each column counts, the
 * errnos, and the last size installed (what the kernel installed when a
 * TOCTOU race changed it; failed calls and disables do not count).
 */
static void test_calls(void)
{
	struct sastrace_summary s;
	struct fx_rec r;
	struct sastrace_sum_row *row;

	sastrace_summary_init(&s);
	add(&s, call(5, "old", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 0, 4096), 0, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_COMPAT,
		     fx_value(1, 0x1000, SASTRACE_SS_AUTODISARM, 65536), 0,
		     0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 4, 1 << 20), -22, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, SASTRACE_SS_DISABLE, 0), 0, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE, fx_null(), 0, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_raw(SASTRACE_ARG_FAULT, 0x10), -14, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 0, 100), -12, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 0, 100), -22, 0));
	add(&s, call(5, "c", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 0, 2048), 0, SASTRACE_RF_SMALL));
	/* SMALL without the size it was below is not said, nor counted. */
	r = call(5, "c", SASTRACE_HOOK_KPROBE, fx_value(1, 0x1000, 0, 2048),
		 0, SASTRACE_RF_SMALL);
	r.call.min_sigstksz = 0;
	add(&s, r);
	r = call(5, "c", SASTRACE_HOOK_KPROBE, fx_value(1, 0x1000, 0, 8192),
		 0, SASTRACE_RF_TOCTOU);
	r.call.installed = fx_value(0, 0x2000, 0, 16384);
	add(&s, r);
	add(&s, call(5, "c", SASTRACE_HOOK_UPROBE,
		     fx_value(1, 0x1000, 0, 99), 0, 0));
	add(&s, sig(5, "c", SASTRACE_SIG_OVERFLOW, 16000));
	add(&s, sig(5, "c", SASTRACE_SIG_ONSTACK_UNAVAILABLE, 0));
	add(&s, sig(5, "c", SASTRACE_SIG_FRAME_FAULT, 100));
	add(&s, sig(5, "last", 99, 100));	/* an unknown event */
	tap_long("calls: one row", s.n, 1);
	if (s.n != 1) {
		sastrace_summary_free(&s);
		return;
	}
	row = &s.rows[0];
	tap_long("calls: set (ss with a stack, failed ones too)", row->set, 8);
	tap_long("calls: disable", row->disable, 1);
	tap_long("calls: query (ss NULL)", row->query, 1);
	tap_long("calls: errors", row->errors, 4);
	tap_long("calls: toctou", row->toctou, 1);
	tap_long("calls: small (with its min only)", row->small, 1);
	tap_long("calls: last size: what the kernel installed", row->last_size,
		 16384);
	tap_long("signals: deliver", row->deliver, 0);
	tap_long("signals: overflow", row->overflow, 1);
	tap_long("signals: onstack_unavailable", row->onstack_unavailable, 1);
	tap_long("signals: frame_fault", row->frame_fault, 1);
	tap_true("the comm is the latest record's", !strcmp(row->comm, "last"),
		 row->comm);
	check_text("calls: text", &s, &no_drops, 80,
		   "pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos\n"
		   "5      last    8        1      1       4       1      1        0         1                    1            1      16384             -                -  EINVAL=2,EFAULT=1,ENOMEM=1\n"
		   "total  -       8        1      1       4       1      1        0         1                    1            1          -             -                -  EINVAL=2,EFAULT=1,ENOMEM=1\n"
		   "drops: none: every record was counted\n");
	sastrace_summary_free(&s);
}

/* More distinct errnos than a row names: the rest are "other". */
static void test_errnos_other(void)
{
	struct sastrace_summary s;
	char *got;
	int e;

	sastrace_summary_init(&s);
	for (e = 1; e <= SASTRACE_SUM_ERRNOS + 2; e++)
		add(&s, call(3, "e", SASTRACE_HOOK_KPROBE, fx_null(), -e, 0));
	add(&s, call(3, "e", SASTRACE_HOOK_KPROBE, fx_null(), -1, 0));
	add(&s, call(3, "e", SASTRACE_HOOK_KPROBE, fx_null(), -5000, 0));
	got = text(&s, &no_drops, 80);
	tap_true("errnos: 8 named, the rest other, an unnamed one by number",
		 strstr(got, "  EPERM=2,ENOENT=1,ESRCH=1,EINTR=1,EIO=1,ENXIO=1,E2BIG=1,ENOEXEC=1,other=3\n") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
	sastrace_summary_init(&s);
	add(&s, call(3, "e", SASTRACE_HOOK_KPROBE, fx_null(), -5000, 0));
	got = json(&s, &no_drops);
	tap_true("errnos: a ret below -4095 is errno0 (no name)",
		 strstr(got, "\"errors\":1,\"errnos\":{\"errno0\":1}") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
}

/*
 * Most alarming first: overflow, frame_fault, SMALL, TOCTOU, errors,
 * onstack_unavailable; then by pid. Added in another order on purpose.
 */
static void test_sort_and_total(void)
{
	static const __u32 want[] = { 70, 71, 60, 90, 30, 50, 40, 10, 20 };
	struct sastrace_summary s;
	struct sastrace_sum_row total;
	char got[128] = "", wanted[128] = "";
	__s64 min, median;
	size_t i;

	sastrace_summary_init(&s);
	add(&s, sig(20, "quiet", SASTRACE_SIG_DELIVER, 300));
	add(&s, sig(40, "unavail", SASTRACE_SIG_ONSTACK_UNAVAILABLE, 0));
	add(&s, call(50, "err", SASTRACE_HOOK_KPROBE, fx_null(), -14, 0));
	add(&s, call(30, "toctou", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 2, 0, 4096), 0, SASTRACE_RF_TOCTOU));
	add(&s, call(30, "toctou", SASTRACE_HOOK_KPROBE, fx_null(), -14, 0));
	add(&s, call(30, "toctou", SASTRACE_HOOK_KPROBE, fx_null(), -14, 0));
	add(&s, call(90, "small", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 2, 0, 2048), 0, SASTRACE_RF_SMALL));
	add(&s, sig(60, "fault", SASTRACE_SIG_FRAME_FAULT, 64));
	add(&s, sig(71, "ovf", SASTRACE_SIG_OVERFLOW, 100));
	add(&s, sig(70, "ovf", SASTRACE_SIG_OVERFLOW, 100));
	add(&s, sig(20, "quiet", SASTRACE_SIG_DELIVER, 100));
	add(&s, sig(10, "quiet", SASTRACE_SIG_DELIVER, 5000));
	add(&s, sig(10, "quiet", SASTRACE_SIG_DELIVER, 200));
	sastrace_summary_sort(&s);
	for (i = 0; i < s.n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%u ",
			 s.rows[i].pid);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		snprintf(wanted + strlen(wanted), sizeof(wanted) - strlen(wanted),
			 "%u ", want[i]);
	tap_str("sort: most alarming first, then by pid", got, wanted);

	if (sastrace_summary_total(&s, &total)) {
		tap_true("total", 0, "out of memory");
		sastrace_summary_free(&s);
		return;
	}
	tap_long("total: set", total.set, 2);
	tap_long("total: query", total.query, 3);
	tap_long("total: errors", total.errors, 3);
	tap_long("total: one errno entry for EFAULT", total.nerrnos, 1);
	tap_long("total: EFAULT count", total.errnos[0].n, 3);
	tap_long("total: toctou", total.toctou, 1);
	tap_long("total: small", total.small, 1);
	tap_long("total: overflow", total.overflow, 2);
	tap_long("total: frame_fault", total.frame_fault, 1);
	tap_long("total: onstack_unavailable", total.onstack_unavailable, 1);
	tap_long("total: deliver", total.deliver, 4);
	tap_long("total: no last size", total.has_size, 0);
	tap_long("total: histogram [256, 512)", total.hist[10], 1);
	tap_long("total: histogram [64, 128)", total.hist[8], 1);
	tap_long("total: histogram [128, 256)", total.hist[9], 1);
	tap_long("total: histogram [4K, 8K)", total.hist[14], 1);
	/* 100 200 300 5000: the lower median is 200. */
	tap_true("total: median over every process's deliveries",
		 !sastrace_sum_median(&total, &min, &median) && min == 100 &&
		 median == 200, "not min 100, median 200");
	sastrace_sum_row_free(&total);
	sastrace_summary_free(&s);
}

static void test_drops(void)
{
	static const char start[] =
		"events 6\ndropped 5\nfaults 1\nmissed 1\n"
		"cpu0.events 3\ncpu0.dropped 2\ncpu1.dropped 3\n";
	static const char end[] =
		"events 20\ndropped 111\nfaults 1\nmissed 3\n"
		"cpu0.events 3\ncpu0.dropped 2\ncpu1.dropped 3\ncpu2.dropped 7\n"
		"cpu10.dropped 99\n";
	struct sastrace_sum_drops d;
	struct sastrace_summary s;
	char *got;

	sastrace_summary_init(&s);
	tap_long("drops: both readings", sastrace_sum_drops(start, end, &d), 0);
	tap_long("drops: dropped grew by 106", d.dropped, 106);
	tap_long("drops: missed grew by 2", d.missed, 2);
	/* cpu3 to cpu9 not listed (not possible CPUs): 0. */
	tap_long("drops: CPUs up to the last one listed", d.ncpu, 11);
	tap_true("drops: per CPU", d.ncpu == 11 && d.per_cpu[0] == 0 &&
		 d.per_cpu[1] == 0 && d.per_cpu[2] == 7 && d.per_cpu[3] == 0 &&
		 d.per_cpu[10] == 99,
		 "not 0 0 7 0 ... 99 (cpu2 and cpu10 were not in the first reading: from 0)");
	got = text(&s, &d, 80);
	tap_true("drops: text says lower bounds",
		 strstr(got, "\ndrops: the kernel dropped 106 records (cpu2 7, cpu10 99) and missed 2 calls: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	got = json(&s, &d);
	tap_true("drops: json",
		 strstr(got, ",\"drops\":{\"known\":true,\"dropped\":106,\"per_cpu\":[0,0,7,0,0,0,0,0,0,0,99],\"missed\":2,\"taken\":null,\"left\":0,\"old\":0,\"lower_bounds\":true}}\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);

	tap_long("drops: a counter that went down is no drop",
		 sastrace_sum_drops(end, start, &d), 0);
	tap_long("drops: went down: 0", d.dropped, 0);
	got = text(&s, &d, 80);
	tap_true("drops: none", strstr(got, "\ndrops: none: every record was counted\n") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
	sastrace_sum_drops_free(&d);

	tap_long("drops: no first reading", sastrace_sum_drops(NULL, end, &d),
		 -1);
	got = text(&s, &d, 80);
	tap_true("drops: unknown: may be lower bounds",
		 strstr(got, "\ndrops: unknown (the module's stats could not be read): the counts above may be lower bounds\n") != NULL,
		 got);
	free(got);
	got = json(&s, &d);
	tap_true("drops: unknown: json",
		 strstr(got, ",\"drops\":{\"known\":false,\"dropped\":null,\"per_cpu\":[],\"missed\":null,\"taken\":null,\"left\":0,\"old\":0,\"lower_bounds\":true}}\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);
	tap_long("drops: a reading without dropped",
		 sastrace_sum_drops("missed 1\n", end, &d), -1);
	tap_long("drops: a malformed value is no reading",
		 sastrace_sum_drops("dropped 1x\n", end, &d), -1);
	sastrace_sum_drops_free(&d);
}

/*
 * Records another reader took: per CPU, events less dropped less unread
 * grew by more than the summary read. cpu0: 10 written, 4 still unread at
 * the end (3 at the start): 9 read in all; cpu1: 5 events, 2 dropped, 3
 * written, and the 2 unread at the start read: 5; 14 in all.
 */
static void test_taken(void)
{
	static const char start[] =
		"events 100\ndropped 1\nunread 5\n"
		"cpu0.events 50\ncpu0.dropped 0\ncpu0.unread 3\n"
		"cpu1.events 50\ncpu1.dropped 1\ncpu1.unread 2\n";
	/* The totals disagree with the CPUs (read apart): the CPUs count. */
	static const char end[] =
		"events 999\ndropped 999\nunread 0\nmissed 0\n"
		"cpu0.events 60\ncpu0.dropped 0\ncpu0.unread 4\n"
		"cpu1.events 55\ncpu1.dropped 3\ncpu1.unread 0\n";
	struct sastrace_sum_drops d;
	struct sastrace_summary s;
	char *got;

	sastrace_summary_init(&s);
	tap_long("taken: both readings", sastrace_sum_drops(start, end, &d), 0);
	tap_true("taken: consumed known", d.consumed_known, "not known");
	tap_long("taken: 14 records read by anyone", d.consumed, 14);
	tap_long("taken: dropped is the sum of the CPUs' growths", d.dropped,
		 2);
	d.read = 14;
	tap_long("taken: none when the summary read them all",
		 sastrace_sum_taken(&d), 0);
	got = text(&s, &d, 80);
	tap_true("taken: none: drops line",
		 strstr(got, "\ndrops: the kernel dropped 2 records (cpu1 2): the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	d.read = 9;
	tap_long("taken: 5 by another reader", sastrace_sum_taken(&d), 5);
	got = text(&s, &d, 80);
	tap_true("taken: text",
		 strstr(got, "\ndrops: the kernel dropped 2 records (cpu1 2); 5 records were taken by another reader: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	got = json(&s, &d);
	tap_true("taken: json",
		 strstr(got, ",\"drops\":{\"known\":true,\"dropped\":2,\"per_cpu\":[0,2],\"missed\":0,\"taken\":5,\"left\":0,\"old\":0,\"lower_bounds\":true}}\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);

	/* No per-CPU lines: the totals (100-1-5 = 94, 130-1-9 = 120). */
	tap_long("taken: totals only",
		 sastrace_sum_drops("events 100\ndropped 1\nunread 5\n",
				    "events 130\ndropped 1\nunread 9\n", &d), 0);
	tap_long("taken: from the totals", d.consumed, 26);
	d.read = 20;
	got = text(&s, &d, 80);
	tap_true("taken: only taken",
		 strstr(got, "\ndrops: 6 records were taken by another reader: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	got = json(&s, &d);
	tap_true("taken: only taken: json",
		 strstr(got, ",\"drops\":{\"known\":true,\"dropped\":0,\"per_cpu\":[],\"missed\":0,\"taken\":6,\"left\":0,\"old\":0,\"lower_bounds\":true}}\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);

	/* Without unread (an older module): not known, null. */
	sastrace_sum_drops("events 1\ndropped 0\n", "events 9\ndropped 0\n",
			   &d);
	tap_true("taken: without unread: not known", !d.consumed_known,
		 "known");
	got = json(&s, &d);
	tap_true("taken: not known: null",
		 strstr(got, "\"missed\":0,\"taken\":null,\"left\":0,\"old\":0,\"lower_bounds\":false}}\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);
	sastrace_summary_free(&s);
}

/* Values: digits only; CPUs: any number, one pass; missed 0 not said. */
static void test_stats_parse(void)
{
	struct sastrace_sum_drops d;
	struct sastrace_summary s;
	char *got;

	sastrace_summary_init(&s);
	tap_long("parse: a sign is no value",
		 sastrace_sum_drops("dropped -1\n", "dropped 0\n", &d), -1);
	sastrace_sum_drops_free(&d);
	tap_long("parse: a plus is no value",
		 sastrace_sum_drops("dropped 0\n", "dropped +1\n", &d), -1);
	sastrace_sum_drops_free(&d);
	tap_long("parse: a second space is no value",
		 sastrace_sum_drops("dropped  1\n", "dropped 3\n", &d), -1);
	sastrace_sum_drops_free(&d);
	tap_long("parse: a negative missed is left out",
		 sastrace_sum_drops("dropped 0\nmissed 0\n",
				    "dropped 0\nmissed -1\n", &d), 0);
	tap_long("parse: missed stays 0", d.missed, 0);
	sastrace_sum_drops_free(&d);

	tap_long("parse: CPUs beyond 4096",
		 sastrace_sum_drops("dropped 0\ncpu5000.dropped 1\n",
				    "dropped 0\ncpu01.dropped 9\ncpu5000.dropped 4\ncpu5001.dropped -2\ncpux.dropped 3\n",
				    &d), 0);
	tap_long("parse: cpu5000 is the last", d.ncpu, 5001);
	tap_true("parse: cpu5000 grew by 3; cpu01 is not cpu1",
		 d.ncpu == 5001 && d.per_cpu[5000] == 3 && d.per_cpu[1] == 0,
		 "per_cpu");
	tap_long("parse: the total is the CPUs' sum", d.dropped, 3);
	got = text(&s, &d, 80);
	tap_true("parse: missed 0 is not said",
		 strstr(got, "\ndrops: the kernel dropped 3 records (cpu5000 3): the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);

	sastrace_sum_drops("dropped 0\nmissed 1\n", "dropped 0\nmissed 4\n",
			   &d);
	got = text(&s, &d, 80);
	tap_true("parse: only missed",
		 strstr(got, "\ndrops: the kernel dropped 0 records and missed 3 calls: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	sastrace_sum_drops_free(&d);
	sastrace_summary_free(&s);
}

/* A set a race turned into SS_DISABLE installed nothing: no size. */
static void test_toctou_disable(void)
{
	struct sastrace_summary s;
	struct fx_rec r;
	char *got;

	sastrace_summary_init(&s);
	add(&s, call(6, "r", SASTRACE_HOOK_KPROBE,
		     fx_value(1, 0x1000, 0, 8192), 0, 0));
	r = call(6, "r", SASTRACE_HOOK_KPROBE, fx_value(1, 0x1000, 0, 8192),
		 0, SASTRACE_RF_TOCTOU);
	r.call.installed = fx_value(0, 0, SASTRACE_SS_DISABLE, 0);
	add(&s, r);
	got = json(&s, &no_drops);
	tap_true("toctou to disable: last_size null",
		 !strncmp(got, "{\"processes\":[{\"pid\":6,\"comm\":\"r\",\"set\":2,\"disable\":0,\"query\":0,\"errors\":0,\"errnos\":{},\"toctou\":1,\"small\":0,\"deliver\":0,\"overflow\":0,\"onstack_unavailable\":0,\"frame_fault\":0,\"last_size\":null,",
			  strlen("{\"processes\":[{\"pid\":6,\"comm\":\"r\",\"set\":2,\"disable\":0,\"query\":0,\"errors\":0,\"errnos\":{},\"toctou\":1,\"small\":0,\"deliver\":0,\"overflow\":0,\"onstack_unavailable\":0,\"frame_fault\":0,\"last_size\":null,")),
		 got);
	free(got);
	got = text(&s, &no_drops, 80);
	tap_true("toctou to disable: last_size -",
		 strstr(got, "\n6      r       2        0      0       0       1      0        0         0                    0            0          -             -                -  -\n") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
}

/*
 * The summary's time: records older than since_ns or newer than until_ns
 * are left out and counted; the ones left in the rings make lower bounds.
 */
static void test_window(void)
{
	struct sastrace_sum_drops d = { .known = true };
	struct sastrace_summary s;
	struct fx_rec r;
	char *got;

	sastrace_summary_init(&s);
	s.since_ns = 100;
	s.until_ns = 200;
	r = sig(7, "w", SASTRACE_SIG_DELIVER, 1000);
	r.h.ts_ns = 99;
	add(&s, r);
	r.h.ts_ns = 100;
	add(&s, r);
	r.h.ts_ns = 200;
	add(&s, r);
	r.h.ts_ns = 201;
	add(&s, r);
	r = call(7, "w", SASTRACE_HOOK_KPROBE, fx_value(1, 0x1000, 0, 8192),
		 0, 0);
	r.h.ts_ns = 50;
	add(&s, r);
	tap_long("window: old", s.old, 2);
	tap_long("window: late", s.late, 1);
	tap_long("window: counted", s.n == 1 ? s.rows[0].deliver : 99, 2);
	tap_long("window: the old call not counted",
		 s.n == 1 ? s.rows[0].set : 99, 0);
	d.left = 3;
	got = text(&s, &d, 80);
	tap_true("window: text",
		 strstr(got, "\nold: 2 records from before the start were left out\ndrops: 3 records were left unread at the end: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	got = json(&s, &d);
	tap_true("window: json",
		 strstr(got, ",\"drops\":{\"known\":true,\"dropped\":0,\"per_cpu\":[],\"missed\":0,\"taken\":null,\"left\":3,\"old\":2,\"lower_bounds\":true}}\n") != NULL,
		 got);
	free(got);
	d.dropped = 4;
	d.consumed_known = true;
	d.consumed = 10;
	d.read = 9;
	got = text(&s, &d, 80);
	tap_true("window: every clause",
		 strstr(got, "\ndrops: the kernel dropped 4 records; 1 records were taken by another reader; 3 records were left unread at the end: the counts above are lower bounds\n") != NULL,
		 got);
	free(got);
	sastrace_summary_free(&s);
}

/*
 * Many processes: the map pid -> row finds each again (pids that collide
 * in any power-of-2 table, pid 0, the largest pid); rows in first-record
 * order until sorted, and found again after sorting.
 */
static void test_many(void)
{
	struct sastrace_summary s;
	unsigned int i, bad = 0;
	__u32 pid;

	sastrace_summary_init(&s);
	for (i = 0; i < 2 * 50000; i++) {
		/* 0, 65536, 131072, ...: the same slot in small tables. */
		pid = i < 50000 ? i * 65536U : (i - 50000) * 65536U;
		add(&s, sig(pid, "m", SASTRACE_SIG_DELIVER, i % 3));
	}
	add(&s, sig(0xffffffffU, "m", SASTRACE_SIG_OVERFLOW, 0));
	tap_long("many: 50001 rows", s.n, 50001);
	for (i = 0; i < 50000 && s.n == 50001; i++)
		if (s.rows[i].pid != i * 65536U || s.rows[i].deliver != 2)
			bad++;
	tap_long("many: each row has its own 2 deliveries", bad, 0);
	sastrace_summary_sort(&s);
	tap_long("many: after sorting, the overflow first",
		 s.n ? s.rows[0].pid : 0, 0xffffffffU);
	add(&s, sig(65536, "m", SASTRACE_SIG_OVERFLOW, 0));
	tap_long("many: a pid is found again after sorting", s.n, 50001);
	for (i = 0; i < s.n; i++)
		if (s.rows[i].pid == 65536)
			tap_long("many: that row counted it", s.rows[i].overflow,
				 1);
	sastrace_summary_free(&s);
}

/*
 * The headrooms as distinct values with counts: min and lower median exact
 * from the counts, in a row and in the total (merged across rows).
 */
static void test_median_counts(void)
{
	static const __s64 a[] = { 5, 5, 5, 1, 1, 9 };	/* 1 1 5 5 5 9 */
	static const __s64 b[] = { 9, 9, 9, 9, -3 };
	struct sastrace_sum_row total;
	struct sastrace_summary s;
	__s64 min = 0, median = 0;
	size_t i;

	sastrace_summary_init(&s);
	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		add(&s, sig(1, "a", SASTRACE_SIG_DELIVER, a[i]));
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		add(&s, sig(2, "b", SASTRACE_SIG_DELIVER, b[i]));
	tap_true("median counts: rows", s.n == 2, "not 2 rows");
	if (s.n != 2) {
		sastrace_summary_free(&s);
		return;
	}
	tap_long("median counts: 3 distinct values kept", s.rows[0].nhv, 3);
	sastrace_sum_median(&s.rows[0], &min, &median);
	tap_true("median counts: a: min 1, lower median 5",
		 min == 1 && median == 5, "not 1, 5");
	sastrace_sum_median(&s.rows[1], &min, &median);
	tap_true("median counts: b: min -3, lower median 9",
		 min == -3 && median == 9, "not -3, 9");
	/* -3 1 1 5 5 5 9 9 9 9 9: the 6th of 11 is 5. */
	if (sastrace_summary_total(&s, &total)) {
		tap_true("median counts: total", 0, "out of memory");
	} else {
		sastrace_sum_median(&total, &min, &median);
		tap_true("median counts: total: min -3, lower median 5, 11 deliveries",
			 min == -3 && median == 5 && total.nh == 11 &&
			 total.nhv == 4, "not -3, 5, 11, 4 distinct");
		tap_true("median counts: total: 9 merged, 1 + 4",
			 total.nhv == 4 && total.headrooms[3].v == 9 &&
			 total.headrooms[3].n == 5, "not 9 x 5");
		sastrace_sum_row_free(&total);
	}
	sastrace_summary_free(&s);
}

/* An escaped comm in the table and the histogram; a JSON string in JSON. */
static void test_comm(void)
{
	struct sastrace_summary s;
	char *got;

	sastrace_summary_init(&s);
	add(&s, sig(8, "a b\"\\", SASTRACE_SIG_DELIVER, 1));
	got = text(&s, &no_drops, 80);
	tap_true("comm escaped in the table and the histogram",
		 strstr(got, "\n8      a\\x20b\"\\x5c  ") &&
		 strstr(got, "\n@headroom[8, a\\x20b\"\\x5c]:\n[1]  "), got);
	free(got);
	got = json(&s, &no_drops);
	tap_true("comm as a JSON string",
		 strstr(got, "{\"pid\":8,\"comm\":\"a b\\\"\\\\\",") != NULL, got);
	free(got);
	sastrace_summary_free(&s);
}

int main(void)
{
	test_buckets();
	test_empty();
	test_one();
	test_extremes();
	test_calls();
	test_errnos_other();
	test_sort_and_total();
	test_drops();
	test_taken();
	test_stats_parse();
	test_toctou_disable();
	test_window();
	test_many();
	test_median_counts();
	test_comm();
	return tap_done();
}
