// SPDX-License-Identifier: GPL-2.0
/*
 * The 32-bit (compat) counterpart of sacases, for the strace comparison of
 * the sigaction test: a real 32-bit program, built without a libc (no
 * 32-bit libc on the build host: gcc -m32 -static -nostdlib for x86's ia32,
 * arm-linux-gnueabihf-gcc -marm -static -nostdlib for arm64's AArch32), so
 * its calls go through the kernel's compat entries: rt_sigaction (174, the
 * 20-byte compat struct sigaction: handler, flags, restorer, two 32-bit
 * mask words), the old sigaction (67, struct old_sigaction: handler, a
 * 32-bit mask, flags, restorer) and, on ia32 only (ARM EABI has none),
 * signal (48). Prints, as sacases does:
 *
 *   pid N
 *   call N via=SYSCALL sig=S act=H,F,M,R old=null|not_written|H,F,M,R ret=R
 *   query N via=SYSCALL sig=S act=null old=H,F,M,R ret=R
 *   records N
 *
 * H handler (0 SIG_DFL, 1 SIG_IGN, else an address), F flags, M the mask
 * (bit N-1 for signal N; 32 bits for the old sigaction), R the restorer,
 * all hex; ret 0 or -errno. signal() passes a handler only: its act is what
 * the kernel stored (read back with rt_sigaction, which is not a record of
 * its own: a query), its old the handler it returned. Exit 0 when every
 * call returned what it should, 1 otherwise.
 */

#define SIGHUP		1
#define SIGINT		2
#define SIGKILL		9
#define SIGUSR1		10
#define SIGUSR2		12
#define SIGTERM		15
#define SIGSTOP		19

#define SA_SIGINFO	0x00000004UL
#define SA_RESTORER	0x04000000UL
#define SA_ONSTACK	0x08000000UL
#define SA_RESTART	0x10000000UL
#define SA_NODEFER	0x40000000UL
#define SA_RESETHAND	0x80000000UL

#define EINVAL		22

#define NR_EXIT		1
#define NR_WRITE	4
#define NR_GETPID	20
#define NR_SIGNAL	48
#define NR_SIGACTION	67
#define NR_RT_SIGACTION	174

typedef unsigned int u32;

/* The compat struct sigaction (rt_sigaction): the same on ia32 and arm. */
struct rt_sa {
	u32 handler;
	u32 flags;
	u32 restorer;
	u32 mask[2];
};

/* struct old_sigaction (sigaction, 67). */
struct old_sa {
	u32 handler;
	u32 mask;
	u32 flags;
	u32 restorer;
};

#if defined(__i386__)
static long sys3(long nr, long a, long b, long c, long d)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory");
	return ret;
}
#define HAVE_SIGNAL 1
#elif defined(__arm__)
static long sys3(long nr, long a, long b, long c, long d)
{
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;

	__asm__ volatile("svc #0"
			 : "+r"(r0)
			 : "r"(r7), "r"(r1), "r"(r2), "r"(r3)
			 : "memory");
	return r0;
}
#define HAVE_SIGNAL 0
#else
#error "sacases32 is a 32-bit x86 or ARM program"
#endif

/* Never called: only their addresses are installed. */
__attribute__((noinline)) void h1(int sig) { __asm__ volatile("" : : "r"(sig)); }
__attribute__((noinline)) void h2(int sig) { __asm__ volatile("" : : "r"(sig) : "memory"); }
__attribute__((noinline)) void fake_restorer(void) { __asm__ volatile("" : : : "memory"); }

static char buf[4096];
static unsigned int len;
static int n, failures, records;

static void out(const char *s)
{
	while (*s && len < sizeof(buf) - 1)
		buf[len++] = *s++;
}

static void hex(u32 v)
{
	char d[9];
	int i = 8;

	d[8] = 0;
	do {
		d[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	out(d + i);
}

/* A 64-bit mask as one hex number: hi, then lo as 8 digits. */
static void hex64(u32 hi, u32 lo)
{
	char d[9];
	int i;

	if (!hi) {
		hex(lo);
		return;
	}
	hex(hi);
	for (i = 7; i >= 0; i--, lo >>= 4)
		d[i] = "0123456789abcdef"[lo & 15];
	d[8] = 0;
	out(d);
}

static void dec(long v)
{
	char d[16];
	int i = 15;
	unsigned long u = v < 0 ? -v : v;

	d[15] = 0;
	do {
		d[--i] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		d[--i] = '-';
	out(d + i);
}

static void flush(void)
{
	sys3(NR_WRITE, 1, (long)buf, len, 0);
	len = 0;
}

static void act4(u32 h, u32 f, u32 mhi, u32 mlo, u32 r)
{
	hex(h), out(","), hex(f), out(","), hex64(mhi, mlo), out(","), hex(r);
}

static void head(const char *kind, const char *via, int sig)
{
	out(kind), out(" "), dec(++n), out(" via="), out(via), out(" sig="), dec(sig);
	out(" act=");
}

static void tail(long ret, long want)
{
	out(" ret="), dec(ret), out("\n");
	if (ret != want) {
		out("unexpected ret "), dec(ret), out(" (want "), dec(want), out(")\n");
		failures++;
	}
	flush();
}

static void rt(int sig, const struct rt_sa *act, int with_old, long want)
{
	static struct rt_sa old;
	long ret;
	int i;

	for (i = 0; i < (int)sizeof(old); i++)
		((char *)&old)[i] = 0x5a;
	ret = sys3(NR_RT_SIGACTION, sig, (long)act, with_old ? (long)&old : 0, 8);
	head(act ? "call" : "query", "rt_sigaction", sig);
	if (act) {
		act4(act->handler, act->flags, act->mask[1], act->mask[0], act->restorer);
		records++;
	} else {
		out("null");
	}
	out(" old=");
	if (!with_old)
		out("null");
	else if (ret)
		out("not_written");
	else
		act4(old.handler, old.flags, old.mask[1], old.mask[0], old.restorer);
	tail(ret, want);
}

static void old_style(int sig, const struct old_sa *act, int with_old, long want)
{
	static struct old_sa old;
	long ret;
	int i;

	for (i = 0; i < (int)sizeof(old); i++)
		((char *)&old)[i] = 0x5a;
	ret = sys3(NR_SIGACTION, sig, (long)act, with_old ? (long)&old : 0, 0);
	head(act ? "call" : "query", "sigaction", sig);
	if (act) {
		act4(act->handler, act->flags, 0, act->mask, act->restorer);
		records++;
	} else {
		out("null");
	}
	out(" old=");
	if (!with_old)
		out("null");
	else if (ret)
		out("not_written");
	else
		act4(old.handler, old.flags, 0, old.mask, old.restorer);
	tail(ret, want);
}

#if HAVE_SIGNAL
/* signal(): act is what the kernel stored, read back; old what it returned. */
static void sig_call(int sig, u32 handler)
{
	struct rt_sa now;
	long ret, q;

	ret = sys3(NR_SIGNAL, sig, handler, 0, 0);
	q = sys3(NR_RT_SIGACTION, sig, 0, (long)&now, 8);
	head("call", "signal", sig);
	if (q) {
		out("unreadable");
		failures++;
	} else {
		act4(now.handler, now.flags, now.mask[1], now.mask[0],
		     now.flags & SA_RESTORER ? now.restorer : 0);
	}
	records++;
	out(" old=");
	if (ret < 0 && ret > -4096) {
		out("not_written");
	} else {
		act4((u32)ret, 0, 0, 0, 0);
		ret = 0;
	}
	tail(ret, 0);
}
#endif

#define BIT(s)	(1U << (((s) - 1) & 31))

static void run(void)
{
	struct rt_sa a;
	struct old_sa o;

	out("pid "), dec(sys3(NR_GETPID, 0, 0, 0, 0)), out("\n"), flush();
	/* 1: SA_ONSTACK|SA_SIGINFO, old SIG_DFL. */
	a = (struct rt_sa){ (u32)h1, SA_ONSTACK | SA_SIGINFO, 0, { 0, 0 } };
	rt(SIGUSR1, &a, 1, 0);
	/* 2: SA_RESTORER with a restorer, a mask across both words. */
	a = (struct rt_sa){ (u32)h2, SA_RESTORER | SA_RESTART, (u32)fake_restorer,
			    { BIT(SIGINT) | BIT(SIGTERM) | BIT(32), BIT(33) | BIT(64) } };
	rt(SIGUSR1, &a, 1, 0);
	/* 3: SIG_IGN, every signal but KILL and STOP masked, no oact. */
	a = (struct rt_sa){ 1, 0, 0, { ~(BIT(SIGKILL) | BIT(SIGSTOP)), ~0U } };
	rt(SIGUSR2, &a, 0, 0);
	/* 4: the old sigaction: its old action's mask is 32 bits of 64. */
	o = (struct old_sa){ (u32)h1, BIT(SIGINT), SA_ONSTACK | SA_SIGINFO, 0 };
	old_style(SIGUSR2, &o, 1, 0);
	/* 5: the old sigaction with a restorer, the old action back. */
	o = (struct old_sa){ (u32)h2, 0, SA_RESTORER | SA_NODEFER, (u32)fake_restorer };
	old_style(SIGUSR2, &o, 1, 0);
#if HAVE_SIGNAL
	/* 6, 7: signal(): SA_RESETHAND|SA_NODEFER, the old handler returned. */
	sig_call(SIGHUP, (u32)h2);
	sig_call(SIGHUP, 1);
#endif
	/* no such signal, SIGKILL: EINVAL, oact not written. */
	a = (struct rt_sa){ (u32)h1, SA_SIGINFO, 0, { 0, 0 } };
	rt(65, &a, 1, -EINVAL);
	o = (struct old_sa){ 0, 0, 0, 0 };
	old_style(SIGKILL, &o, 1, -EINVAL);
	/* queries: no record. */
	rt(SIGUSR1, 0, 1, 0);
	old_style(SIGUSR2, 0, 1, 0);
	out("records "), dec(records), out("\n"), flush();
	sys3(NR_EXIT, failures ? 1 : 0, 0, 0, 0);
}

void _start(void)
{
	run();
	for (;;)
		;
}
