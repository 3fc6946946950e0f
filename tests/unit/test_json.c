// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the reader's JSON encoder (userspace/json.c): stacks,
 * flag names, comm escaping, whole lines, and short buffers.
 */
#include <stdint.h>
#include <stdio.h>
#include "fixtures.h"
#include "json.h"
#include "tap.h"


static void stack(const char *name, struct sastrace_stack s, const char *want)
{
	char buf[256];
	int n = sastrace_json_stack(buf, sizeof(buf), &s);

	tap_str(name, buf, want);
	tap_long(name, n, (long long)strlen(want));
}

static void test_stack(void)
{
	stack("json_stack NULL", fx_null(), "null");
	stack("json_stack NULL sp is 0x0",
	      fx_value(0x1000, 0, SASTRACE_SS_DISABLE, 0),
	      "{\"sp\":\"0x0\",\"flags\":2,\"flag_names\":[\"SS_DISABLE\"],\"size\":0}");
	stack("json_stack value",
	      fx_value(0x1000, 0x7f1200,
		       SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192),
	      "{\"sp\":\"0x7f1200\",\"flags\":2147483649,\"flag_names\":[\"SS_ONSTACK\",\"SS_AUTODISARM\"],\"size\":8192}");
	stack("json_stack flags 0", fx_value(0x1000, 0x2000, 0, 2048),
	      "{\"sp\":\"0x2000\",\"flags\":0,\"flag_names\":[],\"size\":2048}");
	stack("json_stack known and unknown bits",
	      fx_value(0x1000, 0x2000, SASTRACE_SS_DISABLE | 0x4, 2048),
	      "{\"sp\":\"0x2000\",\"flags\":6,\"flag_names\":[\"SS_DISABLE\",\"0x4\"],\"size\":2048}");
	stack("json_stack only unknown bits", fx_value(0x1000, 0x2000, 0x4, 2048),
	      "{\"sp\":\"0x2000\",\"flags\":4,\"flag_names\":[\"0x4\"],\"size\":2048}");
	stack("json_stack all bits", fx_value(0x1000, ~0ULL, 0xffffffff, ~0ULL),
	      "{\"sp\":\"0xffffffffffffffff\",\"flags\":4294967295,\"flag_names\":[\"SS_ONSTACK\",\"SS_DISABLE\",\"SS_AUTODISARM\",\"0x7ffffffc\"],\"size\":18446744073709551615}");
	stack("json_stack fault", fx_raw(SASTRACE_ARG_FAULT, 0x1000),
	      "{\"addr\":\"0x1000\",\"error\":\"unreadable\"}");
	stack("json_stack unwritten", fx_raw(SASTRACE_ARG_UNWRITTEN, 0x1000),
	      "{\"addr\":\"0x1000\",\"error\":\"not_written\"}");
	stack("json_stack fault at 0", fx_raw(SASTRACE_ARG_FAULT, 0),
	      "{\"addr\":\"0x0\",\"error\":\"unreadable\"}");
	stack("json_stack unknown state", fx_raw(7, 0x1000),
	      "{\"addr\":\"0x1000\",\"error\":\"unknown_state\"}");
}

static void comm(const char *name, const char *c, const char *want)
{
	char in[SASTRACE_COMM_LEN], buf[128];

	memset(in, 0, sizeof(in));
	memcpy(in, c, strlen(c) < sizeof(in) ? strlen(c) : sizeof(in));
	sastrace_json_comm(buf, sizeof(buf), in);
	tap_str(name, buf, want);
}

static void test_comm(void)
{
	comm("json_comm plain with space", "a b", "\"a b\"");
	comm("json_comm quote and backslash", "q\"b\\c", "\"q\\\"b\\\\c\"");
	comm("json_comm control bytes", "\x01\t\n\x1f", "\"\\u0001\\u0009\\u000a\\u001f\"");
	comm("json_comm DEL and high bytes", "\x7f\x80\xc3\xa9\xff",
	     "\"\\u007f\\u0080\\u00c3\\u00a9\\u00ff\"");
	comm("json_comm 16 bytes without NUL", "0123456789abcdefXYZ",
	     "\"0123456789abcdef\"");
	comm("json_comm empty", "", "\"\"");
}

static void line(const char *name, const struct fx_rec *r,
		 const char *want)
{
	char buf[SASTRACE_JSON_MAX];
	int n = sastrace_json_record(buf, sizeof(buf), &r->h);

	tap_str(name, buf, want);
	tap_true(name, n == (int)strlen(want) && n < SASTRACE_JSON_MAX,
		 "wrong length or over SASTRACE_JSON_MAX");
}

static void test_record(void)
{
	static const char einval[] =
		"{\"ts_ns\":12345678901,\"ts\":\"12.345678901\",\"cpu\":1,\"pid\":5,\"tid\":6,\"comm\":\"a b\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x7f1200\",\"flags\":2147483649,\"flag_names\":[\"SS_ONSTACK\",\"SS_AUTODISARM\"],\"size\":8192},\"old_ss\":{\"addr\":\"0x1000\",\"error\":\"not_written\"},\"ret\":-22,\"errno\":\"EINVAL\",\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":5,\"ns_tid\":6}\n";
	struct fx_rec r;
	char small[16];
	int n;

	r = fx_record(12345678901ULL, 1, 5, 6, "a b", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7f0000, 0x7f1200,
			       SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192),
		      fx_raw(SASTRACE_ARG_UNWRITTEN, 0x1000), -22);
	line("json_record EINVAL", &r, einval);

	n = sastrace_json_record(small, sizeof(small), &r.h);
	tap_str("json_record truncates to the buffer", small, "{\"ts_ns\":123456");
	tap_long("json_record truncated returns full length", n,
		 (long long)strlen(einval));

	r = fx_record(5, 0, 1, 1, "init", SASTRACE_HOOK_COMPAT, fx_null(),
		      fx_value(0x1000, 0, SASTRACE_SS_DISABLE, 0), 0);
	line("json_record success has errno null", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":1,\"comm\":\"init\",\"hook\":\"compat\",\"ss\":null,\"old_ss\":{\"sp\":\"0x0\",\"flags\":2,\"flag_names\":[\"SS_DISABLE\"],\"size\":0},\"ret\":0,\"errno\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":1}\n");

	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_UPROBE,
		      fx_raw(SASTRACE_ARG_FAULT, 0xdead000), fx_null(), -200);
	r.call.rflags = SASTRACE_RF_SS_LATE;
	line("json_record unknown errno is null, late_ss", &r,
	     "{\"ts_ns\":1000000000,\"ts\":\"1.000000000\",\"cpu\":3,\"pid\":7,\"tid\":8,\"comm\":\"x\",\"hook\":\"uprobe\",\"ss\":{\"addr\":\"0xdead000\",\"error\":\"unreadable\"},\"old_ss\":null,\"ret\":-200,\"errno\":null,\"late_ss\":true,\"caller\":{\"file\":\"?\",\"offset\":\"0x0\",\"addr\":\"0x0\"},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":7,\"ns_tid\":8}\n");

	/* uprobe: libc's -1 is not an errno; the caller object follows. */
	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_UPROBE,
		      fx_null(), fx_raw(SASTRACE_ARG_UNWRITTEN, 0x7ffd100), -1);
	fx_caller(&r, 0x55d0c0001234ULL, 0x1234, "a\"b");
	line("json_record uprobe with caller, ret -1 has errno null", &r,
	     "{\"ts_ns\":1000000000,\"ts\":\"1.000000000\",\"cpu\":3,\"pid\":7,\"tid\":8,\"comm\":\"x\",\"hook\":\"uprobe\",\"ss\":null,\"old_ss\":{\"addr\":\"0x7ffd100\",\"error\":\"not_written\"},\"ret\":-1,\"errno\":null,\"caller\":{\"file\":\"a\\\"b\",\"offset\":\"0x1234\",\"addr\":\"0x55d0c0001234\"},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":7,\"ns_tid\":8}\n");

	/* kprobe and compat: the caller object once the module fills it in. */
	r = fx_record(5, 0, 1, 2, "cases", SASTRACE_HOOK_KPROBE,
		      fx_null(), fx_null(), 0);
	fx_caller(&r, 0x401c4dULL, 0x1c4d, "cases");
	line("json_record kprobe with caller", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"cases\",\"hook\":\"kprobe\",\"ss\":null,\"old_ss\":null,\"ret\":0,\"errno\":null,\"caller\":{\"file\":\"cases\",\"offset\":\"0x1c4d\",\"addr\":\"0x401c4d\"},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");
	r = fx_record(5, 0, 1, 2, "jit", SASTRACE_HOOK_COMPAT,
		      fx_null(), fx_null(), 0);
	fx_caller(&r, 0xf7f00002ULL, 0, "?");
	line("json_record compat with unknown caller file", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"jit\",\"hook\":\"compat\",\"ss\":null,\"old_ss\":null,\"ret\":0,\"errno\":null,\"caller\":{\"file\":\"?\",\"offset\":\"0x0\",\"addr\":\"0xf7f00002\"},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");

	/* SMALL: its own key, after toctou; never without a min. */
	r = fx_record(5, 0, 1, 2, "flip", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7ffd000, 0x10000, 0, 2048), fx_null(), 0);
	r.call.rflags = SASTRACE_RF_SMALL;
	r.call.min_sigstksz = 3632;
	line("json_record small", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"flip\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x10000\",\"flags\":0,\"flag_names\":[],\"size\":2048},\"old_ss\":null,\"ret\":0,\"errno\":null,\"small\":{\"min\":3632},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");
	r.call.min_sigstksz = 0;
	line("json_record small flag without min: no key", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"flip\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x10000\",\"flags\":0,\"flag_names\":[],\"size\":2048},\"old_ss\":null,\"ret\":0,\"errno\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");

	/* TOCTOU, both kinds. */
	r = fx_record(5, 0, 1, 2, "flip", SASTRACE_HOOK_KPROBE,
		      fx_value(0x1000, 0x10000, 0, 8192), fx_null(), 0);
	r.call.rflags = SASTRACE_RF_TOCTOU;
	r.call.installed = fx_value(0x1000, 0x20000, SASTRACE_SS_AUTODISARM, 16384);
	line("json_record toctou mismatch", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"flip\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x10000\",\"flags\":0,\"flag_names\":[],\"size\":8192},\"old_ss\":null,\"ret\":0,\"errno\":null,\"toctou\":{\"status\":\"mismatch\",\"installed\":{\"sp\":\"0x20000\",\"flags\":2147483648,\"flag_names\":[\"SS_AUTODISARM\"],\"size\":16384}},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");
	r.call.rflags = SASTRACE_RF_UNVERIFIED | SASTRACE_RF_SS_LATE;
	line("json_record toctou unverified", &r,
	     "{\"ts_ns\":5,\"ts\":\"0.000000005\",\"cpu\":0,\"pid\":1,\"tid\":2,\"comm\":\"flip\",\"hook\":\"kprobe\",\"ss\":{\"sp\":\"0x10000\",\"flags\":0,\"flag_names\":[],\"size\":8192},\"old_ss\":null,\"ret\":0,\"errno\":null,\"late_ss\":true,\"toctou\":{\"status\":\"unverified\",\"installed\":{\"sp\":\"0x20000\",\"flags\":2147483648,\"flag_names\":[\"SS_AUTODISARM\"],\"size\":16384}},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":1,\"ns_tid\":2}\n");

	/* Signal records. */
	r = fx_signal(3000000000ULL, SASTRACE_SIG_DELIVER, 11, 0x401136,
		      0x4c8e40, fx_value(0, 0x4c0000, 0, 65536), 0x8e40);
	line("json_record signal deliver of a 72-byte record: frame_size null", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	r.sig.frame_size = 0x4d0000 - 0x4c8e40;
	line("json_record signal deliver", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":29120,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	fx_handler_at(&r, 0x1136, "sig");
	line("json_record signal deliver, handler_at without identity", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":29120,\"handler_at\":{\"file\":\"sig\",\"offset\":\"0x1136\",\"addr\":\"0x401136\"},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	/* dev 0:300 in new_encode_dev() form: minor 300 = 0x12c. */
	r.sig.handler_id = fx_file_id(0x100 << 12 | 0x2c, 4242, 3735928559U,
				      -1, -2, "/a/\"b\"");
	line("json_record signal deliver, handler_at with identity", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":29120,\"handler_at\":{\"file\":\"sig\",\"offset\":\"0x1136\",\"addr\":\"0x401136\",\"dev\":\"0:300\",\"ino\":4242,\"generation\":3735928559,\"mtime_ns\":-1,\"dir\":\"/a/\\\"b\\\"\",\"ctime_ns\":-2},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	/* dev 8:1 and 259:65536 (major 0x103, minor 0x10000). */
	r.sig.handler_id = fx_file_id(0x801, 1, 0, 1700000000123456789LL,
				      1700000000987654321LL, "");
	fx_handler_at(&r, 0, "?");
	line("json_record signal deliver, handler_at unknown file, identity of a deleted file", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":29120,\"handler_at\":{\"file\":\"?\",\"offset\":\"0x0\",\"addr\":\"0x401136\",\"dev\":\"8:1\",\"ino\":1,\"generation\":0,\"mtime_ns\":1700000000123456789,\"dir\":\"\",\"ctime_ns\":1700000000987654321},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	r.sig.handler_id = fx_file_id(0x10000 << 12 | 0x103 << 8, 1, 0, 0, 0, "/");
	fx_handler_at(&r, 0x10, "x");
	{
		char buf[SASTRACE_JSON_MAX];

		sastrace_json_record(buf, sizeof(buf), &r.h);
		tap_true("json_record file identity: dev 259:65536",
			 strstr(buf, "\"offset\":\"0x10\",\"addr\":\"0x401136\",\"dev\":\"259:65536\",\"ino\":1,\"generation\":0,\"mtime_ns\":0,\"dir\":\"/\",\"ctime_ns\":0},\"cgroup\"") != NULL,
			 buf);
	}
	r = fx_signal(3000000000ULL, SASTRACE_SIG_OVERFLOW, 10, 0x401200,
		      0x4c0200, fx_value(0, 0x4c0000, 0, 8192), -16);
	r.sig.frame_size = 123;	/* no frame on the stack: null */
	line("json_record signal overflow", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"overflow\",\"signo\":10,\"signal\":\"SIGUSR1\",\"handler\":\"0x401200\",\"sp\":\"0x4c0200\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":8192},\"headroom\":-16,\"frame_size\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");
	r = fx_signal(3000000000ULL, SASTRACE_SIG_ONSTACK_UNAVAILABLE, 34,
		      0x401300, 0x7ffc0000, fx_null(), 0);
	line("json_record signal onstack_unavailable", &r,
	     "{\"ts_ns\":3000000000,\"ts\":\"3.000000000\",\"cpu\":1,\"pid\":42,\"tid\":43,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"onstack_unavailable\",\"signo\":34,\"signal\":\"SIGRT_2\",\"handler\":\"0x401300\",\"frame\":\"0x7ffc0000\",\"altstack\":null,\"headroom\":null,\"frame_size\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":43}\n");

	r = fx_record(~0ULL, 4294967295U, 4294967295U, 4294967295U,
		      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
		      9, fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL),
		      fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL), -512);
	r.call.rflags = 0xffff;
	r.call.installed = fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL);
	line("json_record widest line fits", &r,
	     "{\"ts_ns\":18446744073709551615,\"ts\":\"18446744073.709551615\",\"cpu\":4294967295,\"pid\":4294967295,\"tid\":4294967295,\"comm\":\"\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\",\"hook\":\"unknown\",\"ss\":{\"sp\":\"0xffffffffffffffff\",\"flags\":4294967295,\"flag_names\":[\"SS_ONSTACK\",\"SS_DISABLE\",\"SS_AUTODISARM\",\"0x7ffffffc\"],\"size\":18446744073709551615},\"old_ss\":{\"sp\":\"0xffffffffffffffff\",\"flags\":4294967295,\"flag_names\":[\"SS_ONSTACK\",\"SS_DISABLE\",\"SS_AUTODISARM\",\"0x7ffffffc\"],\"size\":18446744073709551615},\"ret\":-512,\"errno\":\"ERESTARTSYS\",\"late_ss\":true,\"toctou\":{\"status\":\"mismatch\",\"installed\":{\"sp\":\"0xffffffffffffffff\",\"flags\":4294967295,\"flag_names\":[\"SS_ONSTACK\",\"SS_DISABLE\",\"SS_AUTODISARM\",\"0x7ffffffc\"],\"size\":18446744073709551615}},\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":4294967295,\"ns_tid\":4294967295}\n");

	/* With SMALL at its widest min: still fits. */
	r.call.min_sigstksz = 0xffffffff;
	{
		char buf[SASTRACE_JSON_MAX];
		int n = sastrace_json_record(buf, sizeof(buf), &r.h);

		tap_true("json_record widest line with small fits",
			 n > 0 && n < SASTRACE_JSON_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, "\"size\":18446744073709551615}},\"small\":{\"min\":4294967295},\"cgroup\":null,"),
			 "truncated or wrong");
	}

	/* The widest uprobe line: 64 bytes of caller file, each \u00ff. */
	r.h.hook = SASTRACE_HOOK_UPROBE;
	r.call.caller_off = ~0ULL;
	r.call.caller_addr = ~0ULL;
	memset(r.call.caller_file, 0xff, sizeof(r.call.caller_file));
	{
		char buf[SASTRACE_JSON_MAX];
		int n = sastrace_json_record(buf, sizeof(buf), &r.h);

		tap_true("json_record widest uprobe line fits",
			 n > 0 && n < SASTRACE_JSON_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, "\\u00ff\",\"offset\":\"0xffffffffffffffff\",\"addr\":\"0xffffffffffffffff\"},\"cgroup\":null,"),
			 "truncated or wrong");
	}

	/* And with every field of the caller's identity at its widest. */
	r.call.caller_id = fx_widest_file_id();
	{
		char buf[SASTRACE_JSON_MAX];
		int n;

		/* With the widest cgroup path and namespace ids too. */
		fx_widest_ns(&r, ~0U - 1);
		sastrace_cgroup_name = fx_widest_cgroup;
		n = sastrace_json_record(buf, sizeof(buf), &r.h);
		sastrace_cgroup_name = NULL;
		tap_true("json_record widest uprobe line with caller identity fits",
			 n > 0 && n < SASTRACE_JSON_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, "\"ns_tid\":4294967294}\n") &&
			 strstr(buf, "\"addr\":\"0xffffffffffffffff\",\"dev\":\"4095:1048575\",\"ino\":18446744073709551615,\"generation\":4294967295,\"mtime_ns\":-9223372036854775808,\"dir\":\"\\u00ff") &&
			 strstr(buf, "\\u00ff\",\"ctime_ns\":-9223372036854775808},\"cgroup\":\""),
			 "truncated or wrong");
		printf("# widest call json: %d\n", n);
	}

	/* The widest signal line: handler_at and its identity at their widest. */
	{
		char buf[SASTRACE_JSON_MAX];
		struct fx_rec w = fx_widest_signal();
		int n;

		w.sig.handler_id = fx_widest_file_id();
		fx_widest_ns(&w, ~0U - 1);
		sastrace_cgroup_name = fx_widest_cgroup;
		n = sastrace_json_record(buf, sizeof(buf), &w.h);
		sastrace_cgroup_name = NULL;
		tap_true("json_record widest signal line with handler identity fits",
			 n > 0 && n < SASTRACE_JSON_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, "\"ns_tid\":4294967294}\n") &&
			 strstr(buf, "\\u00ff\",\"ctime_ns\":-9223372036854775808},\"cgroup\":\""),
			 "truncated or wrong");
		printf("# widest signal json: %d\n", n);
	}
}

#define SIGBIT(n)	(1ULL << ((n) - 1))
#define SA_JSTART "{\"ts_ns\":1000000002,\"ts\":\"1.000000002\",\"cpu\":0,\"pid\":42,\"tid\":42,\"comm\":\"prog\",\"hook\":\"sigaction\","


static void test_sigaction(void)
{
	struct sastrace_sigact dfl = fx_sigact(0, 0, 0, 0);
	struct fx_rec r;

	r = fx_sigaction(1000000002ULL, 11,
			 fx_sigact(0x401770, SASTRACE_SA_RESTORER |
				   SASTRACE_SA_ONSTACK | SASTRACE_SA_SIGINFO,
				   SIGBIT(10) | SIGBIT(34), 0x7f0000001000ULL),
			 dfl, SASTRACE_AF_OLD | SASTRACE_AF_OLD_VALUE |
			 SASTRACE_AF_RESTORER, 0);
	line("json sigaction with old action", &r,
	     SA_JSTART "\"signo\":11,\"signal\":\"SIGSEGV\",\"act\":{\"handler\":\"0x401770\",\"flags\":201326596,\"flag_names\":[\"SA_RESTORER\",\"SA_ONSTACK\",\"SA_SIGINFO\"],\"mask\":\"0x200000200\",\"mask_names\":[\"USR1\",\"RT_2\"],\"restorer\":\"0x7f0000001000\"},\"old\":{\"handler\":\"SIG_DFL\",\"flags\":0,\"flag_names\":[],\"mask\":\"0x0\",\"mask_names\":[],\"restorer\":\"0x0\"},\"ret\":0,\"errno\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":42}\n");

	r = fx_sigaction(1000000002ULL, 10,
			 fx_sigact(1, SASTRACE_SA_RESTART | 0x100, 0, 0), dfl,
			 0, 0);
	line("json sigaction SIG_IGN, old absent, no restorer field", &r,
	     SA_JSTART "\"signo\":10,\"signal\":\"SIGUSR1\",\"act\":{\"handler\":\"SIG_IGN\",\"flags\":268435712,\"flag_names\":[\"SA_RESTART\",\"0x100\"],\"mask\":\"0x0\",\"mask_names\":[],\"restorer\":null},\"old\":null,\"ret\":0,\"errno\":null,\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":42}\n");

	r = fx_sigaction(1000000002ULL, 65, dfl, dfl, SASTRACE_AF_OLD, -22);
	line("json sigaction failed EINVAL, old not written", &r,
	     SA_JSTART "\"signo\":65,\"signal\":\"65\",\"act\":{\"handler\":\"SIG_DFL\",\"flags\":0,\"flag_names\":[],\"mask\":\"0x0\",\"mask_names\":[],\"restorer\":null},\"old\":{\"error\":\"not_written\"},\"ret\":-22,\"errno\":\"EINVAL\",\"cgroup\":null,\"cgroup_id\":1,\"ns_pid\":42,\"ns_tid\":42}\n");

	{
		struct sastrace_sigact w = fx_sigact(~0ULL, ~0ULL, ~0ULL,
						     ~0ULL);
		char buf[SASTRACE_JSON_MAX];
		int n;

		r = fx_sigaction(~0ULL, ~0U, w, w, SASTRACE_AF_OLD |
				 SASTRACE_AF_OLD_VALUE | SASTRACE_AF_RESTORER,
				 -4095);
		r.h.cpu = ~0U;
		r.h.tgid = ~0U;
		r.h.tid = ~0U;
		memset(r.h.comm, 0xff, sizeof(r.h.comm));
		n = sastrace_json_record(buf, sizeof(buf), &r.h);
		tap_true("json sigaction widest line fits SASTRACE_JSON_MAX",
			 n > 0 && n < SASTRACE_JSON_MAX, "too long");
		printf("# widest sigaction json: %d\n", n);

		/* With the widest cgroup path, ids and namespace ids. */
		fx_widest_ns(&r, ~0U - 1);
		sastrace_cgroup_name = fx_widest_cgroup;
		n = sastrace_json_record(buf, sizeof(buf), &r.h);
		sastrace_cgroup_name = NULL;
		tap_true("json sigaction widest line with cgroup fits SASTRACE_JSON_MAX",
			 n > 0 && n < SASTRACE_JSON_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, "\\u0001\",\"cgroup_id\":18446744073709551615,\"ns_pid\":4294967294,\"ns_tid\":4294967294}\n"),
			 "truncated or wrong");
		printf("# widest sigaction json with cgroup: %d\n", n);
	}
}

/* A cgroup path of 255 bytes, each escaped to six. */

int main(void)
{
	test_stack();
	test_comm();
	test_record();
	test_sigaction();
	return tap_done();
}
