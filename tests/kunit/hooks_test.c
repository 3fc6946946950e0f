// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the hooks' decisions, with the hook sources compiled in
 * unchanged: which signal record a frame setup makes (signal_hooks.c's
 * classify(), mirroring get_sigframe()) and when a sigaltstack call is
 * flagged as a TOCTOU race (syscall_hooks.c's check_installed(), against
 * the calling task's installed alternate stack); and the directory a
 * record gives for a file (record.c's sastrace_file_dir()), on the
 * guest's own files.
 */
/* First: they define pr_fmt before any printk.h. */
#include "../../module/signal_hooks.c"
#include "../../module/syscall_hooks.c"
#include <kunit/test.h>
#include <linux/namei.h>
#include <linux/path.h>

#define BASE	0x10000UL
#define SIZE	0x4000UL
#define AUTO	SASTRACE_SS_AUTODISARM

struct sastrace_ring sastrace_ring;	/* main.c's; the hooks are not armed */

/*
 * Frame layouts with round numbers (the real ones come from the CPU's
 * xstate size): 64-bit with the red zone, and 32-bit (fregs_state, i386
 * alignment). Worked by hand: with either, a frame placed below start
 * lands above BASE, i.e. fits, exactly when start >= BASE + 0x1c0.
 */
static const struct sas_sigframe_geom g64 = {
	.redzone = 128, .xstate = 0x100, .extra = 0, .frame = 0x80,
	.ia32 = false,
};
/* A 64-bit handler without SA_RESTORER: the setup fails before placing. */
static const struct sas_sigframe_geom g64_norestorer = {
	.redzone = 128, .xstate = 0x100, .extra = 0, .frame = 0x80,
	.ia32 = false, .restorer_missing = true,
};
static const struct sas_sigframe_geom g32 = {
	.redzone = 0, .xstate = 0x100, .extra = 0x70, .frame = 0x2c,
	.ia32 = true,
};
#define FITS	0x1c0UL

static void expect_class(struct kunit *test, int failed, unsigned long sa,
			 unsigned long sp, const struct sas_sigframe_geom *g,
			 size_t size, unsigned int ss_flags, unsigned int want,
			 s64 want_headroom)
{
	s64 headroom = -12345;
	unsigned int got = classify(failed, sa, sp, g, BASE, size, ss_flags,
				    &headroom);

	KUNIT_EXPECT_EQ_MSG(test, want, got, "sp=%#lx sa=%#lx failed=%d",
			    sp, sa, failed);
	if (want && got == want)
		KUNIT_EXPECT_EQ(test, want_headroom, headroom);
}

static void signal_sigframe_place(struct kunit *test)
{
	/* 64-bit: r64(start - 0x100) - 0x80, then round_down(, 16) - 8. */
	KUNIT_EXPECT_EQ(test, BASE + 0x78, sas_sigframe_place(BASE + 0x200, &g64));
	KUNIT_EXPECT_EQ(test, BASE + 0x38, sas_sigframe_place(BASE + FITS, &g64));
	KUNIT_EXPECT_EQ(test, BASE - 8, sas_sigframe_place(BASE + FITS - 1, &g64));
	/* 32-bit: r64(start - 0x100) - 0x70 - 0x2c, then ((sp+4)&-16) - 4. */
	KUNIT_EXPECT_EQ(test, BASE + 0x5c, sas_sigframe_place(BASE + 0x200, &g32));
	KUNIT_EXPECT_EQ(test, BASE + 0x1c, sas_sigframe_place(BASE + FITS, &g32));
	KUNIT_EXPECT_EQ(test, BASE - 0x24,
			sas_sigframe_place(BASE + FITS - 1, &g32));
}

static void signal_classify_frames(struct kunit *test)
{
	/* A frame on the alternate stack, however the handler asked. */
	expect_class(test, 0, SA_ONSTACK, BASE + 0x3000, &g64, SIZE, 0,
		     SASTRACE_SIG_DELIVER, 0x3000);
	expect_class(test, 0, SA_ONSTACK, BASE + 0x3000, &g64, SIZE, AUTO,
		     SASTRACE_SIG_DELIVER, 0x3000);
	expect_class(test, 0, 0, BASE + 1, &g64, SIZE, 0,
		     SASTRACE_SIG_DELIVER, 1);
	expect_class(test, 0, SA_ONSTACK, BASE + SIZE, &g64, SIZE, 0,
		     SASTRACE_SIG_DELIVER, SIZE);
	/* Just outside it: nothing (no SA_ONSTACK), or no stack at all. */
	expect_class(test, 0, 0, BASE, &g64, SIZE, 0, 0, 0);
	expect_class(test, 0, 0, BASE + SIZE + 1, &g64, SIZE, 0, 0, 0);
	expect_class(test, 0, 0, 0x7ffd0000, &g64, 0, 0, 0, 0);
	/* SA_ONSTACK without a stack (or a disarmed one): normal stack. */
	expect_class(test, 0, SA_ONSTACK, 0x7ffd0000, &g64, 0, 0,
		     SASTRACE_SIG_ONSTACK_UNAVAILABLE, 0);
	/* SA_ONSTACK with a stack, frame elsewhere: not ours to judge. */
	expect_class(test, 0, SA_ONSTACK, 0x7ffd0000, &g64, SIZE, 0, 0, 0);
}

static void signal_classify_failures(struct kunit *test)
{
	/* Nested on the stack (armed), no room: overflow, room below sp. */
	expect_class(test, -EFAULT, SA_ONSTACK, BASE + 0x200, &g64, SIZE, 0,
		     SASTRACE_SIG_OVERFLOW, 0x200 - 128);
	expect_class(test, -EFAULT, 0, BASE + 0x40, &g64, SIZE, 0,
		     SASTRACE_SIG_OVERFLOW, 0x40 - 128);
	/*
	 * On the stack, but its red zone reaches below the base: with
	 * SA_ONSTACK get_sigframe() starts again at the top (entering).
	 */
	expect_class(test, -EFAULT, SA_ONSTACK, BASE + 0x40, &g64, SIZE, 0,
		     SASTRACE_SIG_FRAME_FAULT, SIZE);
	/* Nested, the frame fits below the red zone: it could not be written. */
	expect_class(test, -EFAULT, 0, BASE + FITS + 128, &g64, SIZE, 0,
		     SASTRACE_SIG_FRAME_FAULT, FITS);
	expect_class(test, -EFAULT, 0, BASE + FITS + 127, &g64, SIZE, 0,
		     SASTRACE_SIG_OVERFLOW, FITS - 1);
	/* 32-bit frames keep no red zone below the interrupted sp. */
	expect_class(test, -EFAULT, 0, BASE + FITS, &g32, SIZE, 0,
		     SASTRACE_SIG_FRAME_FAULT, FITS);
	expect_class(test, -EFAULT, 0, BASE + FITS - 1, &g32, SIZE, 0,
		     SASTRACE_SIG_OVERFLOW, FITS - 1);
	/* Entering it (interrupted elsewhere): the whole stack was room. */
	expect_class(test, -EFAULT, SA_ONSTACK, 0x7ffd0000, &g64, SIZE, 0,
		     SASTRACE_SIG_FRAME_FAULT, SIZE);
	expect_class(test, -EFAULT, SA_ONSTACK, 0x7ffd0000, &g64, FITS, 0,
		     SASTRACE_SIG_FRAME_FAULT, FITS);
	expect_class(test, -EFAULT, SA_ONSTACK, 0x7ffd0000, &g64, FITS - 1, 0,
		     SASTRACE_SIG_OVERFLOW, FITS - 1);
	/* SS_AUTODISARM: the kernel does not see it as nested; entering. */
	expect_class(test, -EFAULT, SA_ONSTACK, BASE + 0x200, &g64, SIZE, AUTO,
		     SASTRACE_SIG_FRAME_FAULT, SIZE);
	/* A failure with nothing to do with the alternate stack. */
	expect_class(test, -EFAULT, SA_ONSTACK, 0x7ffd0000, &g64_norestorer,
		     SIZE, 0, 0, 0);
	expect_class(test, -EFAULT, 0, 0x7ffd0000, &g64, SIZE, 0, 0, 0);
	expect_class(test, -EFAULT, SA_ONSTACK, 0x7ffd0000, &g64, 0, 0, 0, 0);
	expect_class(test, -EFAULT, 0, BASE + 0x200, &g64, SIZE, AUTO, 0, 0);
}

/* check_installed() with sp/size/flags installed for the test's own task. */
static u16 installed_flags(const struct sastrace_stack *ss, unsigned long sp,
			   size_t size, unsigned int flags,
			   struct sastrace_stack *installed)
{
	unsigned long o_sp = current->sas_ss_sp;
	size_t o_size = current->sas_ss_size;
	unsigned int o_flags = current->sas_ss_flags;
	u16 ret;

	memset(installed, 0, sizeof(*installed));
	current->sas_ss_sp = sp;
	current->sas_ss_size = size;
	current->sas_ss_flags = flags;
	ret = check_installed(ss, installed);
	current->sas_ss_sp = o_sp;
	current->sas_ss_size = o_size;
	current->sas_ss_flags = o_flags;
	return ret;
}

static void toctou_check_installed(struct kunit *test)
{
	struct sastrace_stack ss = {
		.addr = 0x7ffd100, .sp = BASE, .size = SIZE, .flags = 0,
		.state = SASTRACE_ARG_VALUE,
	};
	struct sastrace_stack in;

	/* Installed as read: no flag. */
	KUNIT_EXPECT_EQ(test, 0, installed_flags(&ss, BASE, SIZE, 0, &in));
	ss.flags = AUTO;
	KUNIT_EXPECT_EQ(test, 0, installed_flags(&ss, BASE, SIZE, AUTO, &in));
	/* SS_DISABLE installs sp 0, size 0, whatever was passed. */
	ss.flags = SASTRACE_SS_DISABLE;
	KUNIT_EXPECT_EQ(test, 0, installed_flags(&ss, 0, 0, SASTRACE_SS_DISABLE,
						 &in));
	/* Each field differing on its own is a race. */
	ss.flags = 0;
	KUNIT_EXPECT_EQ(test, SASTRACE_RF_TOCTOU,
			installed_flags(&ss, BASE + 16, SIZE, 0, &in));
	KUNIT_EXPECT_EQ(test, (u64)BASE + 16, in.sp);
	KUNIT_EXPECT_EQ(test, (u64)SIZE, in.size);
	KUNIT_EXPECT_EQ(test, (u32)SASTRACE_ARG_VALUE, in.state);
	KUNIT_EXPECT_EQ(test, (u64)0x7ffd100, in.addr);
	KUNIT_EXPECT_EQ(test, SASTRACE_RF_TOCTOU,
			installed_flags(&ss, BASE, SIZE * 2, 0, &in));
	KUNIT_EXPECT_EQ(test, SASTRACE_RF_TOCTOU,
			installed_flags(&ss, BASE, SIZE, AUTO, &in));
	KUNIT_EXPECT_EQ(test, AUTO, in.flags);
	/* Not read at entry: unverified, with what was installed. */
	ss.state = SASTRACE_ARG_FAULT;
	KUNIT_EXPECT_EQ(test, SASTRACE_RF_UNVERIFIED,
			installed_flags(&ss, BASE, SIZE, 0, &in));
	KUNIT_EXPECT_EQ(test, (u64)BASE, in.sp);
	KUNIT_EXPECT_EQ(test, (u32)SASTRACE_ARG_VALUE, in.state);
}

/* A late re-read of ss is refused when the kernel wrote old_ss over it. */
static void late_ss_overlap(struct kunit *test)
{
	struct sastrace_stack ss = { .addr = 0x1000,
				     .state = SASTRACE_ARG_FAULT };
	struct sastrace_stack old = { .addr = 0x1000,
				      .state = SASTRACE_ARG_VALUE };

	/* sigaltstack(&st, &st): old_ss written over ss. */
	KUNIT_EXPECT_FALSE(test, sastrace_late_ss_readable(&ss, &old, 24));
	/* Overlapping by one byte either way. */
	old.addr = 0x1000 + 23;
	KUNIT_EXPECT_FALSE(test, sastrace_late_ss_readable(&ss, &old, 24));
	old.addr = 0x1000 - 23;
	KUNIT_EXPECT_FALSE(test, sastrace_late_ss_readable(&ss, &old, 24));
	/* Adjacent, not overlapping. */
	old.addr = 0x1000 + 24;
	KUNIT_EXPECT_TRUE(test, sastrace_late_ss_readable(&ss, &old, 24));
	old.addr = 0x1000 - 24;
	KUNIT_EXPECT_TRUE(test, sastrace_late_ss_readable(&ss, &old, 24));
	/* The compat stack_t is 12 bytes. */
	old.addr = 0x1000 + 12;
	KUNIT_EXPECT_TRUE(test, sastrace_late_ss_readable(&ss, &old, 12));
	/* Not written (failed call, or NULL): the same memory is fine. */
	old.addr = 0x1000;
	old.state = SASTRACE_ARG_UNWRITTEN;
	KUNIT_EXPECT_TRUE(test, sastrace_late_ss_readable(&ss, &old, 24));
	old.state = SASTRACE_ARG_NULL;
	KUNIT_EXPECT_TRUE(test, sastrace_late_ss_readable(&ss, &old, 24));
	/* Written but unreadable to us: still written by the kernel. */
	old.state = SASTRACE_ARG_FAULT;
	KUNIT_EXPECT_FALSE(test, sastrace_late_ss_readable(&ss, &old, 24));
}

/*
 * The header record.c fills (ABI version 5), for the KUnit thread: a
 * kernel thread of the initial pid namespace, so its namespace ids are its
 * ids, in the root cgroup (id 1) when the kernel has cgroups, else 0.
 */
static void record_begin_header(struct kunit *test)
{
	void *slot = kunit_kzalloc(test, sastrace_kind_max_size(), GFP_KERNEL);
	struct sastrace_header *h = slot;
	void *payload;

	KUNIT_ASSERT_NOT_NULL(test, slot);
	memset(slot, 0xa5, sastrace_kind_max_size());
	preempt_disable();
	payload = sastrace_record_begin(slot, SASTRACE_KIND_CALL,
					SASTRACE_HOOK_KPROBE,
					sizeof(struct sastrace_call));
	preempt_enable();
	KUNIT_EXPECT_PTR_EQ(test, payload, (void *)((char *)slot + 64));
	KUNIT_EXPECT_EQ(test, h->version, 5);
	KUNIT_EXPECT_EQ(test, h->size, 64 + sizeof(struct sastrace_call));
	KUNIT_EXPECT_EQ(test, h->tgid, current->tgid);
	KUNIT_EXPECT_EQ(test, h->tid, current->pid);
	KUNIT_EXPECT_EQ(test, h->ns_tgid, current->tgid);
	KUNIT_EXPECT_EQ(test, h->ns_tid, current->pid);
	KUNIT_EXPECT_EQ(test, h->cgroup_id,
			IS_ENABLED(CONFIG_CGROUPS) ? 1ULL : 0ULL);
}

/* sastrace_file_dir() of what @path names, in a buffer of @size bytes. */
static void expect_dir(struct kunit *test, const char *path, size_t size,
		       bool known, const char *want)
{
	char buf[SASTRACE_FILE_DIR_LEN];
	struct path p;

	KUNIT_ASSERT_EQ_MSG(test, 0, kern_path(path, 0, &p), "%s", path);
	memset(buf, 'x', sizeof(buf));
	KUNIT_EXPECT_EQ_MSG(test, known, sastrace_file_dir(p.dentry, buf, size),
			    "%s in %zu bytes", path, size);
	KUNIT_EXPECT_STREQ_MSG(test, buf, want, "%s in %zu bytes", path, size);
	path_put(&p);
}

/*
 * The directory from the root of the file's own file system: busybox on
 * the initramfs root (/bin/busybox in every boot the suites run in:
 * make kunit's own and the debug series' shared one), a
 * sysfs directory (sysfs mounted at /sys: "/module", not "/sys/module"),
 * a debugfs one ("/", debugfs being mounted at /sys/kernel/debug), a path
 * that fits its buffer exactly and one a byte short, and the roots of
 * file systems, which have no directory.
 */
static void file_dir_paths(struct kunit *test)
{
	const char *bb = "/bin/busybox";

	expect_dir(test, bb, SASTRACE_FILE_DIR_LEN, true, "/bin");
	expect_dir(test, bb, sizeof("/bin"), true, "/bin");
	expect_dir(test, bb, sizeof("/bin") - 1, false, "");
	expect_dir(test, bb, 1, false, "");
	expect_dir(test, "/bin", SASTRACE_FILE_DIR_LEN, true, "/");
	expect_dir(test, "/bin", 2, true, "/");
	expect_dir(test, "/sys/module/kernel", SASTRACE_FILE_DIR_LEN, true,
		   "/module");
	expect_dir(test, "/sys/kernel/debug/kunit", SASTRACE_FILE_DIR_LEN,
		   true, "/");
	expect_dir(test, "/", SASTRACE_FILE_DIR_LEN, false, "");
	expect_dir(test, "/sys", SASTRACE_FILE_DIR_LEN, false, "");
}

static struct kunit_case hooks_cases[] = {
	KUNIT_CASE(signal_sigframe_place),
	KUNIT_CASE(signal_classify_frames),
	KUNIT_CASE(signal_classify_failures),
	KUNIT_CASE(toctou_check_installed),
	KUNIT_CASE(late_ss_overlap),
	KUNIT_CASE(record_begin_header),
	KUNIT_CASE(file_dir_paths),
	{}
};

static struct kunit_suite hooks_suite = {
	.name = "sastrace_hooks",
	.test_cases = hooks_cases,
};
kunit_test_suite(hooks_suite);
