// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the shared decoder, module/format.c, as the reader links it:
 * flags, stacks, comm, errno and hook names, and whole `events` lines; and
 * of its appenders (module/format_out.c) against snprintf() itself.
 */
#include <stdint.h>
#include <stdio.h>
#include "fixtures.h"
#include "format.h"
#include "tap.h"

static void flags(__u32 f, const char *want)
{
	char buf[128], name[64];
	int n = sastrace_format_flags(buf, sizeof(buf), f);

	snprintf(name, sizeof(name), "format_flags %#x", f);
	tap_str(name, buf, want);
	snprintf(name, sizeof(name), "format_flags %#x length", f);
	tap_long(name, n, (long long)strlen(want));
}

static void test_flags(void)
{
	flags(0, "0");
	flags(SASTRACE_SS_ONSTACK, "SS_ONSTACK");
	flags(SASTRACE_SS_DISABLE, "SS_DISABLE");
	flags(SASTRACE_SS_AUTODISARM, "SS_AUTODISARM");
	flags(SASTRACE_SS_ONSTACK | SASTRACE_SS_DISABLE,
	      "SS_ONSTACK|SS_DISABLE");
	flags(SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM,
	      "SS_ONSTACK|SS_AUTODISARM");
	flags(SASTRACE_SS_DISABLE | SASTRACE_SS_AUTODISARM,
	      "SS_DISABLE|SS_AUTODISARM");
	flags(SASTRACE_SS_ONSTACK | SASTRACE_SS_DISABLE | SASTRACE_SS_AUTODISARM,
	      "SS_ONSTACK|SS_DISABLE|SS_AUTODISARM");
	flags(SASTRACE_SS_DISABLE | 0x4, "SS_DISABLE|0x4");
	flags(0x4, "0x4 /* SS_??? */");
	flags(SASTRACE_SS_ONSTACK | 0x10, "SS_ONSTACK|0x10");
	flags(SASTRACE_SS_AUTODISARM | 0x4, "SS_AUTODISARM|0x4");
	flags(0x7ffffffc, "0x7ffffffc /* SS_??? */");
	flags(0xffffffff, "SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc");
}

static void truncation(void)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = sastrace_format_flags(buf, sizeof(buf), 0xffffffff);
	tap_str("format_flags truncates to the buffer", buf, "SS_ONST");
	tap_long("format_flags truncated returns full length", n,
		 (long long)strlen("SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc"));
}

static void stack(const char *name, struct sastrace_stack s, const char *want)
{
	char buf[160];

	sastrace_format_stack(buf, sizeof(buf), &s);
	tap_str(name, buf, want);
}

static void test_stack(void)
{
	stack("format_stack NULL", fx_null(), "NULL");
	stack("format_stack NULL sp",
	      fx_value(0x1000, 0, SASTRACE_SS_DISABLE, 0),
	      "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}");
	stack("format_stack value",
	      fx_value(0x1000, 0x7f1200,
		       SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192),
	      "{ss_sp=0x7f1200, ss_flags=SS_ONSTACK|SS_AUTODISARM, ss_size=8192}");
	stack("format_stack strace example",
	      fx_value(0x1000, 0xbaadf00d, SASTRACE_SS_DISABLE, 3735928559ULL),
	      "{ss_sp=0xbaadf00d, ss_flags=SS_DISABLE, ss_size=3735928559}");
	stack("format_stack flags 0", fx_value(0x1000, 0x2000, 0, 2048),
	      "{ss_sp=0x2000, ss_flags=0, ss_size=2048}");
	stack("format_stack fault is the raw pointer",
	      fx_raw(SASTRACE_ARG_FAULT, 0xdead000), "0xdead000");
	stack("format_stack unwritten is the raw pointer",
	      fx_raw(SASTRACE_ARG_UNWRITTEN, 0x7ffc1000), "0x7ffc1000");
}

static void comm(const char *name, const char *c, const char *want)
{
	char in[SASTRACE_COMM_LEN], buf[4 * SASTRACE_COMM_LEN + 1];

	memset(in, 0, sizeof(in));
	memcpy(in, c, strlen(c) < sizeof(in) ? strlen(c) : sizeof(in));
	sastrace_format_comm(buf, sizeof(buf), in);
	tap_str(name, buf, want);
}

static void test_comm(void)
{
	comm("format_comm plain", "sleep", "sleep");
	comm("format_comm space and backslash", "a b\\c", "a\\x20b\\x5cc");
	comm("format_comm control and high bytes", "\x01\t\x7f\xff",
	     "\\x01\\x09\\x7f\\xff");
	comm("format_comm 16 bytes without NUL", "0123456789abcdefXYZ",
	     "0123456789abcdef");
	comm("format_comm empty", "", "");
}

static void errno_name(int err, const char *want)
{
	const char *got = sastrace_errno_name(err);
	char name[64];

	snprintf(name, sizeof(name), "errno_name %d", err);
	tap_str(name, got ? got : "(null)", want ? want : "(null)");
}

static void test_errno(void)
{
	errno_name(1, "EPERM");
	errno_name(12, "ENOMEM");
	errno_name(14, "EFAULT");
	errno_name(22, "EINVAL");
	errno_name(38, "ENOSYS");
	errno_name(512, "ERESTARTSYS");
	errno_name(516, "ERESTART_RESTARTBLOCK");
	errno_name(0, NULL);
	errno_name(-22, NULL);
	errno_name(41, NULL);
	errno_name(515, NULL);
	errno_name(517, NULL);
	errno_name(100000, NULL);
}

static void ret_errno(int hook, long long ret, const char *want)
{
	const char *got = sastrace_ret_errno_name(hook, ret);
	char name[64];

	snprintf(name, sizeof(name), "ret_errno_name hook %d ret %lld", hook,
		 ret);
	tap_str(name, got ? got : "(null)", want ? want : "(null)");
}

/* The one rule text and JSON share: -4095..-1, never a uprobe record's. */
static void test_ret_errno(void)
{
	ret_errno(SASTRACE_HOOK_KPROBE, -22, "EINVAL");
	ret_errno(SASTRACE_HOOK_COMPAT, -1, "EPERM");
	ret_errno(SASTRACE_HOOK_KPROBE, -516, "ERESTART_RESTARTBLOCK");
	ret_errno(9, -14, "EFAULT");
	ret_errno(SASTRACE_HOOK_UPROBE, -1, NULL);
	ret_errno(SASTRACE_HOOK_UPROBE, -22, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, 0, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, 22, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, -515, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, -4095, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, -4096, NULL);
	ret_errno(SASTRACE_HOOK_KPROBE, -4294967318LL, NULL);	/* -22 - 2^32 */
}

/* Every name, in the table's order, then the bits without one. */
static void test_flag_walk(void)
{
	__u32 rest = 0xffffffff;
	char got[128] = "";
	const char *name;

	while ((name = sastrace_ss_flags_next_name(&rest))) {
		strcat(got, name);
		strcat(got, ",");
	}
	tap_str("ss_flags_next_name walks the table in order", got,
		"SS_ONSTACK,SS_DISABLE,SS_AUTODISARM,");
	tap_long("ss_flags_next_name leaves the unnamed bits", rest, 0x7ffffffc);
	rest = 0x4;
	tap_true("ss_flags_next_name: no named bit",
		 !sastrace_ss_flags_next_name(&rest) && rest == 0x4,
		 "a name, or the bits changed");
	rest = SASTRACE_SS_AUTODISARM | SASTRACE_SS_ONSTACK;
	name = sastrace_ss_flags_next_name(&rest);
	tap_str("ss_flags_next_name first of two", name ? name : "(null)",
		"SS_ONSTACK");
	tap_long("ss_flags_next_name takes its bit out", rest,
		 SASTRACE_SS_AUTODISARM);
}

/* All the appenders in one text, as snprintf() prints it: at every size. */
static int appended(char *buf, size_t size, unsigned long long u,
		    long long d, unsigned char c)
{
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	sastrace_out_str(&o, "s=");
	sastrace_out_udec(&o, u, 0);
	sastrace_out_char(&o, ' ');
	sastrace_out_udec(&o, u, 9);
	sastrace_out_char(&o, ' ');
	sastrace_out_sdec(&o, d);
	sastrace_out_char(&o, ' ');
	sastrace_out_hex(&o, u);
	sastrace_out_char(&o, ' ');
	sastrace_out_althex(&o, u);
	sastrace_out_str(&o, " \\x");
	sastrace_out_hex_byte(&o, c);
	return sastrace_out_end(&o);
}

static void test_appenders(void)
{
	static const unsigned long long us[] = {
		0, 1, 9, 10, 0xf, 0x10, 123456789, 1000000000ULL,
		0x7fffffffffffffffULL, ~0ULL,
	};
	static const long long ds[] = {
		0, 1, -1, 10, -10, -9223372036854775807LL - 1,
		9223372036854775807LL,
	};
	static const unsigned char cs[] = { 0, 0x0f, 0x20, 0x7f, 0xa5, 0xff };
	char want[128], got[128], name[96];
	size_t i, size;
	int n, wn, bad = 0;

	for (i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		unsigned long long u = us[i];
		long long d = ds[i % (sizeof(ds) / sizeof(ds[0]))];
		unsigned char c = cs[i % sizeof(cs)];

		for (size = 0; size < sizeof(want); size++) {
			memset(want, 'x', sizeof(want));
			memset(got, 'x', sizeof(got));
			wn = snprintf(size ? want : NULL, size,
				      "s=%llu %09llu %lld 0x%llx %#llx \\x%02x",
				      u, u, d, u, u, c);
			n = appended(size ? got : NULL, size, u, d, c);
			if (n != wn || memcmp(want, got, sizeof(want))) {
				snprintf(name, sizeof(name),
					 "appenders as snprintf: %llu, size %zu",
					 u, size);
				want[sizeof(want) - 1] = '\0';
				got[sizeof(got) - 1] = '\0';
				tap_long(name, n, wn);
				tap_str(name, got, want);
				bad++;
				break;
			}
		}
	}
	tap_true("appenders print as snprintf at every buffer size", !bad,
		 "see above");
}

static void test_hook(void)
{
	tap_str("hook_name kprobe", sastrace_hook_name(SASTRACE_HOOK_KPROBE),
		"kprobe");
	tap_str("hook_name compat", sastrace_hook_name(SASTRACE_HOOK_COMPAT),
		"compat");
	tap_str("hook_name uprobe", sastrace_hook_name(SASTRACE_HOOK_UPROBE),
		"uprobe");
	tap_str("hook_name signal", sastrace_hook_name(SASTRACE_HOOK_SIGNAL),
		"signal");
	tap_str("hook_name sigaction",
		sastrace_hook_name(SASTRACE_HOOK_SIGACTION), "sigaction");
	tap_str("hook_name 0", sastrace_hook_name(0), "unknown");
	tap_str("hook_name 9", sastrace_hook_name(9), "unknown");
}

static void test_signal_names(void)
{
	static const struct { __u32 signo; const char *want; } cases[] = {
		{ 0, "0" }, { 1, "SIGHUP" }, { 10, "SIGUSR1" },
		{ 11, "SIGSEGV" }, { 31, "SIGSYS" }, { 32, "SIGRTMIN" },
		{ 33, "SIGRT_1" }, { 64, "SIGRT_32" }, { 65, "65" },
		{ 4294967295U, "4294967295" },
	};
	char buf[32], name[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "format_signal %u", cases[i].signo);
		sastrace_format_signal(buf, sizeof(buf), cases[i].signo);
		tap_str(name, buf, cases[i].want);
	}
	tap_str("sig_event_name deliver",
		sastrace_sig_event_name(SASTRACE_SIG_DELIVER), "deliver");
	tap_str("sig_event_name overflow",
		sastrace_sig_event_name(SASTRACE_SIG_OVERFLOW), "overflow");
	tap_str("sig_event_name onstack_unavailable",
		sastrace_sig_event_name(SASTRACE_SIG_ONSTACK_UNAVAILABLE),
		"onstack_unavailable");
	tap_str("sig_event_name 0", sastrace_sig_event_name(0), "unknown");
}

static void line(const char *name, const struct fx_rec *r,
		 const char *want)
{
	char buf[SASTRACE_LINE_MAX];
	int n = sastrace_format_record(buf, sizeof(buf), &r->h);

	tap_str(name, buf, want);
	tap_true(name, n == (int)strlen(want) && n < SASTRACE_LINE_MAX,
		 "wrong length or over SASTRACE_LINE_MAX");
}

#define SIGBIT(n)	(1ULL << ((n) - 1))
#define RST		(SASTRACE_AF_RESTORER)
#define OLDV		(SASTRACE_AF_OLD | SASTRACE_AF_OLD_VALUE | RST)
#define SA_START	"1.000000002 cpu=0 pid=42 tid=42 comm=prog sigaction rt_sigaction("

/* Sigaction records: strace's rt_sigaction line, every case of a field. */
static void test_sigaction(void)
{
	struct sastrace_sigact dfl = fx_sigact(0, 0, 0, 0), none = dfl;
	struct fx_rec r;

	r = fx_sigaction(1000000002ULL, 11,
			 fx_sigact(0x401770, SASTRACE_SA_RESTORER |
				   SASTRACE_SA_ONSTACK | SASTRACE_SA_SIGINFO,
				   0, 0x7f0000001000ULL), dfl, OLDV, 0);
	line("sigaction SA_ONSTACK|SA_SIGINFO, old SIG_DFL", &r,
	     SA_START "SIGSEGV, {sa_handler=0x401770, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_SIGINFO, sa_restorer=0x7f0000001000}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0\n");

	r = fx_sigaction(1000000002ULL, 10,
			 fx_sigact(1, SASTRACE_SA_RESTART, SIGBIT(10) |
				   SIGBIT(15), 0x1234), none, RST, 0);
	line("sigaction SIG_IGN, mask, oact absent, restorer without SA_RESTORER",
	     &r, SA_START "SIGUSR1, {sa_handler=SIG_IGN, sa_mask=[USR1 TERM], sa_flags=SA_RESTART}, NULL, 8) = 0\n");

	r = fx_sigaction(1000000002ULL, 2,
			 fx_sigact(0x400000, SASTRACE_SA_NODEFER |
				   SASTRACE_SA_RESETHAND | SASTRACE_SA_RESTORER,
				   ~(SIGBIT(9) | SIGBIT(19)), 0),
			 fx_sigact(1, SASTRACE_SA_NOCLDSTOP |
				   SASTRACE_SA_NOCLDWAIT, SIGBIT(32) |
				   SIGBIT(33) | SIGBIT(64), 0), OLDV, 0);
	line("sigaction complement mask, restorer NULL, old SIG_IGN with RT mask",
	     &r, SA_START "SIGINT, {sa_handler=0x400000, sa_mask=~[KILL STOP], sa_flags=SA_RESTORER|SA_NODEFER|SA_RESETHAND, sa_restorer=NULL}, {sa_handler=SIG_IGN, sa_mask=[RTMIN RT_1 RT_32], sa_flags=SA_NOCLDSTOP|SA_NOCLDWAIT}, 8) = 0\n");

	r = fx_sigaction(1000000002ULL, 65,
			 fx_sigact(0x401770, SASTRACE_SA_SIGINFO | 0x100,
				   ~0ULL, 0), none,
			 SASTRACE_AF_OLD | RST, -22);
	line("sigaction failed -EINVAL: oact not written, all-set mask, unknown bit",
	     &r, SA_START "65, {sa_handler=0x401770, sa_mask=~[], sa_flags=SA_SIGINFO|0x100}, ?, 8) = -22 EINVAL\n");

	r = fx_sigaction(1000000002ULL, 9, fx_sigact(0, 0x100, 0, 0), none,
			 RST, -22);
	line("sigaction SIGKILL -EINVAL, only unknown flag bits", &r,
	     SA_START "SIGKILL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0x100 /* SA_??? */}, NULL, 8) = -22 EINVAL\n");

	r = fx_sigaction(1000000002ULL, 34,
			 fx_sigact(0x401770, SASTRACE_SA_RESTORER |
				   SASTRACE_SA_UNSUPPORTED |
				   SASTRACE_SA_EXPOSE_TAGBITS, SIGBIT(1), 0x99),
			 dfl, SASTRACE_AF_OLD | SASTRACE_AF_OLD_VALUE, 0);
	line("sigaction no sa_restorer field (arch), SA_UNSUPPORTED|SA_EXPOSE_TAGBITS",
	     &r, SA_START "SIGRT_2, {sa_handler=0x401770, sa_mask=[HUP], sa_flags=SA_RESTORER|SA_UNSUPPORTED|SA_EXPOSE_TAGBITS}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0\n");

	/* 32 set is not more than half: listed, not complemented. */
	r = fx_sigaction(1000000002ULL, 1, fx_sigact(0, 0, 0xffffffffULL, 0),
			 none, RST, 0);
	line("sigaction 32 signals set: listed", &r,
	     SA_START "SIGHUP, {sa_handler=SIG_DFL, sa_mask=[HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS RTMIN], sa_flags=0}, NULL, 8) = 0\n");

	/* 33 set is more than half: the complement. */
	r = fx_sigaction(1000000002ULL, 1, fx_sigact(0, 0, 0x1ffffffffULL, 0),
			 none, RST, 0);
	line("sigaction 33 signals set: complemented", &r,
	     SA_START "SIGHUP, {sa_handler=SIG_DFL, sa_mask=~[RT_2 RT_3 RT_4 RT_5 RT_6 RT_7 RT_8 RT_9 RT_10 RT_11 RT_12 RT_13 RT_14 RT_15 RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 RT_30 RT_31 RT_32], sa_flags=0}, NULL, 8) = 0\n");

	/* The widest line: every field at its longest still fits. */
	{
		struct sastrace_sigact w = fx_sigact(~0ULL, ~0ULL,
						     0xffffffff00000000ULL,
						     ~0ULL);
		char buf[SASTRACE_LINE_MAX];
		int n;

		r = fx_sigaction(~0ULL, ~0U, w, w, OLDV, -4095);
		r.h.cpu = ~0U;
		r.h.tgid = ~0U;
		r.h.tid = ~0U;
		/* Namespace ids at their widest, each different. */
		r.h.ns_tgid = ~0U - 1;
		r.h.ns_tid = ~0U - 2;
		memset(r.h.comm, 0xff, sizeof(r.h.comm));
		n = sastrace_format_record(buf, sizeof(buf), &r.h);
		tap_true("sigaction widest line fits SASTRACE_LINE_MAX",
			 n > 0 && n < SASTRACE_LINE_MAX &&
			 strstr(buf, ") = -4095 nspid=4294967294 nstid=4294967293\n"),
			 buf);
		printf("# widest sigaction line: %d\n", n);
	}
}

static void test_record(void)
{
	struct fx_rec r;

	r = fx_record(12345678901ULL, 1, 5, 6, "a b", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7f0000, 0x7f1200,
			       SASTRACE_SS_ONSTACK | SASTRACE_SS_AUTODISARM, 8192),
		      fx_raw(SASTRACE_ARG_UNWRITTEN, 0x1000), -22);
	line("format_record EINVAL", &r,
	     "12.345678901 cpu=1 pid=5 tid=6 comm=a\\x20b kprobe sigaltstack({ss_sp=0x7f1200, ss_flags=SS_ONSTACK|SS_AUTODISARM, ss_size=8192}, 0x1000) = -22 EINVAL\n");

	r = fx_record(5, 0, 1, 1, "init", SASTRACE_HOOK_COMPAT, fx_null(),
		      fx_value(0x1000, 0, SASTRACE_SS_DISABLE, 0), 0);
	line("format_record compat success", &r,
	     "0.000000005 cpu=0 pid=1 tid=1 comm=init compat sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0\n");

	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_KPROBE,
		      fx_raw(SASTRACE_ARG_FAULT, 0xdead000), fx_null(), -14);
	line("format_record fault", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x kprobe sigaltstack(0xdead000, NULL) = -14 EFAULT\n");

	/* uprobe: libc's -1 has no errno name; the caller is appended. */
	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_UPROBE,
		      fx_value(0x7ffd000, 0x10000, 0x4, 65536),
		      fx_raw(SASTRACE_ARG_UNWRITTEN, 0x7ffd100), -1);
	fx_caller(&r, 0x55d0c0001234ULL, 0x1234, "prog");
	line("format_record uprobe failure with caller", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x uprobe sigaltstack({ss_sp=0x10000, ss_flags=0x4 /* SS_??? */, ss_size=65536}, 0x7ffd100) = -1 caller=prog+0x1234\n");

	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_UPROBE,
		      fx_null(), fx_null(), 0);
	fx_caller(&r, 0x7f0000001000ULL, 0, "?");
	line("format_record uprobe with unknown caller file", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x uprobe sigaltstack(NULL, NULL) = 0 caller=0x7f0000001000\n");

	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_UPROBE,
		      fx_null(), fx_null(), 0);
	fx_caller(&r, 0x1000, 0xfff, "a b\\c");
	line("format_record uprobe caller file escaped", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x uprobe sigaltstack(NULL, NULL) = 0 caller=a\\x20b\\x5cc+0xfff\n");

	/*
	 * kprobe and compat records name their caller (the instruction after
	 * the syscall) when the module filled it in, after SMALL; an older
	 * module's (empty file) print as before: see "format_record EINVAL".
	 */
	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7ffd000, 0x10000, 0, 2048), fx_null(), 0);
	r.call.rflags = SASTRACE_RF_SMALL;
	r.call.min_sigstksz = 3632;
	fx_caller(&r, 0x401c4dULL, 0x1c4d, "cases");
	line("format_record kprobe with caller, after SMALL", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=2048}, NULL) = 0 SMALL min=3632 caller=cases+0x1c4d\n");
	r = fx_record(1000000000ULL, 3, 7, 8, "x", SASTRACE_HOOK_KPROBE,
		      fx_raw(SASTRACE_ARG_FAULT, 0x10), fx_null(), -14);
	fx_caller(&r, 0x7f0000002002ULL, 0, "?");
	line("format_record kprobe with unknown caller file: its address", &r,
	     "1.000000000 cpu=3 pid=7 tid=8 comm=x kprobe sigaltstack(0x10, NULL) = -14 EFAULT caller=0x7f0000002002\n");
	r = fx_record(5, 0, 1, 1, "init", SASTRACE_HOOK_COMPAT, fx_null(),
		      fx_value(0x1000, 0, SASTRACE_SS_DISABLE, 0), 0);
	fx_caller(&r, 0x8049000ULL, 0x1000, "ld-linux.so.2");
	line("format_record compat with caller", &r,
	     "0.000000005 cpu=0 pid=1 tid=1 comm=init compat sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0 caller=ld-linux.so.2+0x1000\n");
	/* The file alone decides for kprobe records, never the address. */
	r = fx_record(5, 0, 1, 1, "init", SASTRACE_HOOK_KPROBE, fx_null(),
		      fx_null(), 0);
	r.call.caller_addr = 0x401000;
	r.call.caller_off = 0x1000;
	line("format_record kprobe with an empty caller file: no caller", &r,
	     "0.000000005 cpu=0 pid=1 tid=1 comm=init kprobe sigaltstack(NULL, NULL) = 0\n");
	tap_true("call_has_caller: uprobe always, kprobe with a file",
		 !sastrace_call_has_caller(&r.h, &r.call) &&
		 (fx_caller(&r, 0, 0, "?"),
		  sastrace_call_has_caller(&r.h, &r.call)),
		 "wrong");

	r = fx_record(999999999ULL, 0, 9, 9, "0123456789abcdef", 9,
		      fx_value(0x1, 0x2000, 0x4, 2048), fx_null(), -200);
	line("format_record unknown hook, flags and errno", &r,
	     "0.999999999 cpu=0 pid=9 tid=9 comm=0123456789abcdef unknown sigaltstack({ss_sp=0x2000, ss_flags=0x4 /* SS_??? */, ss_size=2048}, NULL) = -200\n");

	/* TOCTOU: the kernel installed something else than ss as read. */
	r = fx_record(2000000001ULL, 1, 50, 51, "flip", SASTRACE_HOOK_KPROBE,
		      fx_value(0x7ffd000, 0x10000, 0, 8192), fx_null(), 0);
	r.call.rflags = SASTRACE_RF_TOCTOU;
	r.call.installed = fx_value(0x7ffd000, 0x20000, SASTRACE_SS_AUTODISARM,
			       16384);
	line("format_record TOCTOU suffix", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0 TOCTOU installed={ss_sp=0x20000, ss_flags=SS_AUTODISARM, ss_size=16384}\n");
	r.call.rflags = SASTRACE_RF_UNVERIFIED | SASTRACE_RF_SS_LATE;
	line("format_record UNVERIFIED suffix", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0 UNVERIFIED installed={ss_sp=0x20000, ss_flags=SS_AUTODISARM, ss_size=16384}\n");
	/* SMALL: after the TOCTOU part; the flag without a min prints nothing. */
	r.call.rflags = SASTRACE_RF_SMALL;
	r.call.min_sigstksz = 0;
	line("format_record SMALL flag without min: nothing", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0\n");
	r.call.min_sigstksz = 8193;
	line("format_record SMALL suffix", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0 SMALL min=8193\n");
	r.call.rflags = 0;
	line("format_record min without the SMALL flag: nothing", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0\n");
	r.call.rflags = SASTRACE_RF_SMALL | SASTRACE_RF_TOCTOU;
	line("format_record TOCTOU and SMALL", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0 TOCTOU installed={ss_sp=0x20000, ss_flags=SS_AUTODISARM, ss_size=16384} SMALL min=8193\n");
	r.call.min_sigstksz = 0;
	r.call.rflags = SASTRACE_RF_SS_LATE;
	line("format_record no suffix without the flags", &r,
	     "2.000000001 cpu=1 pid=50 tid=51 comm=flip kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, NULL) = 0\n");

	/* Signal records, one of each event. */
	r = fx_signal(3000000000ULL, SASTRACE_SIG_DELIVER, 11, 0x401136,
		      0x4c8e40, fx_value(0, 0x4c0000, 0, 65536), 0x8e40);
	line("format_record signal deliver of a 72-byte record: no frame_size", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416\n");
	r.sig.frame_size = 0x4d0000 - 0x4c8e40;
	line("format_record signal deliver", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 frame_size=29120\n");
	r.sig.frame_size = ~0ULL;
	line("format_record signal deliver, the largest frame_size", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 frame_size=18446744073709551615\n");
	r.sig.frame_size = 0x4d0000 - 0x4c8e40;
	fx_handler_at(&r, 0x1136, "sig prog");
	r.sig.handler_id = fx_file_id(0x12c03, 77, 5, 1, 2, "/a");
	line("format_record signal deliver with handler_at (no identity in text)", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 frame_size=29120 handler_at=sig\\x20prog+0x1136\n");
	fx_handler_at(&r, 0, "?");
	line("format_record signal deliver, handler's file not known", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 frame_size=29120 handler_at=?\n");
	/* The widest signal line: 64 escaped bytes of handler file. */
	{
		char buf[SASTRACE_LINE_MAX];
		struct fx_rec w = fx_widest_signal();
		int n;

		n = sastrace_format_record(buf, sizeof(buf), &w.h);
		tap_true("format_record widest signal line with handler_at fits",
			 n > 0 && n < SASTRACE_LINE_MAX && buf[n - 1] == '\n' &&
			 strstr(buf, " handler_at=\\xff") &&
			 strstr(buf, "\\xff+0xffffffffffffffff"),
			 "truncated or wrong");
		printf("# widest signal line: %d\n", n);
	}
	r = fx_signal(3000000000ULL, SASTRACE_SIG_OVERFLOW, 10, 0x401200,
		      0x4c0200, fx_value(0, 0x4c0000, 0, 8192), 384);
	r.sig.frame_size = 123;	/* no frame on the stack: never printed */
	line("format_record signal overflow", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal overflow SIGUSR1 handler=0x401200 sp=0x4c0200 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=8192} headroom=384\n");
	r = fx_signal(3000000000ULL, SASTRACE_SIG_ONSTACK_UNAVAILABLE, 12,
		      0x401300, 0x7ffc0000, fx_null(), 0);
	line("format_record signal onstack_unavailable", &r,
	     "3.000000000 cpu=1 pid=42 tid=43 comm=sig signal onstack_unavailable SIGUSR2 handler=0x401300 frame=0x7ffc0000 altstack=NULL\n");

	r = fx_record(18446744073709551615ULL, 4294967295U, 4294967295U,
		      4294967295U, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
		      SASTRACE_HOOK_KPROBE,
		      fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL),
		      fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL), -512);
	r.call.rflags = 0xffff;
	r.call.installed = fx_value(~0ULL, ~0ULL, 0xffffffff, ~0ULL);
	line("format_record widest line fits", &r,
	     "18446744073.709551615 cpu=4294967295 pid=4294967295 tid=4294967295 comm=\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff kprobe sigaltstack({ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615}, {ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615}) = -512 ERESTARTSYS TOCTOU installed={ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615}\n");

	/* With SMALL too (min_sigstksz at its widest): still fits. */
	r.call.min_sigstksz = 0xffffffff;
	line("format_record widest line with SMALL fits", &r,
	     "18446744073.709551615 cpu=4294967295 pid=4294967295 tid=4294967295 comm=\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff kprobe sigaltstack({ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615}, {ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615}) = -512 ERESTARTSYS TOCTOU installed={ss_sp=0xffffffffffffffff, ss_flags=SS_ONSTACK|SS_DISABLE|SS_AUTODISARM|0x7ffffffc, ss_size=18446744073709551615} SMALL min=4294967295\n");

	/*
	 * The widest line of all: a kprobe record with an errno name,
	 * TOCTOU, SMALL and 64 escaped bytes of caller file.
	 */
	r.call.caller_off = ~0ULL;
	memset(r.call.caller_file, 0xff, sizeof(r.call.caller_file));
	{
		char buf[SASTRACE_LINE_MAX];
		int n = sastrace_format_record(buf, sizeof(buf), &r.h);

		tap_true("format_record widest kprobe line with caller fits",
			 n > 0 && n < SASTRACE_LINE_MAX &&
			 buf[n - 1] == '\n' &&
			 strstr(buf, " kprobe sigaltstack(") &&
			 strstr(buf, "= -512 ERESTARTSYS TOCTOU installed={ss_sp=0xf") &&
			 strstr(buf, "} SMALL min=4294967295 caller=\\xff") &&
			 strstr(buf, "\\xff+0xffffffffffffffff\n"),
			 "truncated or wrong");
	}

	/* The widest uprobe line: 64 escaped bytes of caller file. */
	r.h.hook = SASTRACE_HOOK_UPROBE;
	r.call.ret = -4095;
	r.call.caller_off = ~0ULL;
	memset(r.call.caller_file, 0xff, sizeof(r.call.caller_file));
	{
		char buf[SASTRACE_LINE_MAX];
		int n = sastrace_format_record(buf, sizeof(buf), &r.h);

		tap_true("format_record widest uprobe line fits",
			 n > 0 && n < SASTRACE_LINE_MAX &&
			 buf[n - 1] == '\n' &&
			 strstr(buf, "= -4095 TOCTOU installed={ss_sp=0xf") &&
			 strstr(buf, "} SMALL min=4294967295 caller=\\xff") &&
			 strstr(buf, "\\xff+0xffffffffffffffff\n"),
			 "truncated or wrong");
	}
}

/*
 * The fields of the `format` file cover each struct exactly, in order, no
 * gap and no overlap: a field added to a payload and not to its list (or
 * the other way round) is seen here.
 */
static int fields_cover(const struct sastrace_field *f, unsigned int n,
			size_t size)
{
	size_t end = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (f[i].offset != end)
			return 0;
		end += f[i].size;
	}
	return end == size;
}

static void test_describe(void)
{
	char buf[8192], line[128];
	unsigned int i;
	int n;

	tap_true("format fields cover the header",
		 fields_cover(sastrace_header_fields, sastrace_nr_header_fields,
			      sizeof(struct sastrace_header)), "gap or overlap");
	for (i = 0; i < sastrace_nr_kinds; i++) {
		const struct sastrace_kind_desc *k = &sastrace_kinds[i];

		snprintf(line, sizeof(line), "format fields cover the %s payload",
			 k->name);
		tap_true(line, fields_cover(k->fields, k->nr_fields,
					    k->payload_size), "gap or overlap");
		snprintf(line, sizeof(line), "\nname:%s\nID:%u\nsize:%zu\n",
			 k->name, k->id,
			 sizeof(struct sastrace_header) + k->payload_size);
		n = sastrace_format_describe(buf, sizeof(buf));
		tap_true("format describes each kind", strstr(buf, line) != NULL,
			 line);
	}
	n = sastrace_format_describe(buf, sizeof(buf));
	tap_long("format_describe returns its length", n, (long long)strlen(buf));
	tap_long("format_describe counts without a buffer",
		 sastrace_format_describe(NULL, 0), n);
	snprintf(line, sizeof(line), "version:%u\nheader_size:%zu\nformat:\n",
		 SASTRACE_VERSION, sizeof(struct sastrace_header));
	tap_true("format starts with the version and the header's size",
		 !strncmp(buf, line, strlen(line)), buf);
	tap_true("format: the ss sp of a call record",
		 strstr(buf, "\tfield:__u64 ss.sp;\toffset:88;\tsize:8;\tsigned:0;\n") != NULL,
		 "no ss.sp line");
}

int main(void)
{
	test_flags();
	truncation();
	test_stack();
	test_comm();
	test_errno();
	test_ret_errno();
	test_flag_walk();
	test_appenders();
	test_hook();
	test_signal_names();
	test_record();
	test_sigaction();
	test_describe();
	return tap_done();
}
