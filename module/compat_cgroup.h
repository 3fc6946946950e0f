/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cgroup v2 id of the current task, for every record's header.
 *
 * Since v5.5 (commit 743210386c03 "cgroup: use cgrp->kn->id as the cgroup
 * ID") cgroup_id() is the kernfs node id of the cgroup's directory: the
 * inode number a cgroup2 mount shows for it (on 64-bit kernels; the root
 * cgroup's is 1), which is what the reader looks it up by. Every kernel
 * sastrace builds for (5.10 on) has it; 5.10's cgroup_id() takes a
 * non-const struct cgroup *, later ones a const one, and the call below
 * suits both. A kernel without CONFIG_CGROUPS has no task_dfl_cgroup():
 * its records carry 0 ("unknown"), which no cgroup has.
 */
#ifndef SASTRACE_COMPAT_CGROUP_H
#define SASTRACE_COMPAT_CGROUP_H

#include <linux/cgroup.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

/**
 * sas_current_cgroup_id() - the current task's cgroup id in the cgroup v2
 * (default) hierarchy
 *
 * task_dfl_cgroup() reads current->cgroups, an RCU pointer (a migration
 * to another cgroup replaces it): read under rcu_read_lock(), as BPF's
 * bpf_get_current_cgroup_id() is called. No lock is taken, nothing
 * sleeps: fine in every hook's context (kprobe and kretprobe handlers,
 * uprobe handlers, with interrupts masked too).
 *
 * Context: the current task's; any preemption state.
 * Return: the id, or 0 without CONFIG_CGROUPS.
 */
static inline u64 sas_current_cgroup_id(void)
{
#ifdef CONFIG_CGROUPS
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
	return id;
#else
	return 0;
#endif
}

#endif /* SASTRACE_COMPAT_CGROUP_H */
