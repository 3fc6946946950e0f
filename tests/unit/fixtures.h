/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Record builders shared by the unit tests and the fake-tree generator, so
 * both describe records the same way.
 */
#ifndef SASTRACE_FIXTURES_H
#define SASTRACE_FIXTURES_H

#include <string.h>
#include "uapi/sastrace_record.h"

static inline struct sastrace_stack fx_null(void)
{
	struct sastrace_stack s = { .state = SASTRACE_ARG_NULL };

	return s;
}

static inline struct sastrace_stack fx_value(__u64 addr, __u64 sp,
					     __u32 flags, __u64 size)
{
	struct sastrace_stack s = {
		.addr = addr, .sp = sp, .size = size, .flags = flags,
		.state = SASTRACE_ARG_VALUE,
	};

	return s;
}

static inline struct sastrace_stack fx_raw(__u32 state, __u64 addr)
{
	struct sastrace_stack s = { .addr = addr, .state = state };

	return s;
}

/* A valid record of this version; comm is copied as up to 16 bytes, no NUL forced. */
static inline struct sastrace_record fx_record(__u64 ts_ns, __u32 cpu,
					       __u32 tgid, __u32 tid,
					       const char *comm, __u16 hook,
					       struct sastrace_stack ss,
					       struct sastrace_stack old_ss,
					       __s64 ret)
{
	struct sastrace_record r;
	size_t len = strlen(comm);

	memset(&r, 0, sizeof(r));
	r.magic = SASTRACE_MAGIC;
	r.version = SASTRACE_VERSION;
	r.size = sizeof(r);
	r.ts_ns = ts_ns;
	r.cpu = cpu;
	r.tgid = tgid;
	r.tid = tid;
	r.hook = hook;
	r.ret = ret;
	memcpy(r.comm, comm, len < SASTRACE_COMM_LEN ? len : SASTRACE_COMM_LEN);
	r.ss = ss;
	r.old_ss = old_ss;
	return r;
}

/* A signal record: @alt is the alternate stack (fx_null() for none). */
static inline struct sastrace_record fx_signal(__u64 ts_ns, __u32 event,
					       __u32 signo, __u64 handler,
					       __u64 sp,
					       struct sastrace_stack alt,
					       __s64 headroom)
{
	struct sastrace_record r = fx_record(ts_ns, 1, 42, 43, "sig",
					     SASTRACE_HOOK_SIGNAL, alt,
					     fx_null(), 0);

	r.sig_event = event;
	r.signo = signo;
	r.sig_handler = handler;
	r.sig_sp = sp;
	r.sig_headroom = headroom;
	return r;
}

/* Set the caller fields of a (uprobe) record; file is NUL-terminated. */
static inline void fx_caller(struct sastrace_record *r, __u64 addr, __u64 off,
			     const char *file)
{
	size_t len = strlen(file);

	r->caller_addr = addr;
	r->caller_off = off;
	memset(r->caller_file, 0, sizeof(r->caller_file));
	memcpy(r->caller_file, file,
	       len < SASTRACE_CALLER_FILE_LEN ? len : SASTRACE_CALLER_FILE_LEN - 1);
}

#endif /* SASTRACE_FIXTURES_H */
