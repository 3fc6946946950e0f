// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the committed seeds of the records fuzz target (run by hand when
 * the record format changes; run.sh does not need it):
 *
 *   cc -I../../module -I../unit -o /tmp/gen_seeds gen_seeds.c &&
 *   /tmp/gen_seeds corpus/records
 *
 * Each seed is fuzz_records.c's 3 control bytes, then cpu0's and cpu1's
 * records, as the module writes them (tests/unit/fixtures.h builds them).
 */
#include <stdio.h>
#include <stdlib.h>
#include "fixtures.h"

static const char *dir;

/*
 * Write @n records, each of its h.size bytes (a size larger than the
 * record's own is a newer module's: 0xa5 bytes follow), then @extra bytes
 * of the next one (a partial tail).
 */
static void seed(const char *name, const unsigned char ctl[3],
		 const struct fx_rec *r, size_t n, size_t extra)
{
	static unsigned char buf[16 * 8192];
	char path[4096];
	size_t len = 0, i;
	FILE *f;

	for (i = 0; i <= n; i++) {
		size_t size = i < n ? r[i].h.size : extra;
		size_t own = size < sizeof(r[i]) ? size : sizeof(r[i]);

		memset(buf + len, 0xa5, size);
		memcpy(buf + len, &r[i], own);
		len += size;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(ctl, 1, 3, f) != 3 || fwrite(buf, 1, len, f) != len ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* @n records, the even ones as a version 4 module writes them (fx_v4()). */
static void seed_v4(const char *name, const unsigned char ctl[3],
		    const struct fx_rec *r, size_t n)
{
	static unsigned char buf[16 * 8192];
	char path[4096];
	size_t len = 0, i;
	FILE *f;

	for (i = 0; i < n; i++) {
		if (i % 2 == 0) {
			len += fx_v4(&r[i], buf + len);
		} else {
			memcpy(buf + len, &r[i], r[i].h.size);
			len += r[i].h.size;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(ctl, 1, 3, f) != 3 || fwrite(buf, 1, len, f) != len ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct fx_rec r[8];
	unsigned char all[3] = { 0, 0, 255 };	/* one write, all on cpu0 */

	if (argc != 2)
		return fprintf(stderr, "usage: gen_seeds DIR\n"), 2;
	dir = argv[1];

	/* Every kind of syscall record over two CPUs, in pieces. */
	r[0] = fx_record(1000000100ULL, 0, 100, 100, "sleep", SASTRACE_HOOK_KPROBE,
			 fx_value(0x7ffd000, 0x7f1200,
				  SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192),
			 fx_null(), 0);
	r[1] = fx_record(3000000000ULL, 0, 200, 201, "a b\"c\\d", SASTRACE_HOOK_KPROBE,
			 fx_raw(SASTRACE_ARG_FAULT, 0xdead000),
			 fx_raw(SASTRACE_ARG_UNWRITTEN, 0x1000), -14);
	r[2] = fx_record(500, 1, 1, 1, "\x01tab\t\xff", SASTRACE_HOOK_COMPAT,
			 fx_value(0xffd000, 0x1000, SASTRACE_SS_DISABLE | 0x4, 4096),
			 fx_null(), -22);
	r[3] = fx_record(2000000000ULL, 1, 100, 100, "0123456789abcdef",
			 SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_value(0x7ffd000, 0, SASTRACE_SS_DISABLE, 0), 0);
	seed("syscalls", (unsigned char[3]){ 41, 3, 128 }, r, 4, 0);

	/* A uprobe record with a caller, read late. */
	r[0] = fx_record(5000000000ULL, 0, 100, 102, "sleep", SASTRACE_HOOK_UPROBE,
			 fx_value(0x7ffd000, 0, SASTRACE_SS_DISABLE, 0),
			 fx_value(0x7ffd100, 0x7f1200, SASTRACE_SS_ONSTACK, 8192), -1);
	r[0].call.rflags = SASTRACE_RF_SS_LATE;
	fx_caller(&r[0], 0x55d0c0001234ULL, 0x1234, "sleep");
	r[0].call.caller_id = fx_file_id(0x12c00 | 0x22, 4242, 3735928559U,
					 1796098743992000000LL,
					 1796098744001000000LL, "/usr/b\\\"n");
	/* TOCTOU and UNVERIFIED: what was installed. */
	r[1] = fx_record(5000000001ULL, 0, 97, 97, "toctou", SASTRACE_HOOK_KPROBE,
			 fx_value(0x7ffe000, 0x4f4380, 0, 65536), fx_null(), 0);
	r[1].call.rflags = SASTRACE_RF_TOCTOU;
	r[1].call.installed = fx_value(0, 0x4d4380, SASTRACE_SS_AUTODISARM,
				       131072);
	r[2] = r[1];
	r[2].call.rflags = SASTRACE_RF_UNVERIFIED;
	r[2].call.ss = fx_raw(SASTRACE_ARG_FAULT, 0x7ffe000);
	seed("uprobe-toctou", all, r, 3, 0);

	/* Signal records: deliver, overflow, onstack_unavailable, RT signal. */
	r[0] = fx_signal(6848412857ULL, SASTRACE_SIG_DELIVER, 11, 0x401770, 0xe6a2f8,
			 fx_value(0, 0xe626d0, 0, 32768), 31784);
	r[1] = fx_signal(6888855127ULL, SASTRACE_SIG_OVERFLOW, 10, 0x401960, 0x4ac178,
			 fx_value(0, 0x4ac000, 0, 16384), -120);
	r[1].sig.ret = -14;
	/* The handler's file: named with its identity, and not known. */
	fx_handler_at(&r[0], 0x1770, "overflow");
	r[0].sig.handler_id = fx_file_id(0x801, 176, 1, -1, -2, "/tests/x");
	fx_handler_at(&r[1], 0, "?");
	r[2] = fx_signal(6883279247ULL, SASTRACE_SIG_ONSTACK_UNAVAILABLE, 12,
			 0x4016f0, 0x7ffd1a9bab78ULL, fx_null(), 0);
	r[3] = fx_signal(6883279248ULL, 9, 40, 1, 2,
			 fx_value(0, 1, SASTRACE_SS_AUTODISARM, 1), 0);
	seed("signals", (unsigned char[3]){ 7, 1, 200 }, r, 4, 0);

	/* A record and half of another: the tail stays. */
	r[0] = fx_record(1000, 0, 1, 1, "first", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	r[1] = fx_record(2000, 0, 1, 1, "second", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	seed("split", (unsigned char[3]){ 3, 0, 255 }, r, 1, 60);

	/*
	 * A newer module: a call record with a longer payload, kinds this
	 * reader does not know (99, 7), a longer signal record, then one of
	 * this reader's size.
	 */
	r[0] = fx_record(1000, 0, 1, 1, "newer", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	r[0].h.size += 64;
	fx_header(&r[1], 99, 32, 1500, 0, 1, 1, "future", 1);
	fx_header(&r[2], 7, 0, 1600, 0, 1, 1, "future", 1);
	r[3] = fx_signal(2000, SASTRACE_SIG_DELIVER, 11, 0x401770, 0xe6a2f8,
			 fx_value(0, 0xe626d0, 0, 32768), 31784);
	r[3].h.size += 8;
	r[4] = fx_record(3000, 0, 1, 1, "after", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	seed("newer-version", all, r, 5, 0);

	/*
	 * Cgroup and namespace ids, and a version 4 module's records (a
	 * 48-byte header) between version 5 ones.
	 */
	r[0] = fx_record(1000, 0, 1, 1, "incg", SASTRACE_HOOK_KPROBE,
			 fx_null(), fx_null(), 0);
	r[0].h.cgroup_id = 4242;
	r[0].h.ns_tgid = 1;
	r[0].h.ns_tid = 2;
	r[1] = fx_signal(2000, SASTRACE_SIG_DELIVER, 11, 0x401770, 0xe6a2f8,
			 fx_value(0, 0xe626d0, 0, 32768), 31784);
	r[2] = fx_sigaction(3000, 11, fx_sigact(0x401770, SASTRACE_SA_ONSTACK,
						0, 0),
			    fx_sigact(0, 0, 0, 0), 0, 0);
	r[3] = fx_record(4000, 0, 7, 7, "v5", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	r[3].h.cgroup_id = 3;
	seed_v4("version4", (unsigned char[3]){ 5, 0, 140 }, r, 4);

	/* Bad magic on cpu1. */
	r[0] = fx_record(1000, 0, 1, 1, "ok", SASTRACE_HOOK_KPROBE, fx_null(),
			 fx_null(), 0);
	r[1] = r[0];
	r[1].h.magic = 0xdeadbeef;
	seed("badmagic", (unsigned char[3]){ 0, 0, 128 }, r, 2, 0);
	return 0;
}
