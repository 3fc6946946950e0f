// SPDX-License-Identifier: GPL-2.0
/*
 * Lockless per-CPU ring of fixed-size records (see ring.h).
 *
 * Each slot starts with a sequence word: a producer reserves position p by
 * advancing the CPU's head with a local cmpxchg (safe against a nested
 * producer from an interrupt on the same CPU), fills the slot and publishes
 * it by storing seq = p + 1 with release semantics. The consumer reads the
 * slot at its tail only once seq == tail + 1, copies it out and then
 * releases tail; a producer reserves only while head - tail < nslots, so an
 * unread slot is never reused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "ring.h"

struct ring_slot_hdr {
	unsigned long seq;
};

struct sastrace_ring_cpu {
	local_t head;		/* next position to reserve (producers) */
	unsigned long tail;	/* next position to consume (consumer) */
	local_t written;
	local_t dropped;
	unsigned long nslots;
	size_t slot_size;
	void *slots;
	struct irq_work wake_work;
	struct sastrace_ring *ring;
};

static struct ring_slot_hdr *ring_slot(struct sastrace_ring_cpu *c,
				       unsigned long pos)
{
	return c->slots + (pos % c->nslots) * c->slot_size;
}

static void ring_wake(struct irq_work *work)
{
	struct sastrace_ring_cpu *c =
		container_of(work, struct sastrace_ring_cpu, wake_work);

	WRITE_ONCE(c->ring->waiters_pending, false);
	wake_up_all(&c->ring->wait);
}

/**
 * sastrace_ring_init() - allocate one ring per possible CPU
 * @ring:          the ring set to initialise
 * @rec_size:      bytes of one record
 * @bytes_per_cpu: memory for each CPU's slots
 *
 * Return: 0, -EINVAL when not even two records fit, or -ENOMEM.
 */
int sastrace_ring_init(struct sastrace_ring *ring, size_t rec_size,
		       size_t bytes_per_cpu)
{
	size_t slot_size = ALIGN(sizeof(struct ring_slot_hdr) + rec_size,
				 sizeof(u64));
	int cpu;

	if (bytes_per_cpu / slot_size < 2)
		return -EINVAL;
	ring->rec_size = rec_size;
	ring->waiters_pending = false;
	ring->stopping = false;
	init_waitqueue_head(&ring->wait);
	/* A failed allocation is the load's error (one line), no splat. */
	ring->cpus = alloc_percpu_gfp(struct sastrace_ring_cpu,
				      GFP_KERNEL | __GFP_NOWARN);
	if (!ring->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct sastrace_ring_cpu *c = per_cpu_ptr(ring->cpus, cpu);

		c->ring = ring;
		c->slot_size = slot_size;
		c->nslots = bytes_per_cpu / slot_size;
		local_set(&c->head, 0);
		local_set(&c->written, 0);
		local_set(&c->dropped, 0);
		init_irq_work(&c->wake_work, ring_wake);
		/*
		 * vzalloc() without its warning on failure (the node-aware
		 * __vmalloc_node() is not exported to modules).
		 */
		c->slots = __vmalloc(c->nslots * slot_size,
				     GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
		if (!c->slots) {
			sastrace_ring_free(ring);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * sastrace_ring_capacity() - records one CPU's ring holds
 * @ring: the ring set
 *
 * Return: the number of slots per CPU.
 */
size_t sastrace_ring_capacity(const struct sastrace_ring *ring)
{
	return per_cpu_ptr(ring->cpus, cpumask_first(cpu_possible_mask))->nslots;
}

/**
 * sastrace_ring_stop() - wait for pending wake-ups, then wake every reader
 * @ring: the ring set; producers must already be gone
 */
void sastrace_ring_stop(struct sastrace_ring *ring)
{
	int cpu;

	if (!ring->cpus)
		return;
	WRITE_ONCE(ring->stopping, true);
	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(ring->cpus, cpu)->wake_work);
	wake_up_all(&ring->wait);
}

/**
 * sastrace_ring_free() - free the rings; no producer or reader may remain
 * @ring: the ring set
 */
void sastrace_ring_free(struct sastrace_ring *ring)
{
	int cpu;

	if (!ring->cpus)
		return;
	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(ring->cpus, cpu)->slots);
	free_percpu(ring->cpus);
	ring->cpus = NULL;
}

/**
 * sastrace_ring_reserve() - claim the next slot of this CPU's ring
 * @ring: the ring set
 * @slot: filled with the slot on success
 *
 * Context: preemption disabled until sastrace_ring_commit(). Any context.
 * Return: true with @slot->data ready to fill; false when the ring is full
 * (the record is counted as dropped).
 */
bool sastrace_ring_reserve(struct sastrace_ring *ring,
			   struct sastrace_ring_slot *slot)
{
	struct sastrace_ring_cpu *c = this_cpu_ptr(ring->cpus);
	unsigned long head;

	do {
		head = local_read(&c->head);
		/* Pairs with the release of tail in sastrace_ring_consume(). */
		if (head - smp_load_acquire(&c->tail) >= c->nslots) {
			local_inc(&c->dropped);
			return false;
		}
	} while (local_cmpxchg(&c->head, head, head + 1) != head);

	slot->cpu = c;
	slot->pos = head;
	slot->data = ring_slot(c, head) + 1;
	return true;
}

/**
 * sastrace_ring_commit() - publish a reserved slot to the consumer
 * @ring: the ring set
 * @slot: the slot from sastrace_ring_reserve()
 *
 * Wakes sleeping readers through irq_work, so no lock is taken here.
 */
void sastrace_ring_commit(struct sastrace_ring *ring,
			  struct sastrace_ring_slot *slot)
{
	struct sastrace_ring_cpu *c = slot->cpu;

	/* Publish: pairs with the acquire in sastrace_ring_peek(). */
	smp_store_release(&ring_slot(c, slot->pos)->seq, slot->pos + 1);
	local_inc(&c->written);
	/*
	 * Order the publication before reading waiters_pending; pairs with
	 * the barrier in sastrace_ring_prepare_wait(): either the reader
	 * sees this record or we see its flag.
	 */
	smp_mb();
	if (READ_ONCE(ring->waiters_pending))
		irq_work_queue(&c->wake_work);
}

/**
 * sastrace_ring_peek() - the oldest unread record of a CPU's ring
 * @ring: the ring set
 * @cpu:  which CPU's ring
 *
 * Context: the caller is the only consumer of this ring.
 * Return: the record, valid until sastrace_ring_consume(); NULL when the
 * ring is empty or its oldest slot is still being written.
 */
const void *sastrace_ring_peek(struct sastrace_ring *ring, int cpu)
{
	struct sastrace_ring_cpu *c = per_cpu_ptr(ring->cpus, cpu);
	/* Readiness checks (poll) peek without the consumer's lock. */
	unsigned long tail = READ_ONCE(c->tail);
	struct ring_slot_hdr *h = ring_slot(c, tail);

	/* Pairs with the release in sastrace_ring_commit(). */
	if (smp_load_acquire(&h->seq) != tail + 1)
		return NULL;
	return h + 1;
}

/**
 * sastrace_ring_consume() - release the record sastrace_ring_peek() gave
 * @ring: the ring set
 * @cpu:  which CPU's ring
 */
void sastrace_ring_consume(struct sastrace_ring *ring, int cpu)
{
	struct sastrace_ring_cpu *c = per_cpu_ptr(ring->cpus, cpu);

	/* The copy-out of the slot happens before producers may reuse it. */
	smp_store_release(&c->tail, c->tail + 1);
}

/**
 * sastrace_ring_empty() - whether no CPU's ring has a committed record
 * @ring: the ring set
 *
 * Return: true when every ring is empty (a record still being written does
 * not count: its commit wakes the readers).
 */
bool sastrace_ring_empty(struct sastrace_ring *ring)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (sastrace_ring_peek(ring, cpu))
			return false;
	return true;
}

/**
 * sastrace_ring_prepare_wait() - announce a reader about to sleep or poll
 * @ring: the ring set
 *
 * Call after the reader is on @ring->wait and before it re-checks for
 * records, on every pass of its wait loop: the next commit then wakes it.
 * A wake-up clears the flag for every reader, and each woken reader sets
 * it again here before it re-checks (see sastrace_ring_wait()).
 */
void sastrace_ring_prepare_wait(struct sastrace_ring *ring)
{
	WRITE_ONCE(ring->waiters_pending, true);
	/* Flag before re-checking; pairs with sastrace_ring_commit(). */
	smp_mb();
}

/**
 * sastrace_ring_wait() - sleep until @ready says a record is there
 * @ring:  the ring set
 * @ready: the reader's condition (which CPU's ring, or any)
 * @arg:   passed to @ready
 *
 * As ring_buffer_wait() does: the reader is on the wait queue before it
 * announces itself and re-checks, and it announces itself again on every
 * pass, so neither a wake-up meant for another CPU's record (which clears
 * the shared flag) nor a record committed between the check and the sleep
 * is lost. Producers never take the wait queue's lock: they queue an
 * irq_work (sastrace_ring_commit()).
 *
 * Context: process context, may sleep.
 * Return: 0 when @ready returned true, -ERESTARTSYS on a signal, -ENODEV
 * once the ring is stopping.
 */
int sastrace_ring_wait(struct sastrace_ring *ring,
		       bool (*ready)(struct sastrace_ring *ring, long arg),
		       long arg)
{
	DEFINE_WAIT(wait);
	int ret = 0;

	for (;;) {
		prepare_to_wait(&ring->wait, &wait, TASK_INTERRUPTIBLE);
		sastrace_ring_prepare_wait(ring);
		if (ready(ring, arg))
			break;
		if (READ_ONCE(ring->stopping)) {
			ret = -ENODEV;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&ring->wait, &wait);
	return ret;
}

/**
 * sastrace_ring_read_stats() - snapshot a CPU's counters
 * @ring: the ring set
 * @cpu:  which CPU
 * @st:   filled with the counters
 */
void sastrace_ring_read_stats(struct sastrace_ring *ring, int cpu,
			      struct sastrace_ring_stats *st)
{
	struct sastrace_ring_cpu *c = per_cpu_ptr(ring->cpus, cpu);

	/*
	 * tail first: a record is published (and may be consumed) before
	 * written counts it, so tail can briefly run ahead of written.
	 */
	unsigned long tail = smp_load_acquire(&c->tail);

	st->written = local_read(&c->written);
	st->dropped = local_read(&c->dropped);
	st->unread = st->written > tail ? st->written - tail : 0;
}
