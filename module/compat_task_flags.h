/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Threads that never run user code although they belong to a user
 * process, by the task flags that mark them:
 * - PF_KTHREAD: kernel threads (every version);
 * - PF_IO_WORKER: io_uring's io-wq workers, threads of the process that
 *   owns the ring since 5.12 (create_io_thread(); Debian's 5.10 has the
 *   backport; kernel threads before, with PF_KTHREAD too); the flag
 *   itself is older (5.5);
 * - PF_USER_WORKER (6.4): user workers such as vhost's, likewise threads
 *   of their user process.
 * They share the process's signal handlers but take no user fault, and
 * copy_process() gives them no alternate stack (CLONE_VM without
 * CLONE_VFORK): the risks listing leaves them out.
 */
#ifndef SASTRACE_COMPAT_TASK_FLAGS_H
#define SASTRACE_COMPAT_TASK_FLAGS_H

#include <linux/sched.h>

#ifdef PF_IO_WORKER
#define SAS_PF_IO_WORKER	PF_IO_WORKER
#else
#define SAS_PF_IO_WORKER	0
#endif

#ifdef PF_USER_WORKER
#define SAS_PF_USER_WORKER	PF_USER_WORKER
#else
#define SAS_PF_USER_WORKER	0
#endif

/* Task flags of the threads that run no user code. */
#define SAS_PF_NO_USER_CODE \
	(PF_KTHREAD | SAS_PF_IO_WORKER | SAS_PF_USER_WORKER)

#endif /* SASTRACE_COMPAT_TASK_FLAGS_H */
