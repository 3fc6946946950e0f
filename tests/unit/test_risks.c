// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of sastrace_risk_json(): risks lines to JSON. Built with ASan
 * and UBSan by run.sh; listing_json.h hands every line over in a heap block
 * of exactly its length, so a read past its end is caught.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "risks.h"
#include "listing_json.h"

static void good(const char *name, const char *line, const char *want)
{
	listing_good(sastrace_risk_json, name, line, want);
}

static void bad(const char *name, const char *line)
{
	listing_bad(sastrace_risk_json, name, line);
}

int main(void)
{
	char line[1024], want[SASTRACE_JSON_MAX];
	int i;

	good("a thread without an alternate stack",
	     "pid=5 tid=6 comm=demo risk=no_altstack onstack=SIGSEGV|SIGBUS",
	     "{\"pid\":5,\"tid\":6,\"comm\":\"demo\",\"risk\":\"no_altstack\",\"onstack\":[\"SIGSEGV\",\"SIGBUS\"]}\n");
	good("a process mixing SA_ONSTACK and not",
	     "pid=4294967295 comm=a\\x20b risk=mixed_onstack onstack=SIGILL plain=SIGINT|SIGRTMIN|SIGRT_3|70",
	     "{\"pid\":4294967295,\"comm\":\"a b\",\"risk\":\"mixed_onstack\",\"onstack\":[\"SIGILL\"],\"plain\":[\"SIGINT\",\"SIGRTMIN\",\"SIGRT_3\",\"70\"]}\n");
	good("empty comm",
	     "pid=8 tid=9 comm= risk=no_altstack onstack=SIGTRAP",
	     "{\"pid\":8,\"tid\":9,\"comm\":\"\",\"risk\":\"no_altstack\",\"onstack\":[\"SIGTRAP\"]}\n");

	/* The longest line the module can print: 64 signals, a full comm. */
	strcpy(line, "pid=4294967295 comm=\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff risk=mixed_onstack onstack=SIGHUP plain=SIGINT");
	strcpy(want, "{\"pid\":4294967295,\"comm\":\"\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\\u00ff\",\"risk\":\"mixed_onstack\",\"onstack\":[\"SIGHUP\"],\"plain\":[\"SIGINT\"");
	for (i = 3; i <= 64; i++) {
		sprintf(line + strlen(line), "|SIGRT_%d", i);
		sprintf(want + strlen(want), ",\"SIGRT_%d\"", i);
	}
	strcat(want, "]}\n");
	good("64 signals and a full escaped comm", line, want);

	bad("empty line refused", "");
	bad("an altstacks line refused",
	    "pid=1 tid=1 comm=x ss_sp=0x1 ss_flags=0 ss_size=1 on_stack=0");
	bad("unknown risk refused",
	    "pid=1 tid=1 comm=x risk=no_altstacks onstack=SIGSEGV");
	bad("risk prefix refused",
	    "pid=1 tid=1 comm=x risk=no_alt onstack=SIGSEGV");
	bad("thread without tid refused",
	    "pid=1 comm=x risk=no_altstack onstack=SIGSEGV");
	bad("mixed without plain refused",
	    "pid=1 comm=x risk=mixed_onstack onstack=SIGSEGV");
	bad("no onstack refused", "pid=1 tid=2 comm=x risk=no_altstack");
	bad("empty onstack refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=");
	bad("empty name in the list refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=SIGSEGV||SIGBUS");
	bad("list ending in | refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=SIGSEGV|");
	bad("lower case name refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=sigsegv");
	bad("a quote in a name refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=SIG\"SEGV");
	bad("name of 17 bytes refused",
	    "pid=1 tid=2 comm=x risk=no_altstack onstack=SIGABCDEFGHIJKLMN");
	bad("negative pid refused",
	    "pid=-1 tid=2 comm=x risk=no_altstack onstack=SIGSEGV");
	bad("truncated escape refused",
	    "pid=1 tid=2 comm=a\\x4");
	bad("line cut after risk=", "pid=1 tid=2 comm=x risk=");
	return tap_done();
}
