/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of sastrace.ko share: the one ring set every hook writes
 * into, and the entry points of each part.
 */
#ifndef SASTRACE_H
#define SASTRACE_H

#include "ring.h"
#include "uapi/sastrace_record.h"

extern struct sastrace_ring sastrace_ring;

/**
 * struct sastrace_hook_stats - what the hooks count besides records
 * @faults: user memory reads that failed (summed over CPUs, or one CPU's)
 * @missed: probe hits the kprobe layer could not hand us (global only)
 */
struct sastrace_hook_stats {
	u64 faults;
	u64 missed;
};

int sastrace_syscall_hooks_register(void);
void sastrace_syscall_hooks_unregister(void);
void sastrace_syscall_hooks_stats(int cpu, struct sastrace_hook_stats *st);

int sastrace_files_create(void);
void sastrace_files_remove(void);

#endif /* SASTRACE_H */
