// SPDX-License-Identifier: GPL-2.0
/*
 * The decoders' symbol hook (struct sastrace_format_opts, module/format.c
 * and userspace/json.c) with a stand-in lookup: what the callback gets,
 * where the name lands in the text and the JSON, escaping, the cut at
 * SASTRACE_SYMBOL_PRINT_MAX, and the widest lines still fitting their
 * buffers. No lookup of real files here: tests/unit/symbols.sh does those.
 */
#include <stdio.h>
#include <string.h>
#include "format.h"
#include "json.h"
#include "fixtures.h"
#include "tap.h"

static struct {
	int calls;
	const char *name;	/* NULL: no name */
	__u64 off;
	/* what the last call got */
	char file[SASTRACE_CALLER_FILE_LEN + 1];
	__u64 got_off;
	__u64 ino;
	__u32 tgid;
} fake;

static bool fake_symbol(void *ctx, const char *file, __u64 off,
			const struct sastrace_file_id *id, __u32 tgid,
			const char **name, __u64 *sym_off)
{
	(void)ctx;
	fake.calls++;
	memcpy(fake.file, file, SASTRACE_CALLER_FILE_LEN);
	fake.got_off = off;
	fake.ino = id->ino;
	fake.tgid = tgid;
	if (!fake.name)
		return false;
	*name = fake.name;
	*sym_off = fake.off;
	return true;
}

/* The file identity keys of caller_record()'s caller (userspace/json.c). */
#define FID ",\"dev\":\"0:0\",\"ino\":77,\"generation\":0,\"mtime_ns\":0,\"dir\":\"\",\"ctime_ns\":0"

static const struct sastrace_format_opts opts = { .symbol = fake_symbol };
static const struct sastrace_format_opts no_symbol = { .symbol = NULL };

/* The part of a text line from " caller=", without its '\n'. */
static const char *text_tail(const struct fx_rec *r,
			     const struct sastrace_format_opts *o)
{
	static char buf[SASTRACE_LINE_MAX];
	char *p;

	sastrace_format_record_opts(buf, sizeof(buf), &r->h, o);
	p = strstr(buf, " caller=");
	if (!p)
		return "(no caller)";
	p[strcspn(p, "\n")] = '\0';
	return p;
}

/* The part of a JSON line from "\"caller\":", without its '\n'. */
static const char *json_tail(const struct fx_rec *r,
			     const struct sastrace_format_opts *o)
{
	static char buf[SASTRACE_JSON_MAX];
	char *p, *q;

	sastrace_json_record_opts(buf, sizeof(buf), &r->h, o);
	p = strstr(buf, "\"caller\":");
	if (!p)
		return "(no caller)";
	p[strcspn(p, "\n")] = '\0';
	/* The record's own keys after the caller object (cgroup, ...). */
	q = strstr(p, ",\"cgroup\":");
	if (q)
		strcpy(q, "}");
	return p;
}

static struct fx_rec caller_record(void)
{
	struct fx_rec r = fx_record(1, 0, 4242, 4243, "p",
				    SASTRACE_HOOK_KPROBE, fx_null(),
				    fx_null(), 0);

	fx_caller(&r, 0x401234, 0x1234, "prog");
	r.call.caller_id.ino = 77;
	return r;
}

static void test_hook(void)
{
	struct fx_rec r = caller_record();
	char want[512];

	fake.name = "on_segv";
	fake.off = 0x12;
	fake.calls = 0;
	tap_str("symbol: none without options", text_tail(&r, NULL),
		" caller=prog+0x1234");
	tap_str("symbol: none without a callback", text_tail(&r, &no_symbol),
		" caller=prog+0x1234");
	tap_long("symbol: no callback called without options", fake.calls, 0);
	tap_str("symbol: text", text_tail(&r, &opts),
		" caller=prog+0x1234 <on_segv+0x12>");
	tap_true("symbol: the callback gets the record's file, offset, identity and tgid",
		 !strcmp(fake.file, "prog") && fake.got_off == 0x1234 &&
		 fake.ino == 77 && fake.tgid == 4242, "wrong arguments");
	tap_str("symbol: JSON", json_tail(&r, &opts),
		"\"caller\":{\"file\":\"prog\",\"offset\":\"0x1234\",\"addr\":\"0x401234\"" FID ",\"symbol\":\"on_segv\",\"symbol_offset\":18}}");
	fake.off = 0;
	tap_str("symbol: at the function's start, text", text_tail(&r, &opts),
		" caller=prog+0x1234 <on_segv>");
	tap_str("symbol: at the function's start, JSON", json_tail(&r, &opts),
		"\"caller\":{\"file\":\"prog\",\"offset\":\"0x1234\",\"addr\":\"0x401234\"" FID ",\"symbol\":\"on_segv\",\"symbol_offset\":0}}");
	fake.name = NULL;
	tap_str("symbol: the lookup finds none, text", text_tail(&r, &opts),
		" caller=prog+0x1234");
	tap_str("symbol: the lookup finds none, JSON", json_tail(&r, &opts),
		"\"caller\":{\"file\":\"prog\",\"offset\":\"0x1234\",\"addr\":\"0x401234\"" FID "}}");

	/* Nothing to look up: no identity, or the file not known. */
	fake.name = "x";
	fake.calls = 0;
	r.call.caller_id.ino = 0;
	tap_str("symbol: none for a file of no identity", text_tail(&r, &opts),
		" caller=prog+0x1234");
	r.call.caller_id.ino = 77;
	fx_caller(&r, 0x401234, 0, "?");
	tap_str("symbol: none for an unknown file", text_tail(&r, &opts),
		" caller=0x401234");
	json_tail(&r, &opts);
	tap_long("symbol: no lookup for those", fake.calls, 0);

	/* Escaped as a comm in the text, as a JSON string in the JSON. */
	fx_caller(&r, 0x401234, 0x1234, "prog");
	fake.name = "a b\\c\"\xff";
	fake.off = 1;
	tap_str("symbol: escaped, text", text_tail(&r, &opts),
		" caller=prog+0x1234 <a\\x20b\\x5cc\"\\xff+0x1>");
	tap_str("symbol: escaped, JSON", json_tail(&r, &opts),
		"\"caller\":{\"file\":\"prog\",\"offset\":\"0x1234\",\"addr\":\"0x401234\"" FID ",\"symbol\":\"a b\\\\c\\\"\\u00ff\",\"symbol_offset\":1}}");

	/* Cut at SASTRACE_SYMBOL_PRINT_MAX bytes, "..." after. */
	{
		char name[SASTRACE_SYMBOL_PRINT_MAX + 2];

		memset(name, 'n', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		fake.name = name;
		snprintf(want, sizeof(want), " caller=prog+0x1234 <%.*s...+0x1>",
			 SASTRACE_SYMBOL_PRINT_MAX, name);
		tap_str("symbol: a long name is cut, text", text_tail(&r, &opts),
			want);
		snprintf(want, sizeof(want),
			 "\"caller\":{\"file\":\"prog\",\"offset\":\"0x1234\",\"addr\":\"0x401234\"" FID ",\"symbol\":\"%.*s...\",\"symbol_offset\":1}}",
			 SASTRACE_SYMBOL_PRINT_MAX, name);
		tap_str("symbol: a long name is cut, JSON", json_tail(&r, &opts),
			want);
		name[SASTRACE_SYMBOL_PRINT_MAX] = '\0';
		snprintf(want, sizeof(want), " caller=prog+0x1234 <%s+0x1>",
			 name);
		tap_str("symbol: a name of the longest printed is whole",
			text_tail(&r, &opts), want);
	}
}

/* A signal record's handler_at, named the same way. */
static void test_signal(void)
{
	struct fx_rec r = fx_signal(3000000000ULL, SASTRACE_SIG_DELIVER, 11,
				    0x401136, 0x4c8e40,
				    fx_value(0, 0x4c0000, 0, 65536), 0x8e40);
	char buf[SASTRACE_JSON_MAX];

	fx_handler_at(&r, 0x1136, "prog");
	r.sig.handler_id.ino = 77;
	fake.name = "on_segv";
	fake.off = 0;
	fake.calls = 0;
	sastrace_format_record_opts(buf, sizeof(buf), &r.h, &opts);
	tap_true("symbol: signal text, after handler_at=",
		 strstr(buf, " handler_at=prog+0x1136 <on_segv>\n") != NULL,
		 buf);
	tap_true("symbol: the signal's callback gets its handler file and tgid",
		 fake.calls == 1 && !strcmp(fake.file, "prog") &&
		 fake.got_off == 0x1136 && fake.tgid == r.h.tgid,
		 "wrong arguments");
	sastrace_json_record_opts(buf, sizeof(buf), &r.h, &opts);
	tap_true("symbol: signal JSON, in handler_at",
		 strstr(buf, ",\"handler_at\":{\"file\":\"prog\",\"offset\":\"0x1136\",\"addr\":\"0x401136\"" FID ",\"symbol\":\"on_segv\",\"symbol_offset\":0},\"cgroup\":") != NULL,
		 buf);
	fx_handler_at(&r, 0, "?");
	fake.calls = 0;
	sastrace_format_record_opts(buf, sizeof(buf), &r.h, &opts);
	sastrace_json_record_opts(buf, sizeof(buf), &r.h, &opts);
	tap_long("symbol: no lookup for a handler in no known file", fake.calls,
		 0);
}

/*
 * The widest call record, with the widest name, namespace ids and cgroup
 * path: both lines still fit.
 */
static void test_widest(void)
{
	char name[300], text[SASTRACE_TEXT_MAX], json[SASTRACE_JSON_MAX];
	struct fx_rec r;
	int n;

	r = fx_record(~0ULL, ~0U, ~0U, ~0U,
		      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
		      SASTRACE_HOOK_KPROBE,
		      fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL),
		      fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL), -512);
	r.call.rflags = 0xffff;
	r.call.installed = fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL);
	r.call.min_sigstksz = 0xffffffff;
	r.call.caller_addr = ~0ULL;
	r.call.caller_off = ~0ULL;
	memset(r.call.caller_file, 0xff, sizeof(r.call.caller_file));
	r.call.caller_id.ino = 1;
	memset(name, 0xff, sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	fake.name = name;
	fake.off = ~0ULL;
	fx_widest_ns(&r, ~0U - 2);
	sastrace_cgroup_name = fx_widest_cgroup;
	n = sastrace_text_record_opts(text, sizeof(text), &r.h, &opts);
	tap_true("symbol: the widest text line fits SASTRACE_TEXT_MAX",
		 n > 0 && n < SASTRACE_TEXT_MAX && text[n - 1] == '\n' &&
		 strstr(text, "\\xff...+0xffffffffffffffff> nspid=4294967294 nstid=4294967293 cgroup=/\\x01"),
		 text);
	n = sastrace_json_record_opts(json, sizeof(json), &r.h, &opts);
	tap_true("symbol: the widest JSON line fits SASTRACE_JSON_MAX",
		 n > 0 && n < SASTRACE_JSON_MAX && json[n - 1] == '\n' &&
		 strstr(json, "\\u00ff...\",\"symbol_offset\":18446744073709551615},\"cgroup\":\"/\\u0001"),
		 json);

	/* The widest signal record, its handler_at named. */
	r = fx_widest_signal();
	r.sig.handler_id = fx_widest_file_id();
	fx_widest_ns(&r, ~0U - 2);
	sastrace_cgroup_name = fx_widest_cgroup;
	n = sastrace_text_record_opts(text, sizeof(text), &r.h, &opts);
	tap_true("symbol: the widest signal text line fits SASTRACE_TEXT_MAX",
		 n > 0 && n < SASTRACE_TEXT_MAX && text[n - 1] == '\n' &&
		 strstr(text, "\\xff...+0xffffffffffffffff> nspid=4294967294 nstid=4294967293 cgroup=/\\x01"),
		 text);
	n = sastrace_json_record_opts(json, sizeof(json), &r.h, &opts);
	tap_true("symbol: the widest signal JSON line fits SASTRACE_JSON_MAX",
		 n > 0 && n < SASTRACE_JSON_MAX && json[n - 1] == '\n' &&
		 strstr(json, "\\u00ff...\",\"symbol_offset\":18446744073709551615},\"cgroup\":\"/\\u0001"),
		 json);
	sastrace_cgroup_name = NULL;
}

int main(void)
{
	test_hook();
	test_signal();
	test_widest();
	return tap_done();
}
