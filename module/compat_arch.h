/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for what the syscall and uprobe hooks need to know about
 * the machine: the sigaltstack entry points, where a call's arguments are,
 * and where a user function's caller is. The hooks read registers only
 * through the kernel's accessors (regs_get_kernel_argument(),
 * syscall_get_arguments(), regs_return_value(), user_stack_pointer(),
 * procedure_link_pointer()) and these helpers; register names appear
 * only here.
 *
 * Syscall entry points: since the pt_regs-based syscall wrappers, a
 * syscall's entry symbol takes one argument, the user's struct pt_regs,
 * whose syscall arguments syscall_get_arguments() reads:
 * - x86-64: __x64_sys_sigaltstack, and __ia32_compat_sys_sigaltstack for
 *   32-bit tasks (int $0x80, syscall 186; 12-byte compat_stack_t) with
 *   CONFIG_IA32_EMULATION; v4.17, commit fa697140f9a2 ("syscalls/x86: Use
 *   'struct pt_regs' based syscall calling convention for 64-bit
 *   syscalls") and its ia32 counterpart;
 * - arm64: __arm64_sys_sigaltstack, and __arm64_compat_sys_sigaltstack for
 *   AArch32 tasks (12-byte compat_stack_t) with CONFIG_COMPAT; v4.19,
 *   commit 4378a7d4be30 ("arm64: implement syscall wrappers").
 * A kernel without the compat entry makes its kprobe fail with -ENOENT:
 * the syscall hooks then trace native calls only.
 *
 * A uprobe at a function's first instruction sees the function's
 * arguments where the C ABI puts them, which are the registers
 * regs_get_kernel_argument() reads on both machines (x86-64: rdi, rsi;
 * AAPCS64: x0, x1), and its return address on top of the user stack
 * (x86-64) or in the link register x30 (arm64).
 */
#ifndef SASTRACE_COMPAT_ARCH_H
#define SASTRACE_COMPAT_ARCH_H

#include <linux/compat.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>

#if defined(CONFIG_X86_64)
#define SAS_SYSCALL_SYMBOL		"__x64_sys_sigaltstack"
#define SAS_COMPAT_SYSCALL_SYMBOL	"__ia32_compat_sys_sigaltstack"
#elif defined(CONFIG_ARM64)
#define SAS_SYSCALL_SYMBOL		"__arm64_sys_sigaltstack"
#define SAS_COMPAT_SYSCALL_SYMBOL	"__arm64_compat_sys_sigaltstack"
#else
#error "sastrace: supports x86-64 and arm64 only"
#endif

/**
 * sas_syscall_args() - ss and old_ss of a sigaltstack call, at the entry
 * of its syscall wrapper
 * @regs:   the kprobe's registers at the wrapper's entry
 * @compat: the 32-bit (compat) entry point: arguments are 32-bit
 * @ss:     filled with the ss argument
 * @old_ss: filled with the old_ss argument
 */
static inline void sas_syscall_args(struct pt_regs *regs, bool compat,
				    unsigned long *ss, unsigned long *old_ss)
{
	/* The wrapper's one argument: the user's registers. */
	struct pt_regs *uregs =
		(struct pt_regs *)regs_get_kernel_argument(regs, 0);
#if defined(CONFIG_X86_64)
	/*
	 * What syscall_get_arguments() reads, without its TS_COMPAT test:
	 * the entry point already tells which ABI the call used (64-bit:
	 * rdi, rsi; ia32: ebx, ecx).
	 */
	*ss = compat ? (u32)uregs->bx : uregs->di;
	*old_ss = compat ? (u32)uregs->cx : uregs->si;
#else
	unsigned long args[6];

	/* x0 (orig_x0, as the syscall saw it) and x1, for both ABIs. */
	syscall_get_arguments(current, uregs, args);
	*ss = compat ? (u32)args[0] : args[0];
	*old_ss = compat ? (u32)args[1] : args[1];
#endif
}

/**
 * sas_uprobe_native() - whether a uprobe hit is in a 64-bit task
 * @regs: the user registers at the probe
 *
 * Return: false for a 32-bit task (ia32, AArch32), which has other
 * argument registers and another stack_t.
 */
static inline bool sas_uprobe_native(struct pt_regs *regs)
{
#if defined(CONFIG_X86_64)
	return user_64bit_mode(regs);
#else
	return !compat_user_mode(regs);
#endif
}

/**
 * sas_uprobe_caller() - the return address of a function, at its first
 * instruction, read without faulting
 * @regs: the user registers at the probe
 * @addr: filled with the return address
 *
 * Return: 0, or -EFAULT when it could not be read.
 */
static inline int sas_uprobe_caller(struct pt_regs *regs, u64 *addr)
{
#if defined(CONFIG_X86_64)
	/* call pushed it: the top of the stack. */
	const u64 __user *sp = (const u64 __user *)user_stack_pointer(regs);

	return copy_from_user_nofault(addr, sp, sizeof(*addr)) ? -EFAULT : 0;
#else
	/* bl/blr left it in the link register, x30. */
	*addr = procedure_link_pointer(regs);
	return 0;
#endif
}

#endif /* SASTRACE_COMPAT_ARCH_H */
