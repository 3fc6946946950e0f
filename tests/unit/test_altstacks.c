// SPDX-License-Identifier: GPL-2.0
/* Unit tests of sastrace_altstack_json(): altstacks lines to JSON. */
#include <stdio.h>
#include <string.h>
#include "altstacks.h"
#include "json.h"
#include "tap.h"

static void good(const char *name, const char *line, const char *want)
{
	char buf[SASTRACE_JSON_MAX];
	int n = sastrace_altstack_json(buf, sizeof(buf), line);

	tap_str(name, n < 0 ? "(refused)" : buf, want);
	tap_long("length of it", n, (long long)strlen(want));
}

static void bad(const char *name, const char *line)
{
	char buf[SASTRACE_JSON_MAX];

	tap_long(name, sastrace_altstack_json(buf, sizeof(buf), line), -1);
}

int main(void)
{
	good("altstack on it, SS_ONSTACK",
	     "pid=5 tid=6 comm=demo ss_sp=0x7f1200000000 ss_flags=SS_ONSTACK ss_size=8192 on_stack=1",
	     "{\"pid\":5,\"tid\":6,\"comm\":\"demo\",\"altstack\":{\"sp\":\"0x7f1200000000\",\"flags\":1,\"flag_names\":[\"SS_ONSTACK\"],\"size\":8192},\"on_stack\":true}\n");
	good("SS_AUTODISARM, not on it",
	     "pid=4294967295 tid=1 comm=x ss_sp=0x1000 ss_flags=SS_AUTODISARM ss_size=18446744073709551615 on_stack=0",
	     "{\"pid\":4294967295,\"tid\":1,\"comm\":\"x\",\"altstack\":{\"sp\":\"0x1000\",\"flags\":2147483648,\"flag_names\":[\"SS_AUTODISARM\"],\"size\":18446744073709551615},\"on_stack\":false}\n");
	good("two flags, NULL sp, escaped comm",
	     "pid=1 tid=2 comm=a\\x20b\\x5c\\xff\\x22 ss_sp=NULL ss_flags=SS_ONSTACK|SS_AUTODISARM ss_size=2048 on_stack=1",
	     "{\"pid\":1,\"tid\":2,\"comm\":\"a b\\\\\\u00ff\\\"\",\"altstack\":{\"sp\":\"0x0\",\"flags\":2147483649,\"flag_names\":[\"SS_ONSTACK\",\"SS_AUTODISARM\"],\"size\":2048},\"on_stack\":true}\n");
	good("flags 0, a 15-byte comm",
	     "pid=7 tid=7 comm=0123456789abcde ss_sp=0xabc ss_flags=0 ss_size=4096 on_stack=0",
	     "{\"pid\":7,\"tid\":7,\"comm\":\"0123456789abcde\",\"altstack\":{\"sp\":\"0xabc\",\"flags\":0,\"flag_names\":[],\"size\":4096},\"on_stack\":false}\n");
	good("unknown flag bits",
	     "pid=7 tid=7 comm=x ss_sp=0xabc ss_flags=SS_DISABLE|0x4 ss_size=1 on_stack=0",
	     "{\"pid\":7,\"tid\":7,\"comm\":\"x\",\"altstack\":{\"sp\":\"0xabc\",\"flags\":6,\"flag_names\":[\"SS_DISABLE\",\"0x4\"],\"size\":1},\"on_stack\":false}\n");

	bad("empty line refused", "");
	bad("other text refused", "hello world");
	bad("missing tid refused",
	    "pid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("negative pid refused",
	    "pid=-1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("sp without 0x refused",
	    "pid=1 tid=1 comm=x ss_sp=4096 ss_flags=0 ss_size=1 on_stack=0");
	bad("bad flag name refused",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=SS_BOGUS ss_size=1 on_stack=0");
	bad("on_stack=2 refused",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=2");
	bad("16-byte comm refused",
	    "pid=1 tid=1 comm=0123456789abcdef ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("truncated escape refused",
	    "pid=1 tid=1 comm=a\\x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	return tap_done();
}
