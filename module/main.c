// SPDX-License-Identifier: GPL-2.0
/*
 * sastrace: observe every sigaltstack call on the machine.
 *
 * Module entry and exit: validates the parameters, allocates the per-CPU
 * rings, creates the debugfs files and attaches the hooks, and undoes it all
 * in reverse order. sastrace only observes; it never changes what a traced
 * program's syscalls do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include "format.h"
#include "sastrace.h"

#ifndef SASTRACE_PKG_VERSION
#error "SASTRACE_PKG_VERSION must come from Kbuild (dkms.conf's PACKAGE_VERSION)"
#endif

#define BUFFER_KB_MIN	4
#define BUFFER_KB_MAX	65536

static unsigned int buffer_kb = 256;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "per-CPU ring size in KiB (4..65536, default 256)");

struct sastrace_ring sastrace_ring;

/*
 * Init's steps, in order. Each failure is logged once, here, as
 * "load failed at STEP: ERRNO"; the steps themselves log only what names
 * a user's mistake (such as a uprobes= entry that does not exist).
 */
static int __init sastrace_init(void)
{
	bool have_ring = false, have_files = false;
	const char *step;
	int ret;

	step = "buffer_kb";
	if (buffer_kb < BUFFER_KB_MIN || buffer_kb > BUFFER_KB_MAX) {
		pr_err("buffer_kb=%u is out of range [%u, %u]\n", buffer_kb,
		       BUFFER_KB_MIN, BUFFER_KB_MAX);
		ret = -EINVAL;
		goto fail;
	}
	step = "ring";
	ret = sastrace_ring_init(&sastrace_ring, sastrace_kind_max_size(),
				 (size_t)buffer_kb * 1024);
	if (ret)
		goto fail;
	have_ring = true;
	/* The files exist from here on, but cannot be opened until the end. */
	step = "debugfs";
	ret = sastrace_files_create();
	if (ret)
		goto fail;
	have_files = true;
	/* Each hook in turn (hooks.c); the uprobes= targets attach here. */
	ret = sastrace_hooks_attach(&step);
	if (ret)
		goto fail;
	/* Nothing can fail from here on: let readers in. */
	sastrace_files_enable();
	pr_info("tracing sigaltstack, %zu records per CPU\n",
		sastrace_ring_capacity(&sastrace_ring));
	return 0;

fail:
	/*
	 * Producers first. Every hook is detached, attached or not: that
	 * also frees what parsing the uprobes= argument kept.
	 */
	sastrace_hooks_detach();
	if (have_files)
		sastrace_files_remove();
	if (have_ring) {
		/* Wake-ups the hooks queued must run before the rings go. */
		sastrace_ring_stop(&sastrace_ring);
		sastrace_ring_free(&sastrace_ring);
	}
	pr_err("load failed at %s: %d\n", step, ret);
	return ret;
}

static void __exit sastrace_exit(void)
{
	/* Producers first: after this no handler runs or will run. */
	sastrace_hooks_detach();
	sastrace_ring_stop(&sastrace_ring);
	sastrace_files_remove();
	sastrace_ring_free(&sastrace_ring);
}

module_init(sastrace_init);
module_exit(sastrace_exit);
MODULE_DESCRIPTION("Observe every sigaltstack call: requested vs installed stacks");
MODULE_AUTHOR("sastrace developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(SASTRACE_PKG_VERSION);
