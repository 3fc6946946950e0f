// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the decoder (module/format.c), run inside the kernel it
 * is built into: every ss_flags combination, NULL / unreadable / unwritten
 * arguments, compat records, comm escaping and the exact `events` line.
 */
#include <kunit/test.h>
#include "format.h"

static void expect_flags(struct kunit *test, u32 flags, const char *want)
{
	char buf[80];

	KUNIT_EXPECT_EQ(test, (int)strlen(want),
			sastrace_format_flags(buf, sizeof(buf), flags));
	KUNIT_EXPECT_STREQ(test, want, buf);
}

static void format_flags_every_combination(struct kunit *test)
{
	static const char * const names[8] = {
		"0", "SS_ONSTACK", "SS_DISABLE", "SS_ONSTACK|SS_DISABLE",
		"SS_AUTODISARM", "SS_ONSTACK|SS_AUTODISARM",
		"SS_DISABLE|SS_AUTODISARM",
		"SS_ONSTACK|SS_DISABLE|SS_AUTODISARM",
	};
	int i;

	for (i = 0; i < 8; i++) {
		u32 f = (i & 1 ? SASTRACE_SS_ONSTACK : 0) |
			(i & 2 ? SASTRACE_SS_DISABLE : 0) |
			(i & 4 ? SASTRACE_SS_AUTODISARM : 0);

		expect_flags(test, f, names[i]);
	}
	expect_flags(test, SASTRACE_SS_DISABLE | 4, "SS_DISABLE|0x4");
	expect_flags(test, 4, "0x4 /* SS_??? */");
	expect_flags(test, 0x70000000, "0x70000000 /* SS_??? */");
	expect_flags(test, SASTRACE_SS_AUTODISARM | 0x10,
		     "SS_AUTODISARM|0x10");
}

static void set_stack(struct sastrace_stack *s, u32 state, u64 addr, u64 sp,
		      u32 flags, u64 size)
{
	s->state = state;
	s->addr = addr;
	s->sp = sp;
	s->flags = flags;
	s->size = size;
}

static void format_stack_states(struct kunit *test)
{
	struct sastrace_stack s = {};
	char buf[160];

	s.state = SASTRACE_ARG_NULL;
	sastrace_format_stack(buf, sizeof(buf), &s);
	KUNIT_EXPECT_STREQ(test, "NULL", buf);

	set_stack(&s, SASTRACE_ARG_VALUE, 0x1000, 0x7f1200000000,
		  SASTRACE_SS_ONSTACK, 8192);
	sastrace_format_stack(buf, sizeof(buf), &s);
	KUNIT_EXPECT_STREQ(test,
		"{ss_sp=0x7f1200000000, ss_flags=SS_ONSTACK, ss_size=8192}", buf);

	s.sp = 0;
	s.flags = SASTRACE_SS_DISABLE;
	s.size = 0;
	sastrace_format_stack(buf, sizeof(buf), &s);
	KUNIT_EXPECT_STREQ(test, "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}",
			   buf);

	s.state = SASTRACE_ARG_FAULT;
	sastrace_format_stack(buf, sizeof(buf), &s);
	KUNIT_EXPECT_STREQ(test, "0x1000", buf);

	s.state = SASTRACE_ARG_UNWRITTEN;
	s.addr = 0x7ffc0000abc0;
	sastrace_format_stack(buf, sizeof(buf), &s);
	KUNIT_EXPECT_STREQ(test, "0x7ffc0000abc0", buf);
}

/* A call record as the decoders hold it: header, then its payload. */
struct call_record {
	struct sastrace_header h;
	struct sastrace_call c;
};

/* Records and lines live on the heap: KASAN makes stack frames large. */
static struct call_record *base_record(struct kunit *test)
{
	struct call_record *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->h.magic = SASTRACE_MAGIC;
	r->h.version = SASTRACE_VERSION;
	r->h.size = sizeof(*r);
	r->h.kind = SASTRACE_KIND_CALL;
	r->h.ts_ns = 12345678901ULL;
	r->h.cpu = 1;
	r->h.tgid = 5;
	r->h.tid = 6;
	r->h.hook = SASTRACE_HOOK_KPROBE;
	strscpy(r->h.comm, "demo", sizeof(r->h.comm));
	return r;
}

static void format_record_lines(struct kunit *test)
{
	struct call_record *cr = base_record(test);
	struct sastrace_call *r = &cr->c;
	char *buf = kunit_kzalloc(test, SASTRACE_LINE_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	set_stack(&r->ss, SASTRACE_ARG_VALUE, 0x2000, 0x7f1200,
		  SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192);
	set_stack(&r->old_ss, SASTRACE_ARG_UNWRITTEN, 0x1000, 0, 0, 0);
	r->ret = -22;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack({ss_sp=0x7f1200, ss_flags=SS_ONSTACK|SS_AUTODISARM, ss_size=8192}, 0x1000) = -22 EINVAL\n",
		buf);

	set_stack(&r->ss, SASTRACE_ARG_FAULT, 0x10, 0, 0, 0);
	set_stack(&r->old_ss, SASTRACE_ARG_NULL, 0, 0, 0, 0);
	r->ret = -14;
	cr->h.ts_ns = 7;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"0.000000007 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack(0x10, NULL) = -14 EFAULT\n",
		buf);

	/* A compat record: 32-bit values, the compat hook name. */
	cr->h.hook = SASTRACE_HOOK_COMPAT;
	set_stack(&r->ss, SASTRACE_ARG_NULL, 0, 0, 0, 0);
	set_stack(&r->old_ss, SASTRACE_ARG_VALUE, 0x8000, 0x10000, 0, 16384);
	r->ret = 0;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"0.000000007 cpu=1 pid=5 tid=6 comm=demo compat sigaltstack(NULL, {ss_sp=0x10000, ss_flags=0, ss_size=16384}) = 0\n",
		buf);

	/* An errno without a name, and a value outside -4095..-1. */
	r->ret = -300;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, ") = -300\n"));
	r->ret = -(1LL << 32) - 22;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, ") = -4294967318\n"));
}

/* A sigaction record: strace's rt_sigaction, in the kernel's build. */
static void format_sigaction_line(struct kunit *test)
{
	struct call_record *cr = base_record(test);
	struct sastrace_sigaction *a = (struct sastrace_sigaction *)&cr->c;
	char *buf = kunit_kzalloc(test, SASTRACE_LINE_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	cr->h.kind = SASTRACE_KIND_SIGACTION;
	cr->h.hook = SASTRACE_HOOK_SIGACTION;
	a->signo = 11;
	a->act.handler = 0x401770;
	a->act.flags = SASTRACE_SA_RESTORER | SASTRACE_SA_ONSTACK |
		       SASTRACE_SA_SIGINFO;
	a->act.mask = ~((1ULL << 8) | (1ULL << 18));
	a->act.restorer = 0x7f0010;
	a->old.handler = 1;
	a->old.mask = (1ULL << 9) | (1ULL << 14);
	a->aflags = SASTRACE_AF_OLD | SASTRACE_AF_OLD_VALUE |
		    SASTRACE_AF_RESTORER;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo sigaction rt_sigaction(SIGSEGV, {sa_handler=0x401770, sa_mask=~[KILL STOP], sa_flags=SA_RESTORER|SA_ONSTACK|SA_SIGINFO, sa_restorer=0x7f0010}, {sa_handler=SIG_IGN, sa_mask=[USR1 TERM], sa_flags=0}, 8) = 0\n",
		buf);

	a->signo = 65;
	a->ret = -22;
	a->aflags = SASTRACE_AF_OLD;
	a->act.flags = 0x100;
	a->act.mask = 0;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo sigaction rt_sigaction(65, {sa_handler=0x401770, sa_mask=[], sa_flags=0x100 /* SA_??? */}, ?, 8) = -22 EINVAL\n",
		buf);
}

static void format_comm_escapes(struct kunit *test)
{
	char buf[4 * SASTRACE_COMM_LEN + 1];
	char comm[SASTRACE_COMM_LEN] = "a b\\c\x01";

	sastrace_format_comm(buf, sizeof(buf), comm);
	KUNIT_EXPECT_STREQ(test, "a\\x20b\\x5cc\\x01", buf);
	/* An unterminated 16-byte comm stops at 16 bytes. */
	memset(comm, 'x', sizeof(comm));
	sastrace_format_comm(buf, sizeof(buf), comm);
	KUNIT_EXPECT_STREQ(test, "xxxxxxxxxxxxxxxx", buf);
}

static void format_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, "EPERM", sastrace_errno_name(1));
	KUNIT_EXPECT_STREQ(test, "ENOMEM", sastrace_errno_name(12));
	KUNIT_EXPECT_STREQ(test, "EFAULT", sastrace_errno_name(14));
	KUNIT_EXPECT_STREQ(test, "EINVAL", sastrace_errno_name(22));
	KUNIT_EXPECT_NULL(test, sastrace_errno_name(0));
	KUNIT_EXPECT_NULL(test, sastrace_errno_name(-22));
	KUNIT_EXPECT_NULL(test, sastrace_errno_name(100000));
	KUNIT_EXPECT_STREQ(test, "kprobe", sastrace_hook_name(SASTRACE_HOOK_KPROBE));
	KUNIT_EXPECT_STREQ(test, "compat", sastrace_hook_name(SASTRACE_HOOK_COMPAT));
	KUNIT_EXPECT_STREQ(test, "uprobe", sastrace_hook_name(SASTRACE_HOOK_UPROBE));
	KUNIT_EXPECT_STREQ(test, "unknown", sastrace_hook_name(0));
}

/*
 * The kind table as sastrace.ko builds it: every kind found by its id, its
 * payload within what a decoder's copy holds and covered by its `format`
 * fields, no JSON in the kernel, and the ring's record the largest kind's;
 * a kind it does not know is printed by its number.
 */
/* Whether fields cover a struct of @size bytes in order, no gap. */
static bool fields_cover(const struct sastrace_field *f, unsigned int n,
			 size_t size)
{
	size_t end = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (f[i].offset != end)
			return false;
		end += f[i].size;
	}
	return end == size;
}

static void format_kinds(struct kunit *test)
{
	struct call_record *cr = base_record(test);
	char *buf = kunit_kzalloc(test, SASTRACE_LINE_MAX, GFP_KERNEL);
	size_t max = 0;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < sastrace_nr_kinds; i++) {
		const struct sastrace_kind_desc *k = &sastrace_kinds[i];

		KUNIT_EXPECT_PTR_EQ(test, k, sastrace_kind_find(k->id));
		KUNIT_EXPECT_LE(test, k->min_payload, k->payload_size);
		KUNIT_EXPECT_LE(test, k->payload_size, SASTRACE_PAYLOAD_MAX);
		KUNIT_EXPECT_NULL(test, k->json);
		KUNIT_EXPECT_TRUE_MSG(test, fields_cover(k->fields, k->nr_fields,
							 k->payload_size),
				      "the %s fields do not cover its payload",
				      k->name);
		max = max_t(size_t, max, k->payload_size);
	}
	KUNIT_EXPECT_EQ(test, sizeof(struct sastrace_header) + max,
			sastrace_kind_max_size());
	KUNIT_EXPECT_TRUE(test, fields_cover(sastrace_header_fields,
					     sastrace_nr_header_fields,
					     sizeof(struct sastrace_header)));
	KUNIT_EXPECT_EQ(test, sastrace_format_describe(NULL, 0),
			sastrace_format_describe(buf, SASTRACE_LINE_MAX));
	KUNIT_EXPECT_NULL(test, sastrace_kind_find(0));
	KUNIT_EXPECT_NULL(test, sastrace_kind_find(99));
	cr->h.kind = 99;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kind=99\n", buf);
}

/*
 * ABI version 5's header: 64 bytes, the new fields appended to version 4's
 * 48; the namespace ids printed only when they are not the initial
 * namespace's (the cgroup is the reader's to print).
 */
static void format_header_v5(struct kunit *test)
{
	struct call_record *cr = base_record(test);
	char *buf = kunit_kzalloc(test, SASTRACE_LINE_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, sizeof(struct sastrace_header), 64);
	KUNIT_EXPECT_EQ(test, offsetof(struct sastrace_header, comm), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct sastrace_header, cgroup_id), 48);
	KUNIT_EXPECT_EQ(test, offsetof(struct sastrace_header, ns_tgid), 56);
	KUNIT_EXPECT_EQ(test, offsetof(struct sastrace_header, ns_tid), 60);
	cr->h.cgroup_id = 1234;
	cr->h.ns_tgid = 5;
	cr->h.ns_tid = 6;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack(NULL, NULL) = 0\n",
		buf);
	cr->h.ns_tgid = 1;
	cr->h.ns_tid = 2;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack(NULL, NULL) = 0 nspid=1 nstid=2\n",
		buf);
	cr->h.ns_tid = 1;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack(NULL, NULL) = 0 nspid=1\n",
		buf);
	/* A version 4 record has none. */
	cr->h.version = 4;
	sastrace_format_record(buf, SASTRACE_LINE_MAX, &cr->h);
	KUNIT_EXPECT_STREQ(test,
		"12.345678901 cpu=1 pid=5 tid=6 comm=demo kprobe sigaltstack(NULL, NULL) = 0\n",
		buf);
}

static struct kunit_case format_cases[] = {
	KUNIT_CASE(format_flags_every_combination),
	KUNIT_CASE(format_stack_states),
	KUNIT_CASE(format_record_lines),
	KUNIT_CASE(format_sigaction_line),
	KUNIT_CASE(format_comm_escapes),
	KUNIT_CASE(format_names),
	KUNIT_CASE(format_kinds),
	KUNIT_CASE(format_header_v5),
	{}
};

static struct kunit_suite format_suite = {
	.name = "sastrace_format",
	.test_cases = format_cases,
};
kunit_test_suite(format_suite);
