/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether an irq_work is still pending or running.
 *
 * v5.11 (the irq_work cleanup that made struct irq_work a
 * struct __call_single_node alone) added irq_work_is_busy(); 5.10 has
 * none, and its irq_work's flags are also reachable as work->flags.
 */
#ifndef SASTRACE_COMPAT_IRQ_WORK_H
#define SASTRACE_COMPAT_IRQ_WORK_H

#include <linux/irq_work.h>
#include "compat_version.h"

/**
 * sas_irq_work_busy() - whether @work is queued or its callback runs
 * @work: the irq_work
 *
 * Return: true while it may not be reused for another purpose.
 */
static inline bool sas_irq_work_busy(struct irq_work *work)
{
#if SAS_KVER_AT_LEAST(5, 11)
	return irq_work_is_busy(work);
#else
	return atomic_read(&work->flags) & IRQ_WORK_BUSY;
#endif
}

#endif /* SASTRACE_COMPAT_IRQ_WORK_H */
