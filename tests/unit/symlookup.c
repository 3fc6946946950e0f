// SPDX-License-Identifier: GPL-2.0
/*
 * The symbol lookup (userspace/symbols.c) from the command line, for
 * tests/unit/symbols.sh:
 *
 *   symlookup lookup|text|json|raw DEBUG_DIR FILE OFF DEV INO MTIME_NS GEN CTIME_NS DIR TGID
 *
 * lookup: "<name>+0x<N>", "<name>" (at its start) or "-" (no name), twice
 * (the second from the cache, which must agree); text, json: the line of a
 * kprobe call record whose caller is FILE+OFF with that identity, decoded
 * with the symbol callback, as `sastrace trace` prints it; raw: that record
 * as a ring's raw file holds it (for the real reader on a fake tree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"
#include "json.h"
#include "symbols.h"
#include "fixtures.h"

static void usage(void)
{
	fputs("usage: symlookup lookup|text|json|raw DEBUG_DIR FILE OFF DEV INO MTIME_NS GEN CTIME_NS DIR TGID\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sastrace_format_opts opts = {
		.symbol = sastrace_symbols_format_cb,
	};
	struct fx_rec r;
	struct sastrace_file_id id;
	char line[SASTRACE_JSON_MAX];
	unsigned long long off, sym_off;
	struct sastrace_symbols *c;
	const char *name;
	__u32 tgid;
	int i;

	if (argc != 12)
		usage();
	memset(&id, 0, sizeof(id));
	off = strtoull(argv[4], NULL, 0);
	id.dev = (__u32)strtoul(argv[5], NULL, 0);
	id.ino = strtoull(argv[6], NULL, 0);
	id.mtime_ns = strtoll(argv[7], NULL, 0);
	id.generation = (__u32)strtoul(argv[8], NULL, 0);
	id.ctime_ns = strtoll(argv[9], NULL, 0);
	snprintf(id.dir, sizeof(id.dir), "%s", argv[10]);
	tgid = (__u32)strtoul(argv[11], NULL, 0);
	c = sastrace_symbols_new(argv[2]);
	if (!c)
		return 1;
	if (!strcmp(argv[1], "lookup")) {
		for (i = 0; i < 2; i++) {
			if (!sastrace_symbols_lookup(c, argv[3], off, &id, tgid,
						     &name, &sym_off))
				puts("-");
			else if (sym_off)
				printf("%s+%#llx\n", name, sym_off);
			else
				puts(name);
		}
	} else {
		r = fx_record(1000000000ULL, 0, tgid, tgid, "t",
			      SASTRACE_HOOK_KPROBE, fx_null(), fx_null(), 0);
		fx_caller(&r, 0x1000 + off, off, argv[3]);
		r.call.caller_id = id;
		opts.ctx = c;
		if (!strcmp(argv[1], "raw")) {
			i = fwrite(&r, 1, fx_size(&r), stdout) != fx_size(&r);
			sastrace_symbols_free(c);
			return i;
		}
		if (!strcmp(argv[1], "text"))
			sastrace_format_record_opts(line, sizeof(line), &r.h,
						    &opts);
		else if (!strcmp(argv[1], "json"))
			sastrace_json_record_opts(line, sizeof(line), &r.h,
						  &opts);
		else
			usage();
		fputs(line, stdout);
	}
	sastrace_symbols_free(c);
	return 0;
}
