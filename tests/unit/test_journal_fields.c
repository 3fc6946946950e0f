// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the journal fields of a record (userspace/journal_fields.c),
 * without a journal: exact fields for each kind of record (syscall, compat
 * with an escaped comm, TOCTOU mismatch and unverified, uprobe with its
 * caller, each signal event, late_ss), their priorities, and the refusal
 * of anything that is not such a JSON object.
 */
#include <stdio.h>
#include <string.h>
#include "journal_fields.h"
#include "tap.h"

static struct sastrace_jfields f;

/* The fields, one per line (a value's own newlines stay). */
static const char *joined(void)
{
	static char buf[sizeof(f.buf) + SASTRACE_JF_MAX];
	size_t len = 0;
	int i;

	for (i = 0; i < f.n; i++) {
		memcpy(buf + len, f.iov[i].iov_base, f.iov[i].iov_len);
		len += f.iov[i].iov_len;
		buf[len++] = '\n';
	}
	buf[len] = '\0';
	return buf;
}

static void entry(const char *name, const char *text, const char *json,
		  int priority, const char *want)
{
	char err[128], full[4096];
	int ret = sastrace_journal_fields(&f, text, json, err, sizeof(err));

	tap_true(name, !ret, err);
	snprintf(full, sizeof(full),
		 "MESSAGE=%.*s\nPRIORITY=%d\nSYSLOG_IDENTIFIER=sastrace\n%s",
		 (int)strcspn(text, "\n"), text, priority, want);
	tap_str(name, ret ? "(failed)" : joined(), full);
	tap_long(name, f.priority, priority);
}

static void test_records(void)
{
	entry("jf kprobe",
	      "1.000000100 cpu=0 pid=100 tid=100 comm=sleep kprobe sigaltstack({ss_sp=0x7f1200, ss_flags=SS_ONSTACK|SS_AUTODISARM, ss_size=8192}, NULL) = 0\n",
	      "{\"ts_ns\":1000000100,\"ts\":\"1.000000100\",\"cpu\":0,\"pid\":100,\"tid\":100,\"comm\":\"sleep\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x7f1200\",\"flags\":2147483649,\"flag_names\":[\"SS_ONSTACK\",\"SS_AUTODISARM\"],\"size\":8192},\"old_ss\":null,\"ret\":0,\"errno\":null}\n",
	      6,
	      "SASTRACE_TS_NS=1000000100\nSASTRACE_TS=1.000000100\nSASTRACE_CPU=0\n"
	      "SASTRACE_PID=100\nSASTRACE_TID=100\nSASTRACE_COMM=sleep\n"
	      "SASTRACE_HOOK=kprobe\nSASTRACE_SS_SP=0x7f1200\n"
	      "SASTRACE_SS_FLAGS=2147483649\n"
	      "SASTRACE_SS_FLAG_NAMES=SS_ONSTACK,SS_AUTODISARM\n"
	      "SASTRACE_SS_SIZE=8192\nSASTRACE_OLD_SS=\nSASTRACE_RET=0\n"
	      "SASTRACE_ERRNO=\n");
	entry("jf compat, escaped comm, empty flag list, errno",
	      "0.000000500 cpu=1 pid=1 tid=1 comm=\\x01tab\\x09\\xff compat sigaltstack({ss_sp=0x1000, ss_flags=0, ss_size=4096}, 0x10) = -22 EINVAL\n",
	      "{\"ts_ns\":500,\"ts\":\"0.000000500\",\"cpu\":1,\"pid\":1,\"tid\":1,\"comm\":\"\\u0001tab\\u0009\\u00ff\\\"\\\\\",\"hook\":\"compat\",\"ss\":{\"sp\":\"0x1000\",\"flags\":0,\"flag_names\":[],\"size\":4096},\"old_ss\":{\"addr\":\"0x10\",\"error\":\"not_written\"},\"ret\":-22,\"errno\":\"EINVAL\"}",
	      6,
	      "SASTRACE_TS_NS=500\nSASTRACE_TS=0.000000500\nSASTRACE_CPU=1\n"
	      "SASTRACE_PID=1\nSASTRACE_TID=1\n"
	      "SASTRACE_COMM=\001tab\t\303\277\"\\\n"
	      "SASTRACE_HOOK=compat\nSASTRACE_SS_SP=0x1000\n"
	      "SASTRACE_SS_FLAGS=0\nSASTRACE_SS_FLAG_NAMES=\n"
	      "SASTRACE_SS_SIZE=4096\nSASTRACE_OLD_SS_ADDR=0x10\n"
	      "SASTRACE_OLD_SS_ERROR=not_written\nSASTRACE_RET=-22\n"
	      "SASTRACE_ERRNO=EINVAL\n");
	entry("jf TOCTOU mismatch: a warning",
	      "7.412230118 cpu=1 pid=97 tid=97 comm=toctou kprobe sigaltstack(...) = 0 TOCTOU installed={...}",
	      "{\"ts_ns\":7412230118,\"ts\":\"7.412230118\",\"cpu\":1,\"pid\":97,\"tid\":97,\"comm\":\"toctou\",\"hook\":\"kprobe\",\"ss\":null,\"old_ss\":null,\"ret\":0,\"errno\":null,\"late_ss\":true,\"toctou\":{\"status\":\"mismatch\",\"installed\":{\"sp\":\"0x4d4380\",\"flags\":4,\"flag_names\":[\"0x4\"],\"size\":131072}}}",
	      4,
	      "SASTRACE_TS_NS=7412230118\nSASTRACE_TS=7.412230118\nSASTRACE_CPU=1\n"
	      "SASTRACE_PID=97\nSASTRACE_TID=97\nSASTRACE_COMM=toctou\n"
	      "SASTRACE_HOOK=kprobe\nSASTRACE_SS=\nSASTRACE_OLD_SS=\n"
	      "SASTRACE_RET=0\nSASTRACE_ERRNO=\nSASTRACE_LATE_SS=true\n"
	      "SASTRACE_TOCTOU_STATUS=mismatch\n"
	      "SASTRACE_TOCTOU_INSTALLED_SP=0x4d4380\n"
	      "SASTRACE_TOCTOU_INSTALLED_FLAGS=4\n"
	      "SASTRACE_TOCTOU_INSTALLED_FLAG_NAMES=0x4\n"
	      "SASTRACE_TOCTOU_INSTALLED_SIZE=131072\n");
	entry("jf TOCTOU unverified: info",
	      "t", "{\"toctou\":{\"status\":\"unverified\",\"installed\":null}}", 6,
	      "SASTRACE_TOCTOU_STATUS=unverified\nSASTRACE_TOCTOU_INSTALLED=\n");
	entry("jf SMALL: a warning",
	      "t", "{\"ret\":0,\"small\":{\"min\":3632}}", 4,
	      "SASTRACE_RET=0\nSASTRACE_SMALL_MIN=3632\n");
	entry("jf uprobe caller",
	      "t", "{\"hook\":\"uprobe\",\"ret\":-1,\"errno\":null,\"caller\":{\"file\":\"libc.so.6\",\"offset\":\"0x3e2a1\",\"addr\":\"0x7f00003e2a1\"}}", 6,
	      "SASTRACE_HOOK=uprobe\nSASTRACE_RET=-1\nSASTRACE_ERRNO=\n"
	      "SASTRACE_CALLER_FILE=libc.so.6\nSASTRACE_CALLER_OFFSET=0x3e2a1\n"
	      "SASTRACE_CALLER_ADDR=0x7f00003e2a1\n");
	entry("jf signal deliver: info",
	      "6.848412857 cpu=0 pid=113 tid=113 comm=overflow signal deliver SIGSEGV handler=0x401770 frame=0xe6a2f8 altstack={ss_sp=0xe626d0, ss_flags=0, ss_size=32768} headroom=31784",
	      "{\"ts_ns\":6848412857,\"ts\":\"6.848412857\",\"cpu\":0,\"pid\":113,\"tid\":113,\"comm\":\"overflow\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401770\",\"frame\":\"0xe6a2f8\",\"altstack\":{\"sp\":\"0xe626d0\",\"flags\":0,\"flag_names\":[],\"size\":32768},\"headroom\":31784}",
	      6,
	      "SASTRACE_TS_NS=6848412857\nSASTRACE_TS=6.848412857\nSASTRACE_CPU=0\n"
	      "SASTRACE_PID=113\nSASTRACE_TID=113\nSASTRACE_COMM=overflow\n"
	      "SASTRACE_HOOK=signal\nSASTRACE_EVENT=deliver\nSASTRACE_SIGNO=11\n"
	      "SASTRACE_SIGNAL=SIGSEGV\nSASTRACE_HANDLER=0x401770\n"
	      "SASTRACE_FRAME=0xe6a2f8\nSASTRACE_ALTSTACK_SP=0xe626d0\n"
	      "SASTRACE_ALTSTACK_FLAGS=0\nSASTRACE_ALTSTACK_FLAG_NAMES=\n"
	      "SASTRACE_ALTSTACK_SIZE=32768\nSASTRACE_HEADROOM=31784\n");
	entry("jf signal overflow: a warning", "t",
	      "{\"hook\":\"signal\",\"event\":\"overflow\",\"sp\":\"0x4ac178\",\"headroom\":-8}", 4,
	      "SASTRACE_HOOK=signal\nSASTRACE_EVENT=overflow\nSASTRACE_SP=0x4ac178\n"
	      "SASTRACE_HEADROOM=-8\n");
	entry("jf signal onstack_unavailable: a warning", "t",
	      "{\"event\":\"onstack_unavailable\",\"altstack\":null,\"headroom\":null}", 4,
	      "SASTRACE_EVENT=onstack_unavailable\nSASTRACE_ALTSTACK=\nSASTRACE_HEADROOM=\n");
	entry("jf signal frame_fault: a warning", "t",
	      "{\"event\":\"frame_fault\"}", 4, "SASTRACE_EVENT=frame_fault\n");
	entry("jf signal unknown event: info", "t",
	      "{\"event\":\"unknown\"}", 6, "SASTRACE_EVENT=unknown\n");
	entry("jf a nested event key is not the event", "t",
	      "{\"x\":{\"event\":\"overflow\"},\"y\":{\"toctou\":{\"status\":\"mismatch\"}}}", 6,
	      "SASTRACE_X_EVENT=overflow\nSASTRACE_Y_TOCTOU_STATUS=mismatch\n");
	entry("jf empty object, spaces, numbers, escapes", "",
	      " { \"a\" : [ 1 , -2.5e+3 , true , false ] , \"b\" : {} , \"c\" : \"\\/\\b\\f\\n\\r\\t\\u00e9\\u20ac\" } \n", 6,
	      "SASTRACE_A=1,-2.5e+3,true,false\nSASTRACE_C=/\b\f\n\r\t\303\251\342\202\254\n");
}

static void refused(const char *name, const char *json, const char *why)
{
	char err[128] = "";
	int ret = sastrace_journal_fields(&f, "t", json, err, sizeof(err));

	tap_long(name, ret, -1);
	tap_str(name, err, why);
}

static void test_refused(void)
{
	char big[SASTRACE_JF_BUF + 64], many[SASTRACE_JF_MAX * 8 + 16];
	size_t len;
	int i;

	refused("jf refused: empty", "", "not a JSON object");
	refused("jf refused: array", "[1]", "not a JSON object");
	refused("jf refused: unterminated object", "{\"a\":1", "expected ',' or '}' in an object");
	refused("jf refused: trailing bytes", "{\"a\":1}x", "bytes after the JSON object");
	refused("jf refused: two objects", "{}{}", "bytes after the JSON object");
	refused("jf refused: upper-case key is fine, '-' is not", "{\"A-b\":1}", "a key is not [a-z0-9_]");
	refused("jf refused: escaped key", "{\"a\\u0041\":1}", "a key is not [a-z0-9_]");
	refused("jf refused: empty key", "{\"\":1}", "empty key");
	refused("jf refused: no key", "{1:1}", "expected a key");
	refused("jf refused: no colon", "{\"a\" 1}", "expected ':'");
	refused("jf refused: too deep", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}", "objects nested too deep");
	refused("jf refused: array of objects", "{\"a\":[{}]}", "an array holds an object or an array");
	refused("jf refused: array of arrays", "{\"a\":[[]]}", "an array holds an object or an array");
	refused("jf refused: unterminated array", "{\"a\":[1", "expected ',' or ']' in an array");
	refused("jf refused: array without comma", "{\"a\":[1 2]}", "expected ',' or ']' in an array");
	refused("jf refused: unterminated string", "{\"a\":\"abc", "unterminated string");
	refused("jf refused: escape at the end", "{\"a\":\"abc\\", "bad escape in a string");
	refused("jf refused: bad escape", "{\"a\":\"\\x41\"}", "bad escape in a string");
	refused("jf refused: short \\u", "{\"a\":\"\\u00\"}", "bad \\u escape");
	refused("jf refused: \\u0000", "{\"a\":\"\\u0000\"}", "\\u0000 or a surrogate in a string");
	refused("jf refused: surrogate", "{\"a\":\"\\ud800\"}", "\\u0000 or a surrogate in a string");
	refused("jf refused: raw newline in a string", "{\"a\":\"x\ny\"}", "control character in a string");
	refused("jf refused: bare word", "{\"a\":nul}", "bad value");
	refused("jf refused: bad number", "{\"a\":1.}", "bad number");
	refused("jf refused: bad exponent", "{\"a\":1e}", "bad number");
	refused("jf refused: lone minus", "{\"a\":-}", "bad value");
	/* SASTRACE_ and 56 bytes; then SASTRACE_ and 55. */
	refused("jf refused: 65-byte field name",
		"{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}",
		"a field name is longer than 64 bytes");
	entry("jf 64-byte field name", "t",
	      "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}", 6,
	      "SASTRACE_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=1\n");

	/* 61 SASTRACE_ fields fit with the 3 fixed ones; 62 do not. */
	for (i = 0, len = 0; i < SASTRACE_JF_MAX - 3; i++)
		len += sprintf(many + len, "%s\"k%d\":1", i ? "," : "{", i);
	strcpy(many + len, "}");
	{
		char err[128];

		tap_long("jf 64 fields fit",
			 sastrace_journal_fields(&f, "t", many, err, sizeof(err)), 0);
		tap_long("jf 64 fields fit: count", f.n, SASTRACE_JF_MAX);
	}
	sprintf(many + len, ",\"k%d\":1}", i);
	refused("jf refused: too many fields", many, "too many fields for one journal entry");

	/* A value larger than an entry's buffer. */
	len = sprintf(big, "{\"a\":\"");
	memset(big + len, 'x', SASTRACE_JF_BUF);
	strcpy(big + len + SASTRACE_JF_BUF, "\"}");
	refused("jf refused: too long", big, "the fields are too long for one journal entry");
}

int main(void)
{
	test_records();
	test_refused();
	return tap_done();
}
