/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sastrace record ABI: the binary records written by sastrace.ko into its
 * per-CPU rings and read by the `sastrace` reader from
 * /sys/kernel/debug/sastrace/per_cpu/cpu<N>/raw.
 *
 * Version 4: every record is a fixed struct sastrace_header followed by a
 * payload whose layout depends on the header's @kind alone (struct
 * sastrace_call, struct sastrace_signal, struct sastrace_sigaction). Why:
 *
 * - A field means one thing: a signal record no longer borrows a call's
 *   ss, ret or old_ss, and a record is only as large as its kind needs
 *   (the raw file hands out each record with its own @size).
 * - The format grows without a version bump. A payload only ever grows by
 *   appending fields, so a reader takes the prefix it knows of a longer
 *   payload, and steps to the next record by @size. A payload shorter than
 *   the first version of its kind is refused. A new kind is a new @kind
 *   value: a reader that does not know it skips it (and says so), the
 *   records around it are unaffected.
 * - @version changes only if the header itself ever has to change, which a
 *   reader then refuses (as it refuses versions 1 to 3, the flat records).
 *
 * Version 5: the header grows from 48 to 64 bytes by appending @cgroup_id,
 * @ns_tgid and @ns_tid: which container a record's task is in (its cgroup
 * v2 id, and its pid and tid as its own pid namespace sees them). Every
 * kind needs them, and only the header is common to every kind: appending
 * to each payload would have put them at a different offset in each, and
 * a kind added later could forget them. A payload starts right after the
 * header, so its offset moved: hence the new version. A reader reads
 * version 4 records too (their header is 48 bytes, the new fields are
 * unknown) and refuses the others, as before.
 *
 * Every size is a multiple of 8 and every field naturally aligned, so the
 * layout is the same on every architecture (x86-64, arm64, 32-bit readers).
 */
#ifndef _UAPI_SASTRACE_RECORD_H
#define _UAPI_SASTRACE_RECORD_H

#include <linux/types.h>

#define SASTRACE_MAGIC		0x54534153U	/* "SAST" in memory order */
#define SASTRACE_VERSION	5
/* The header of version 4, the oldest a reader takes: 48 bytes. */
#define SASTRACE_VERSION_V4	4
#define SASTRACE_HEADER_V4_SIZE	48
#define SASTRACE_COMM_LEN	16
#define SASTRACE_CALLER_FILE_LEN	64
#define SASTRACE_FILE_DIR_LEN	128

/* What a record's payload is (sastrace_header.kind). */
enum sastrace_kind {
	SASTRACE_KIND_CALL = 1,		/* struct sastrace_call */
	SASTRACE_KIND_SIGNAL = 2,	/* struct sastrace_signal */
	SASTRACE_KIND_SIGACTION = 3,	/* struct sastrace_sigaction */
};

/*
 * Which hook produced a record (sastrace_header.hook). The printed names
 * ("kprobe", "compat", "uprobe", "signal", "sigaction") are the reader's
 * output and do
 * not change; the _SYSCALL64 and _IA32 names say what the hooks trace.
 */
enum sastrace_hook {
	SASTRACE_HOOK_KPROBE = 1,	/* __x64_sys_sigaltstack (64-bit syscall) */
	SASTRACE_HOOK_COMPAT = 2,	/* __ia32_compat_sys_sigaltstack (int 0x80) */
	SASTRACE_HOOK_UPROBE = 3,	/* libc sigaltstack() wrapper */
	SASTRACE_HOOK_SIGNAL = 4,	/* signal_setup_done(): a signal frame */
	SASTRACE_HOOK_SIGACTION = 5,	/* do_sigaction(): a handler installed */
};

#define SASTRACE_HOOK_SYSCALL64	SASTRACE_HOOK_KPROBE
#define SASTRACE_HOOK_IA32	SASTRACE_HOOK_COMPAT
#define SASTRACE_HOOK_LIBC	SASTRACE_HOOK_UPROBE

/* What a signal record reports (sastrace_signal.event). */
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

/* Call record flags (sastrace_call.rflags). */
#define SASTRACE_RF_SS_LATE	0x1	/* ss faulted at entry, read on return */
#define SASTRACE_RF_TOCTOU	0x2	/* installed differs from ss as read */
#define SASTRACE_RF_UNVERIFIED	0x4	/* ss unreadable at entry: installed
					 * could not be compared
					 */
#define SASTRACE_RF_SMALL	0x8	/* the stack installed is smaller
					 * than min_sigstksz
					 */

/**
 * struct sastrace_stack - one decoded stack_t argument (32 bytes)
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
 * struct sastrace_header - what every record starts with (64 bytes; 48 in
 * version 4, which ended after @comm)
 * @magic:   SASTRACE_MAGIC
 * @version: SASTRACE_VERSION
 * @size:    bytes of the whole record, header and payload: a multiple of 8
 * @ts_ns:   CLOCK_MONOTONIC time of the event (a call's return), in ns
 * @kind:    an enum sastrace_kind: the layout of the payload that follows
 * @hook:    an enum sastrace_hook: which hook made the record
 * @cpu:     CPU on which the event happened
 * @tgid:    process id (as the initial pid namespace sees it)
 * @tid:     thread id (as the initial pid namespace sees it)
 * @comm:    the task's comm, NUL-terminated
 * @cgroup_id: the id of the task's cgroup in the cgroup v2 hierarchy (the
 *           inode number of its directory in a cgroup2 mount; 1 for the
 *           root cgroup); 0 when the kernel has no CONFIG_CGROUPS
 * @ns_tgid: the process id as the task's own pid namespace sees it (equal
 *           to @tgid in the initial pid namespace)
 * @ns_tid:  the thread id as the task's own pid namespace sees it
 *
 * magic, version and size come first, in every version: they are what a
 * reader checks before it trusts anything else.
 */
struct sastrace_header {
	__u32 magic;
	__u16 version;
	__u16 size;
	__u64 ts_ns;
	__u16 kind;
	__u16 hook;
	__u32 cpu;
	__u32 tgid;
	__u32 tid;
	char comm[SASTRACE_COMM_LEN];
	__u64 cgroup_id;
	__u32 ns_tgid;
	__u32 ns_tid;
};

/**
 * struct sastrace_file_id - which file a mapped address fell in, enough for
 * a reader to find that file again after the process has exited, and to
 * verify it is still the same file (160 bytes; 152 before @ctime_ns)
 * @ino:        the file's inode number
 * @mtime_ns:   its modification time, ns since the epoch, when the record
 *              was made
 * @dev:        its device (st_dev), in the kernel's new_encode_dev()
 *              encoding, as stat(2) gives it to user space
 * @generation: its inode generation (FS_IOC_GETVERSION; 0 on file systems
 *              that keep none)
 * @dir:        the directory the file was found in, as a path from the root
 *              of the file's own file system (not the process's root and
 *              not a mount point: a reader joins it to where that file
 *              system is mounted), NUL-terminated; "" when not known (the
 *              file was deleted, the path was longer than the field, or a
 *              rename raced with the lookup). @ino is 0 when nothing of the
 *              file is known (no file, or an older module).
 * @ctime_ns:   its status change time, ns since the epoch, when the record
 *              was made: unlike @mtime_ns, no user can set it on a local
 *              file system, so a file written in place whose mtime was
 *              then set back still differs. 0 when that ctime was not yet
 *              a lasting mark: stamped in the clock granule the record
 *              was made in (the coarse clock's tick, or the file system's
 *              granularity), where a later change could get the same
 *              stamp; on file systems whose ctime a user, a server or a
 *              daemon decides (FAT, exFAT, NFS, SMB, 9p, Ceph, AFS, FUSE);
 *              and in an older module's records (152 bytes). A reader
 *              verifies nothing against 0.
 */
struct sastrace_file_id {
	__u64 ino;
	__s64 mtime_ns;
	__u32 dev;
	__u32 generation;
	char dir[SASTRACE_FILE_DIR_LEN];
	__s64 ctime_ns;
};

/**
 * struct sastrace_call - payload of SASTRACE_KIND_CALL: one completed
 * sigaltstack call (352 bytes; 344 before @caller_id's @ctime_ns, 192
 * before @caller_id)
 * @rflags:      SASTRACE_RF_* bits
 * @min_sigstksz: (kprobe and compat hooks, successful calls with an ss)
 *               the caller's AT_MINSIGSTKSZ: the signal frame size its
 *               kernel told it at exec; 0 when unknown (the kernel gives
 *               none: x86 before 5.14) or not looked up. Was @reserved
 *               (always 0) before: an older module's records read as
 *               unknown.
 * @ret:         the call's return value: 0 or -errno; for the uprobe hook,
 *               what the libc function returned (-1 on error, errno is not
 *               read)
 * @ss:          the new stack the caller asked for
 * @old_ss:      the previous stack the kernel reported back
 * @installed:   what the kernel installed, as it was on return
 *               (current->sas_ss_*), set with SASTRACE_RF_TOCTOU or
 *               SASTRACE_RF_UNVERIFIED (kprobe and compat hooks only)
 * @caller_addr: where the call returns to in user space: (uprobe hook)
 *               the instruction after the caller's call of the libc
 *               function; (kprobe and compat hooks) the instruction after
 *               the syscall, int $0x80 or svc instruction, from the task's
 *               saved user registers
 * @caller_off:  the file offset @caller_addr falls at in @caller_file
 *               (0 when the file is not known)
 * @caller_file: basename of the file mapped at @caller_addr, NUL-terminated;
 *               "?" when unknown (the mmap lock was busy, anonymous
 *               memory). Empty in an older module's kprobe and compat
 *               records, which had no caller: a reader prints none then.
 * @caller_id:   the identity of @caller_file (ino 0 when not known)
 */
struct sastrace_call {
	__u32 rflags;
	__u32 min_sigstksz;
	__s64 ret;
	struct sastrace_stack ss;
	struct sastrace_stack old_ss;
	struct sastrace_stack installed;
	__u64 caller_addr;
	__u64 caller_off;
	char caller_file[SASTRACE_CALLER_FILE_LEN];
	struct sastrace_file_id caller_id;
};

/* Payload bytes of the first version of each kind: the least a reader takes. */
#define SASTRACE_CALL_MIN_SIZE		192
#define SASTRACE_SIGNAL_MIN_SIZE	72
#define SASTRACE_SIGACTION_MIN_SIZE	80

/**
 * struct sastrace_signal - payload of SASTRACE_KIND_SIGNAL: a signal frame
 * set up, or not, for a handler (312 bytes; 304 before @handler_id's
 * @ctime_ns, 80 before @handler_off, 72 before @frame_size)
 * @altstack: the task's alternate stack at delivery (state
 *            SASTRACE_ARG_NULL when none is set; addr is 0)
 * @handler:  the handler's address
 * @sp:       the frame's address (deliver and onstack_unavailable), or the
 *            interrupted user sp below which the frame did not fit
 *            (overflow) or could not be written (frame_fault)
 * @headroom: bytes of the alternate stack left below @sp; for overflow and
 *            frame_fault, the bytes that were available (the whole stack
 *            when entering it, less when nested); 0 for onstack_unavailable
 * @ret:      0, or -EFAULT when the kernel could not set the frame up
 * @signo:    the signal number
 * @event:    an enum sastrace_sig_event
 * @frame_size: (deliver) the top of the alternate stack (ss_sp +
 *            ss_size) less @sp: the bytes a first-level frame took on it
 *            (a nested frame's count the frames above it too); 0 for the
 *            other events and in an older module's records (72 bytes)
 * @handler_off:  the file offset @handler falls at in @handler_file (0 when
 *            the file is not known)
 * @handler_file: basename of the file mapped at @handler, NUL-terminated;
 *            "?" when unknown (the mmap lock was busy, anonymous memory),
 *            "" for SIG_DFL/SIG_IGN and in an older module's records
 * @handler_id:   the identity of @handler_file (ino 0 when not known)
 */
struct sastrace_signal {
	struct sastrace_stack altstack;
	__u64 handler;
	__u64 sp;
	__s64 headroom;
	__s64 ret;
	__u32 signo;
	__u32 event;
	__u64 frame_size;
	__u64 handler_off;
	char handler_file[SASTRACE_CALLER_FILE_LEN];
	struct sastrace_file_id handler_id;
};

/*
 * sa_flags bits, as in <signal.h>: the same values on x86-64 and arm64
 * (asm-generic/signal-defs.h, x86's and arm64's SA_RESTORER).
 */
#define SASTRACE_SA_NOCLDSTOP	0x00000001U
#define SASTRACE_SA_NOCLDWAIT	0x00000002U
#define SASTRACE_SA_SIGINFO	0x00000004U
#define SASTRACE_SA_UNSUPPORTED	0x00000400U
#define SASTRACE_SA_EXPOSE_TAGBITS	0x00000800U
#define SASTRACE_SA_RESTORER	0x04000000U
#define SASTRACE_SA_ONSTACK	0x08000000U
#define SASTRACE_SA_RESTART	0x10000000U
#define SASTRACE_SA_NODEFER	0x40000000U
#define SASTRACE_SA_RESETHAND	0x80000000U

/* sigaction record flags (sastrace_sigaction.aflags). */
#define SASTRACE_AF_OLD		0x1	/* the call asked for the old action */
#define SASTRACE_AF_OLD_VALUE	0x2	/* old holds it (the call succeeded) */
#define SASTRACE_AF_RESTORER	0x4	/* this kernel's struct sigaction has
					 * sa_restorer: restorer is valid
					 */

/**
 * struct sastrace_sigact - one signal action, as the kernel holds it
 * (32 bytes)
 * @handler:  sa_handler: 0 (SIG_DFL), 1 (SIG_IGN) or an address
 * @flags:    sa_flags
 * @mask:     sa_mask, signals 1 to 64 (bit N - 1 for signal N)
 * @restorer: sa_restorer (0 unless SASTRACE_AF_RESTORER)
 */
struct sastrace_sigact {
	__u64 handler;
	__u64 flags;
	__u64 mask;
	__u64 restorer;
};

/**
 * struct sastrace_sigaction - payload of SASTRACE_KIND_SIGACTION: one
 * completed call that installs or changes a signal's action (rt_sigaction,
 * sigaction, signal, native or compat), as do_sigaction() saw it (80 bytes)
 * @act:    the new action, as passed to do_sigaction() (read at entry)
 * @old:    the old action it reported back (with SASTRACE_AF_OLD_VALUE)
 * @ret:    0 or -errno
 * @signo:  the signal number as passed
 * @aflags: SASTRACE_AF_* bits
 *
 * Calls that only query an action (no new one) make no record.
 */
struct sastrace_sigaction {
	struct sastrace_sigact act;
	struct sastrace_sigact old;
	__s64 ret;
	__u32 signo;
	__u32 aflags;
};

#endif /* _UAPI_SASTRACE_RECORD_H */
