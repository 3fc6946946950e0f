// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of sastrace_altstack_json(): altstacks lines to JSON. Built with ASan
 * and UBSan by run.sh; listing_json.h hands every line over in a heap block
 * of exactly its length, so a read past its end is caught.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "altstacks.h"
#include "json.h"
#include "listing_json.h"

static void good(const char *name, const char *line, const char *want)
{
	listing_good(sastrace_altstack_json, name, line, want);
}

static void bad(const char *name, const char *line)
{
	listing_bad(sastrace_altstack_json, name, line);
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

	/* prctl(PR_SET_NAME, "") gives an empty comm: still a line. */
	good("empty comm",
	     "pid=8 tid=9 comm= ss_sp=0xabc ss_flags=0 ss_size=4096 on_stack=0",
	     "{\"pid\":8,\"tid\":9,\"comm\":\"\",\"altstack\":{\"sp\":\"0xabc\",\"flags\":0,\"flag_names\":[],\"size\":4096},\"on_stack\":false}\n");
	good("escapes in upper case, comm of 15 escaped bytes",
	     "pid=1 tid=1 comm=\\x41\\x42\\x43\\x44\\x45\\x46\\x47\\x48\\x49\\x4A\\x4B\\x4C\\x4D\\x4E\\x4F ss_sp=NULL ss_flags=0 ss_size=0 on_stack=0",
	     "{\"pid\":1,\"tid\":1,\"comm\":\"ABCDEFGHIJKLMNO\",\"altstack\":{\"sp\":\"0x0\",\"flags\":0,\"flag_names\":[],\"size\":0},\"on_stack\":false}\n");

	/* SMALL min= (AT_MINSIGSTKSZ) after on_stack. */
	good("SMALL min",
	     "pid=7 tid=7 comm=x ss_sp=0xabc ss_flags=0 ss_size=4095 on_stack=1 SMALL min=4096",
	     "{\"pid\":7,\"tid\":7,\"comm\":\"x\",\"altstack\":{\"sp\":\"0xabc\",\"flags\":0,\"flag_names\":[],\"size\":4095},\"on_stack\":true,\"small\":{\"min\":4096}}\n");
	bad("SMALL with a min not above the size refused",
	    "pid=7 tid=7 comm=x ss_sp=0xabc ss_flags=0 ss_size=4096 on_stack=1 SMALL min=4096");
	bad("SMALL min not a number refused",
	    "pid=7 tid=7 comm=x ss_sp=0xabc ss_flags=0 ss_size=4095 on_stack=1 SMALL min=x");

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
	/* Cut lines and half escapes: refused, nothing read past the end. */
	bad("escape with one hex digit at the end of the line",
	    "pid=1 tid=1 comm=a\\x4");
	bad("escape with no hex digit at the end of the line",
	    "pid=1 tid=1 comm=a\\x");
	bad("backslash at the end of the line", "pid=1 tid=1 comm=a\\");
	bad("escape with one hex digit before a space",
	    "pid=1 tid=1 comm=a\\x4 ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("escape with a sign refused",
	    "pid=1 tid=1 comm=a\\x-1 ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("escape with a space refused",
	    "pid=1 tid=1 comm=a\\x 5 ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("line cut after comm=", "pid=1 tid=1 comm=");
	bad("line cut after ss_sp=0x",
	    "pid=1 tid=1 comm=x ss_sp=0x");
	bad("line cut in ss_flags",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=SS_ONSTACK|");
	bad("line cut after ss_flags=",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=");
	bad("line cut after on_stack=",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=");
	bad("key without '=' at the end", "pid=1 tid=1 comm=x ss_sp");
	bad("signed pid refused",
	    "pid=+1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("pid with a leading tab refused",
	    "pid=\t1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	return tap_done();
}
