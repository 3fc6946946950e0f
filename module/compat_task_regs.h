/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Another task's saved user registers, from a kernel stack pointer the
 * caller loaded once. task_pt_regs(t) reloads t->stack each time it is
 * used; for a task that is not current, t->stack can be cleared or the
 * stack reused between a check and that reload, so sastrace computes the
 * address from one READ_ONCE(t->stack) and reads through it without
 * faulting.
 *
 * Where the registers are is architecture-specific (the same on every
 * kernel from 5.10 on):
 * - x86: task_pt_regs() in arch/x86/include/asm/processor.h, below
 *   TOP_OF_KERNEL_STACK_PADDING at the top of the THREAD_SIZE stack;
 * - arm64: task_pt_regs() in arch/arm64/include/asm/processor.h, at the
 *   very top.
 */
#ifndef SASTRACE_COMPAT_TASK_REGS_H
#define SASTRACE_COMPAT_TASK_REGS_H

#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/thread_info.h>
#include <linux/uaccess.h>

static inline const struct pt_regs *sas_stack_pt_regs(const void *stack)
{
#if defined(CONFIG_X86)
	return (const struct pt_regs *)(stack + THREAD_SIZE -
					TOP_OF_KERNEL_STACK_PADDING) - 1;
#elif defined(CONFIG_ARM64)
	return (const struct pt_regs *)(stack + THREAD_SIZE) - 1;
#else
#error "sastrace: where are a task's user registers on this architecture?"
#endif
}

/**
 * sas_task_user_sp() - a task's user stack pointer, saved at its last
 * kernel entry, read without faulting
 * @stack: the task's kernel stack, as loaded once by the caller
 * @sp:    filled with the user stack pointer
 *
 * Return: 0, or -EFAULT when the stack is no longer mapped.
 */
static inline int sas_task_user_sp(const void *stack, unsigned long *sp)
{
	struct pt_regs regs;

	if (copy_from_kernel_nofault(&regs, sas_stack_pt_regs(stack),
				     sizeof(regs)))
		return -EFAULT;
	*sp = user_stack_pointer(&regs);
	return 0;
}

#endif /* SASTRACE_COMPAT_TASK_REGS_H */
