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
 * x32 tasks (x86-64 only, CONFIG_X86_X32_ABI; Debian also needs the boot
 * parameter syscall.x32=y, or their syscalls fail with ENOSYS) enter
 * through the compat sigaltstack built for the 64-bit register order:
 * __x32_compat_sys_sigaltstack up to Debian's 5.10, renamed
 * __x64_compat_sys_sigaltstack by 6.1 (both headers'
 * asm/syscall_wrapper.h, __X32_COMPAT_SYS_STUBx()). Its arguments are in
 * rdi and rsi, as for a 64-bit call, and point to the 12-byte
 * compat_stack_t. sas_x32_syscall_symbol() lists both names; the first
 * this kernel has is probed. arm64 has no such ABI.
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
 * enum sas_syscall_abi - which sigaltstack entry point a call came through
 * @SAS_ABI_NATIVE: the 64-bit entry (native stack_t)
 * @SAS_ABI_COMPAT: the 32-bit compat entry (ia32, AArch32): 32-bit
 *                  registers, 12-byte compat_stack_t
 * @SAS_ABI_X32:    x86-64's x32 entry: 64-bit registers, 12-byte
 *                  compat_stack_t
 */
enum sas_syscall_abi {
	SAS_ABI_NATIVE,
	SAS_ABI_COMPAT,
	SAS_ABI_X32,
};

/**
 * sas_x32_syscall_symbol() - a candidate entry symbol of x32 sigaltstack
 * @i: 0, 1, ...: the candidates in the order to try them
 *
 * Return: the @i-th name, or NULL past the last one (at once on arm64).
 */
static inline const char *sas_x32_syscall_symbol(unsigned int i)
{
#if defined(CONFIG_X86_64)
	switch (i) {
	case 0:
		return "__x64_compat_sys_sigaltstack";	/* 6.1 on */
	case 1:
		return "__x32_compat_sys_sigaltstack";	/* up to 5.10 */
	}
#endif
	return NULL;
}

/**
 * sas_syscall_args() - ss and old_ss of a sigaltstack call, at the entry
 * of its syscall wrapper
 * @regs:   the kprobe's registers at the wrapper's entry
 * @abi:    the entry point probed: SAS_ABI_COMPAT's arguments are 32-bit
 * @ss:     filled with the ss argument
 * @old_ss: filled with the old_ss argument
 */
static inline void sas_syscall_args(struct pt_regs *regs,
				    enum sas_syscall_abi abi,
				    unsigned long *ss, unsigned long *old_ss)
{
	/* The wrapper's one argument: the user's registers. */
	struct pt_regs *uregs =
		(struct pt_regs *)regs_get_kernel_argument(regs, 0);
	bool compat = abi == SAS_ABI_COMPAT;
#if defined(CONFIG_X86_64)
	/*
	 * What syscall_get_arguments() reads, without its TS_COMPAT test:
	 * the entry point already tells which ABI the call used (64-bit
	 * and x32: rdi, rsi, whole, as the kernel's x32 stub passes them on;
	 * ia32: ebx, ecx).
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
