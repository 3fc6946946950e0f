/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A lockless per-CPU ring of fixed-size records.
 *
 * Producers run on the CPU that owns the ring, in any context up to NMI,
 * with preemption disabled between sastrace_ring_reserve() and
 * sastrace_ring_commit(); they never take a lock and never overwrite unread
 * data: a full ring drops the new record and counts it. One consumer at a
 * time per ring (callers serialise with a mutex) reads records in
 * reservation order. The ring knows nothing about what the records hold.
 */
#ifndef SASTRACE_RING_H
#define SASTRACE_RING_H

#include <linux/irq_work.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <asm/local.h>

struct sastrace_ring_cpu;

/**
 * struct sastrace_ring - the set of per-CPU rings and their readers' queue
 * @cpus:		per-CPU state
 * @rec_size:		bytes of one record
 * @wait:		readers sleep here
 * @waiters_pending:	set by a reader about to sleep, cleared on wake-up
 * @stopping:		set by sastrace_ring_stop(): sleepers return
 */
struct sastrace_ring {
	struct sastrace_ring_cpu __percpu *cpus;
	size_t rec_size;
	wait_queue_head_t wait;
	bool waiters_pending;
	bool stopping;
};

/**
 * struct sastrace_ring_slot - a reserved slot, from reserve to commit
 * @cpu:  the per-CPU ring it belongs to
 * @pos:  its position in that ring
 * @data: where the producer writes the record
 */
struct sastrace_ring_slot {
	struct sastrace_ring_cpu *cpu;
	unsigned long pos;
	void *data;
};

/**
 * struct sastrace_ring_stats - counters of one CPU's ring
 * @written: records committed
 * @dropped: records refused because the ring was full
 * @unread:  records committed and not yet consumed
 */
struct sastrace_ring_stats {
	u64 written;
	u64 dropped;
	u64 unread;
};

int sastrace_ring_init(struct sastrace_ring *ring, size_t rec_size,
		       size_t bytes_per_cpu);
void sastrace_ring_stop(struct sastrace_ring *ring);
void sastrace_ring_free(struct sastrace_ring *ring);
size_t sastrace_ring_capacity(const struct sastrace_ring *ring);

bool sastrace_ring_reserve(struct sastrace_ring *ring,
			   struct sastrace_ring_slot *slot);
void sastrace_ring_commit(struct sastrace_ring *ring,
			  struct sastrace_ring_slot *slot);

const void *sastrace_ring_peek(struct sastrace_ring *ring, int cpu);
void sastrace_ring_consume(struct sastrace_ring *ring, int cpu);
bool sastrace_ring_empty(struct sastrace_ring *ring);
void sastrace_ring_prepare_wait(struct sastrace_ring *ring);
int sastrace_ring_wait(struct sastrace_ring *ring,
		       bool (*ready)(struct sastrace_ring *ring, long arg),
		       long arg);
void sastrace_ring_read_stats(struct sastrace_ring *ring, int cpu,
			      struct sastrace_ring_stats *st);

#endif /* SASTRACE_RING_H */
