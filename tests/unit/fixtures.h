/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Record builders shared by the unit tests and the fake-tree generator, so
 * both describe records the same way.
 */
#ifndef SASTRACE_FIXTURES_H
#define SASTRACE_FIXTURES_H

#include <stdint.h>
#include <string.h>
#include "format.h"

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

/*
 * A record as the decoders hold it (struct sastrace_any, format.h), with
 * its payload named by kind. Written to a raw file, a record is only its
 * h.size bytes (fx_size()).
 */
struct fx_rec {
	struct sastrace_header h;
	union {
		struct sastrace_call call;
		struct sastrace_signal sig;
		struct sastrace_sigaction sa;
		unsigned char pad[SASTRACE_PAYLOAD_MAX];
	};
};

_Static_assert(sizeof(struct fx_rec) == sizeof(struct sastrace_any),
	       "a fixture is a decoder's copy of a record");

/* A header of this version, of @kind with a payload of @payload bytes. */
static inline void fx_header(struct fx_rec *r, __u16 kind, size_t payload,
			     __u64 ts_ns, __u32 cpu, __u32 tgid, __u32 tid,
			     const char *comm, __u16 hook)
{
	size_t len = strlen(comm);

	memset(r, 0, sizeof(*r));
	r->h.magic = SASTRACE_MAGIC;
	r->h.version = SASTRACE_VERSION;
	r->h.size = sizeof(r->h) + payload;
	r->h.kind = kind;
	r->h.hook = hook;
	r->h.ts_ns = ts_ns;
	r->h.cpu = cpu;
	r->h.tgid = tgid;
	r->h.tid = tid;
	/* A task of the initial pid namespace, in the root cgroup. */
	r->h.ns_tgid = tgid;
	r->h.ns_tid = tid;
	r->h.cgroup_id = 1;
	memcpy(r->h.comm, comm,
	       len < SASTRACE_COMM_LEN ? len : SASTRACE_COMM_LEN);
}

/* A valid call record; comm is copied as up to 16 bytes, no NUL forced. */
static inline struct fx_rec fx_record(__u64 ts_ns, __u32 cpu, __u32 tgid,
				      __u32 tid, const char *comm, __u16 hook,
				      struct sastrace_stack ss,
				      struct sastrace_stack old_ss, __s64 ret)
{
	struct fx_rec r;

	fx_header(&r, SASTRACE_KIND_CALL, sizeof(r.call), ts_ns, cpu, tgid,
		  tid, comm, hook);
	r.call.ret = ret;
	r.call.ss = ss;
	r.call.old_ss = old_ss;
	return r;
}

/* A signal record: @alt is the alternate stack (fx_null() for none). */
static inline struct fx_rec fx_signal(__u64 ts_ns, __u32 event, __u32 signo,
				      __u64 handler, __u64 sp,
				      struct sastrace_stack alt,
				      __s64 headroom)
{
	struct fx_rec r;

	fx_header(&r, SASTRACE_KIND_SIGNAL, sizeof(r.sig), ts_ns, 1, 42, 43,
		  "sig", SASTRACE_HOOK_SIGNAL);
	r.sig.event = event;
	r.sig.signo = signo;
	r.sig.handler = handler;
	r.sig.sp = sp;
	r.sig.altstack = alt;
	r.sig.headroom = headroom;
	return r;
}

static inline struct sastrace_sigact fx_sigact(__u64 handler, __u64 flags,
					       __u64 mask, __u64 restorer)
{
	struct sastrace_sigact a = {
		.handler = handler, .flags = flags, .mask = mask,
		.restorer = restorer,
	};

	return a;
}

/*
 * A sigaction record (pid 42, comm "prog"): @aflags SASTRACE_AF_* as the
 * hook sets them (@old is copied only with SASTRACE_AF_OLD_VALUE).
 */
static inline struct fx_rec fx_sigaction(__u64 ts_ns, __u32 signo,
					 struct sastrace_sigact act,
					 struct sastrace_sigact old,
					 __u32 aflags, __s64 ret)
{
	struct fx_rec r;

	fx_header(&r, SASTRACE_KIND_SIGACTION, sizeof(r.sa), ts_ns, 0, 42, 42,
		  "prog", SASTRACE_HOOK_SIGACTION);
	r.sa.signo = signo;
	r.sa.act = act;
	if (aflags & SASTRACE_AF_OLD_VALUE)
		r.sa.old = old;
	r.sa.aflags = aflags;
	r.sa.ret = ret;
	return r;
}

/* Set the caller fields of a (uprobe) call record; file is NUL-terminated. */
static inline void fx_caller(struct fx_rec *r, __u64 addr, __u64 off,
			     const char *file)
{
	size_t len = strlen(file);

	r->call.caller_addr = addr;
	r->call.caller_off = off;
	memset(r->call.caller_file, 0, sizeof(r->call.caller_file));
	memcpy(r->call.caller_file, file,
	       len < SASTRACE_CALLER_FILE_LEN ? len : SASTRACE_CALLER_FILE_LEN - 1);
}

/* Set the handler's file fields of a signal record; file is NUL-terminated. */
static inline void fx_handler_at(struct fx_rec *r, __u64 off, const char *file)
{
	size_t len = strlen(file);

	r->sig.handler_off = off;
	memset(r->sig.handler_file, 0, sizeof(r->sig.handler_file));
	memcpy(r->sig.handler_file, file,
	       len < SASTRACE_CALLER_FILE_LEN ? len : SASTRACE_CALLER_FILE_LEN - 1);
}

/* A file identity; dev in new_encode_dev() form; dir NUL-terminated. */
static inline struct sastrace_file_id fx_file_id(__u32 dev, __u64 ino,
						 __u32 gen, __s64 mtime_ns,
						 __s64 ctime_ns,
						 const char *dir)
{
	struct sastrace_file_id id;
	size_t len = strlen(dir);

	memset(&id, 0, sizeof(id));
	id.dev = dev;
	id.ino = ino;
	id.generation = gen;
	id.mtime_ns = mtime_ns;
	id.ctime_ns = ctime_ns;
	memcpy(id.dir, dir,
	       len < SASTRACE_FILE_DIR_LEN ? len : SASTRACE_FILE_DIR_LEN - 1);
	return id;
}

/* Bytes of a record as the raw file hands it out. */
static inline size_t fx_size(const struct fx_rec *r)
{
	return r->h.size;
}

/*
 * @r as a version 4 module wrote it: the header without cgroup_id,
 * ns_tgid and ns_tid (48 bytes), then the payload, into @out (room for
 * fx_size(@r)). Return: its size.
 */
static inline size_t fx_v4(const struct fx_rec *r, void *out)
{
	struct sastrace_header h = r->h;
	size_t payload = r->h.size - sizeof(r->h);

	h.version = SASTRACE_VERSION_V4;
	h.size = SASTRACE_HEADER_V4_SIZE + payload;
	memcpy(out, &h, SASTRACE_HEADER_V4_SIZE);
	memcpy((char *)out + SASTRACE_HEADER_V4_SIZE, &r->h + 1, payload);
	return h.size;
}

/*
 * What a reader holds of fx_v4(@r)'s record: @r with version 4, its own
 * size, and cgroup_id, ns_tgid, ns_tid unknown (0).
 */
static inline struct fx_rec fx_as_v4(const struct fx_rec *r)
{
	struct fx_rec v = *r;

	v.h.version = SASTRACE_VERSION_V4;
	v.h.size = r->h.size - (sizeof(r->h) - SASTRACE_HEADER_V4_SIZE);
	v.h.cgroup_id = 0;
	v.h.ns_tgid = 0;
	v.h.ns_tid = 0;
	return v;
}

/*
 * The widest cgroup and namespace ids a record can hold, for the
 * widest-line tests: @ns_tid apart from the pid (~0U - 1) prints nstid too.
 */
static inline void fx_widest_ns(struct fx_rec *r, __u32 ns_tid)
{
	r->h.cgroup_id = ~0ULL;
	r->h.ns_tgid = ~0U - 1;
	r->h.ns_tid = ns_tid;
}

/*
 * The widest file identity: every number at its widest, the whole dir
 * (unterminated) of bytes that each print escaped.
 */
static inline struct sastrace_file_id fx_widest_file_id(void)
{
	struct sastrace_file_id id;

	id.ino = ~0ULL;
	id.dev = ~0U;
	id.generation = ~0U;
	id.mtime_ns = INT64_MIN;
	id.ctime_ns = INT64_MIN;
	memset(id.dir, 0xff, sizeof(id.dir));
	return id;
}

/*
 * The widest signal record: a deliver with every number of the header and
 * the payload at its widest and a handler file of 64 escaped bytes; its
 * handler's identity left unknown (ino 0).
 */
static inline struct fx_rec fx_widest_signal(void)
{
	struct fx_rec w = fx_signal(~0ULL, SASTRACE_SIG_DELIVER, ~0U, ~0ULL,
				    ~0ULL, fx_value(~0ULL, ~0ULL, 0xffffffff,
						    ~0ULL), INT64_MIN);

	w.h.cpu = ~0U;
	w.h.tgid = ~0U;
	w.h.tid = ~0U;
	memset(w.h.comm, 0xff, sizeof(w.h.comm));
	w.sig.frame_size = ~0ULL;
	w.sig.handler_off = ~0ULL;
	memset(w.sig.handler_file, 0xff, sizeof(w.sig.handler_file));
	return w;
}

/* A cgroup name resolver giving the widest path: 255 bytes, all escaped. */
static inline const char *fx_widest_cgroup(__u64 id)
{
	static char path[256];

	(void)id;
	memset(path, 1, sizeof(path) - 1);
	path[0] = '/';
	return path;
}

#endif /* SASTRACE_FIXTURES_H */
