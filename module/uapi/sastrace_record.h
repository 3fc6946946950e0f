/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sastrace record ABI: the binary record written by sastrace.ko into its
 * per-CPU rings and read by the `sastrace` reader from
 * /sys/kernel/debug/sastrace/per_cpu/cpu<N>/raw.
 *
 * Shared, unchanged, by the module and the reader. Every record starts with
 * a magic, a version and the record's size. Fields are only ever appended (a
 * version bump each time), so a reader takes the fields it knows from a newer,
 * larger record and steps by its size; it refuses older versions.
 */
#ifndef _UAPI_SASTRACE_RECORD_H
#define _UAPI_SASTRACE_RECORD_H

#include <linux/types.h>

#define SASTRACE_MAGIC		0x54534153U	/* "SAST" in memory order */
#define SASTRACE_VERSION	3
#define SASTRACE_COMM_LEN	16
#define SASTRACE_CALLER_FILE_LEN	64

/* Which hook produced a record. */
enum sastrace_hook {
	SASTRACE_HOOK_KPROBE = 1,	/* __x64_sys_sigaltstack (64-bit syscall) */
	SASTRACE_HOOK_COMPAT = 2,	/* __ia32_compat_sys_sigaltstack (int 0x80) */
	SASTRACE_HOOK_UPROBE = 3,	/* libc sigaltstack() wrapper */
	SASTRACE_HOOK_SIGNAL = 4,	/* signal_setup_done(): a signal frame */
};

/* What a SASTRACE_HOOK_SIGNAL record reports (sastrace_record.sig_event). */
enum sastrace_sig_event {
	SASTRACE_SIG_DELIVER = 1,	/* frame set up on the alternate stack */
	SASTRACE_SIG_OVERFLOW = 2,	/* frame did not fit on it: SIGSEGV */
	SASTRACE_SIG_ONSTACK_UNAVAILABLE = 3,	/* SA_ONSTACK, no alt stack */
	SASTRACE_SIG_FRAME_FAULT = 4,	/* would fit, not writable: SIGSEGV */
};

/* What is known of one stack_t argument. */
enum sastrace_arg_state {
	SASTRACE_ARG_NULL = 0,		/* the pointer was NULL */
	SASTRACE_ARG_VALUE = 1,		/* sp/flags/size hold the decoded stack_t */
	SASTRACE_ARG_FAULT = 2,		/* reading it faulted: only addr is known */
	SASTRACE_ARG_UNWRITTEN = 3,	/* old_ss of a failed call: only addr */
};

/* sigaltstack flag bits, as in <signal.h>. */
#define SASTRACE_SS_ONSTACK	1U
#define SASTRACE_SS_DISABLE	2U
#define SASTRACE_SS_AUTODISARM	0x80000000U

/* Record flags (sastrace_record.rflags). */
#define SASTRACE_RF_SS_LATE	0x1	/* ss faulted at entry, read on return */
#define SASTRACE_RF_TOCTOU	0x2	/* installed differs from ss as read */
#define SASTRACE_RF_UNVERIFIED	0x4	/* ss unreadable at entry: installed
					 * could not be compared
					 */

/**
 * struct sastrace_stack - one decoded stack_t argument
 * @addr:  the user pointer passed to the syscall (0 for NULL)
 * @sp:    ss_sp (valid when @state is SASTRACE_ARG_VALUE)
 * @size:  ss_size (valid when @state is SASTRACE_ARG_VALUE)
 * @flags: ss_flags (valid when @state is SASTRACE_ARG_VALUE)
 * @state: an enum sastrace_arg_state
 */
struct sastrace_stack {
	__u64 addr;
	__u64 sp;
	__u64 size;
	__u32 flags;
	__u32 state;
};

/**
 * struct sastrace_record - one completed sigaltstack call
 * @magic:   SASTRACE_MAGIC
 * @version: SASTRACE_VERSION
 * @size:    sizeof(struct sastrace_record) for this version
 * @ts_ns:   CLOCK_MONOTONIC time at which the call returned, in ns
 * @cpu:     CPU on which the call returned
 * @tgid:    process id (as the task's pid namespace root sees it)
 * @tid:     thread id
 * @hook:    an enum sastrace_hook
 * @rflags:  SASTRACE_RF_* bits
 * @ret:     the syscall's return value (0 or -errno), see below
 * @comm:    the task's comm, NUL-terminated
 * @ss:      the new stack the caller asked for
 * @old_ss:  the previous stack the kernel reported back
 * @caller_addr: (uprobe records, version 2) the user return address of the
 *               libc call, i.e. the instruction after the caller's call
 * @caller_off:  the file offset @caller_addr falls at in @caller_file
 * @caller_file: basename of the file mapped at @caller_addr, NUL-terminated;
 *               "?" when unknown; empty in kprobe and compat records
 *
 * @installed:   (version 3) what the kernel installed, as it was on return
 *               (current->sas_ss_*), set with SASTRACE_RF_TOCTOU or
 *               SASTRACE_RF_UNVERIFIED in kprobe and compat records only
 * @sig_handler: (signal records) the handler's address
 * @sig_sp:      (signal records) the frame's address (deliver and
 *               onstack_unavailable), or the interrupted user sp below which
 *               the frame did not fit (overflow) or could not be written
 *               (frame_fault)
 * @sig_headroom: (signal records) bytes of the alternate stack left below
 *               @sig_sp; for overflow and frame_fault, the bytes that were available (the
 *               whole stack when entering it, less when nested); 0 for
 *               onstack_unavailable
 * @signo:       (signal records) the signal number
 * @sig_event:   (signal records) an enum sastrace_sig_event
 *
 * In uprobe records @ret is what the libc function returned (-1 on error,
 * errno is not read). In signal records @ss is the task's alternate stack at
 * delivery (state NULL when none is set), @old_ss is unused (NULL) and @ret
 * is 0, or -EFAULT when the frame could not be set up.
 */
struct sastrace_record {
	__u32 magic;
	__u16 version;
	__u16 size;
	__u64 ts_ns;
	__u32 cpu;
	__u32 tgid;
	__u32 tid;
	__u16 hook;
	__u16 rflags;
	__s64 ret;
	char comm[SASTRACE_COMM_LEN];
	struct sastrace_stack ss;
	struct sastrace_stack old_ss;
	/* version 2 */
	__u64 caller_addr;
	__u64 caller_off;
	char caller_file[SASTRACE_CALLER_FILE_LEN];
	/* version 3 */
	struct sastrace_stack installed;
	__u64 sig_handler;
	__u64 sig_sp;
	__s64 sig_headroom;
	__u32 signo;
	__u32 sig_event;
};

#endif /* _UAPI_SASTRACE_RECORD_H */
