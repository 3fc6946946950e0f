// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the per-CPU ring (module/ring.c): order, wrap-around,
 * exact drop accounting when full, a nested producer, record boundaries and
 * a consumer racing a producer on another CPU.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include "ring.h"

/* A test record: what a producer wrote, and padding to a realistic size. */
struct trec {
	u64 seq;
	u8 fill[112];
};

#define SLOT_BYTES (sizeof(unsigned long) + sizeof(struct trec))

static struct sastrace_ring *ring_new(struct kunit *test, size_t slots)
{
	struct sastrace_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, 0, sastrace_ring_init(r, sizeof(struct trec),
						    slots * SLOT_BYTES));
	KUNIT_ASSERT_EQ(test, slots, sastrace_ring_capacity(r));
	return r;
}

/* Produce one record on this CPU; returns whether it was accepted. */
static bool produce(struct sastrace_ring *r, u64 seq)
{
	struct sastrace_ring_slot slot;
	struct trec *t;
	bool ok;

	preempt_disable();
	ok = sastrace_ring_reserve(r, &slot);
	if (ok) {
		t = slot.data;
		t->seq = seq;
		memset(t->fill, (u8)seq, sizeof(t->fill));
		sastrace_ring_commit(r, &slot);
	}
	preempt_enable();
	return ok;
}

/* Consume one record of @cpu's ring; U64_MAX when empty. */
static u64 consume(struct kunit *test, struct sastrace_ring *r, int cpu)
{
	const struct trec *t = sastrace_ring_peek(r, cpu);
	u64 seq;
	int i;

	if (!t)
		return U64_MAX;
	seq = t->seq;
	for (i = 0; i < sizeof(t->fill); i++)
		KUNIT_EXPECT_EQ(test, (u8)seq, t->fill[i]);
	sastrace_ring_consume(r, cpu);
	return seq;
}

static void ring_order_and_stats(struct kunit *test)
{
	struct sastrace_ring *r = ring_new(test, 8);
	struct sastrace_ring_stats st;
	int cpu, i;

	cpu = get_cpu();
	put_cpu();
	/* Pin: the records must land in this CPU's ring. */
	set_cpus_allowed_ptr(current, cpumask_of(cpu));
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, produce(r, 100 + i));
	sastrace_ring_read_stats(r, cpu, &st);
	KUNIT_EXPECT_EQ(test, 5ULL, st.written);
	KUNIT_EXPECT_EQ(test, 0ULL, st.dropped);
	KUNIT_EXPECT_EQ(test, 5ULL, st.unread);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, 100ULL + i, consume(test, r, cpu));
	KUNIT_EXPECT_EQ(test, U64_MAX, consume(test, r, cpu));
	KUNIT_EXPECT_TRUE(test, sastrace_ring_empty(r));
	sastrace_ring_read_stats(r, cpu, &st);
	KUNIT_EXPECT_EQ(test, 0ULL, st.unread);
	sastrace_ring_free(r);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static void ring_full_drops_exactly(struct kunit *test)
{
	struct sastrace_ring *r = ring_new(test, 4);
	struct sastrace_ring_stats st;
	int cpu, i, accepted = 0;

	cpu = get_cpu();
	put_cpu();
	set_cpus_allowed_ptr(current, cpumask_of(cpu));
	for (i = 0; i < 10; i++)
		accepted += produce(r, i);
	KUNIT_EXPECT_EQ(test, 4, accepted);
	sastrace_ring_read_stats(r, cpu, &st);
	KUNIT_EXPECT_EQ(test, 4ULL, st.written);
	KUNIT_EXPECT_EQ(test, 6ULL, st.dropped);
	/* The oldest records survive: a full ring never overwrites. */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, (u64)i, consume(test, r, cpu));
	KUNIT_EXPECT_EQ(test, U64_MAX, consume(test, r, cpu));
	sastrace_ring_free(r);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static void ring_wraps_around(struct kunit *test)
{
	struct sastrace_ring *r = ring_new(test, 4);
	u64 next = 0, expect = 0;
	int cpu, round, i;

	cpu = get_cpu();
	put_cpu();
	set_cpus_allowed_ptr(current, cpumask_of(cpu));
	/* 3 in, 2 out, many times: positions run far past the ring size. */
	for (round = 0; round < 50; round++) {
		for (i = 0; i < 3; i++)
			if (produce(r, next))
				next++;
		for (i = 0; i < 2; i++) {
			u64 got = consume(test, r, cpu);

			if (got == U64_MAX)
				break;
			KUNIT_ASSERT_EQ(test, expect, got);
			expect++;
		}
	}
	while (consume(test, r, cpu) != U64_MAX)
		expect++;
	KUNIT_EXPECT_EQ(test, next, expect);
	KUNIT_EXPECT_GT(test, next, 4ULL * 10);
	sastrace_ring_free(r);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static void ring_nested_producer(struct kunit *test)
{
	struct sastrace_ring *r = ring_new(test, 8);
	struct sastrace_ring_slot outer, inner;
	struct trec *t;
	int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	/* The outer producer reserves, then is "interrupted" by another. */
	KUNIT_ASSERT_TRUE(test, sastrace_ring_reserve(r, &outer));
	KUNIT_ASSERT_TRUE(test, sastrace_ring_reserve(r, &inner));
	KUNIT_EXPECT_NE(test, outer.pos, inner.pos);
	KUNIT_EXPECT_PTR_NE(test, outer.data, inner.data);
	t = inner.data;
	t->seq = 2;
	memset(t->fill, 2, sizeof(t->fill));
	sastrace_ring_commit(r, &inner);
	/* The older slot is still being written: nothing is readable yet. */
	KUNIT_EXPECT_NULL(test, sastrace_ring_peek(r, cpu));
	t = outer.data;
	t->seq = 1;
	memset(t->fill, 1, sizeof(t->fill));
	sastrace_ring_commit(r, &outer);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, 1ULL, consume(test, r, cpu));
	KUNIT_EXPECT_EQ(test, 2ULL, consume(test, r, cpu));
	KUNIT_EXPECT_EQ(test, U64_MAX, consume(test, r, cpu));
	sastrace_ring_free(r);
}

static void ring_record_boundaries(struct kunit *test)
{
	struct sastrace_ring *r = ring_new(test, 3);
	struct sastrace_ring_slot s[3];
	int i;

	preempt_disable();
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_TRUE(test, sastrace_ring_reserve(r, &s[i]));
	for (i = 1; i < 3; i++) {
		/* Records do not overlap and stay 8-byte aligned. */
		KUNIT_EXPECT_GE(test, (long)(s[i].data - s[i - 1].data),
				(long)sizeof(struct trec));
		KUNIT_EXPECT_EQ(test, 0UL, (unsigned long)s[i].data % 8);
	}
	for (i = 0; i < 3; i++)
		sastrace_ring_commit(r, &s[i]);
	preempt_enable();
	sastrace_ring_free(r);
}

struct race {
	struct sastrace_ring *ring;
	u64 n;
	u64 accepted;
	bool done;
};

static int race_producer(void *arg)
{
	struct race *rc = arg;
	u64 i;

	for (i = 0; i < rc->n; i++) {
		if (produce(rc->ring, rc->accepted))
			rc->accepted++;
		if (!(i % 64))
			cond_resched();
	}
	smp_store_release(&rc->done, true);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void ring_reader_races_producer(struct kunit *test)
{
	struct race rc = { .n = 20000 };
	struct sastrace_ring_stats st;
	struct task_struct *p;
	u64 expect = 0, got;
	bool done;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	rc.ring = ring_new(test, 16);
	p = kthread_create(race_producer, &rc, "sastrace-race");
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	kthread_bind(p, 0);
	set_cpus_allowed_ptr(current, cpumask_of(1));
	wake_up_process(p);
	/* Consume CPU 0's ring from CPU 1 while CPU 0 fills it. */
	for (;;) {
		done = smp_load_acquire(&rc.done);
		got = consume(test, rc.ring, 0);
		if (got == U64_MAX) {
			if (done)
				break;
			cond_resched();
			continue;
		}
		KUNIT_ASSERT_EQ(test, expect, got);
		expect++;
	}
	kthread_stop(p);
	sastrace_ring_read_stats(rc.ring, 0, &st);
	/* Nothing lost silently: read + dropped == produced, in order. */
	KUNIT_EXPECT_EQ(test, rc.accepted, expect);
	KUNIT_EXPECT_EQ(test, rc.n, st.written + st.dropped);
	KUNIT_EXPECT_EQ(test, rc.accepted, st.written);
	sastrace_ring_free(rc.ring);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_order_and_stats),
	KUNIT_CASE(ring_full_drops_exactly),
	KUNIT_CASE(ring_wraps_around),
	KUNIT_CASE(ring_nested_producer),
	KUNIT_CASE(ring_record_boundaries),
	KUNIT_CASE(ring_reader_races_producer),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "sastrace_ring",
	.test_cases = ring_cases,
};
kunit_test_suite(ring_suite);

MODULE_DESCRIPTION("KUnit suites for sastrace's ring and decoder");
MODULE_LICENSE("GPL");
