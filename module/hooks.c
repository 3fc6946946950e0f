// SPDX-License-Identifier: GPL-2.0
/*
 * The list of hooks: what init attaches, exit and a failed load detach,
 * and `stats` sums, all by walking sastrace_hooks[].
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "sastrace.h"

/*
 * In attach order; detached in reverse. The syscall hooks come first:
 * the signal hook's records need nothing from them, but a load that
 * cannot trace sigaltstack calls should fail before anything else is
 * attached.
 */
static const struct sastrace_hook_ops *const sastrace_hooks[] = {
	&sastrace_syscall_hook_ops,
	&sastrace_signal_hook_ops,
	&sastrace_uprobe_hook_ops,
	&sastrace_sigaction_hook_ops,
};

/**
 * sastrace_hooks_attach() - attach every hook, in order
 * @failed: set to the name of the hook whose attach failed
 *
 * On failure the hooks attached so far stay attached: the caller's
 * unwinding detaches them all (sastrace_hooks_detach()).
 *
 * Return: 0, or the error of the first hook that failed to attach.
 */
int sastrace_hooks_attach(const char **failed)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(sastrace_hooks); i++) {
		ret = sastrace_hooks[i]->attach();
		if (ret) {
			*failed = sastrace_hooks[i]->name;
			return ret;
		}
	}
	return 0;
}

/**
 * sastrace_hooks_detach() - detach every hook, in reverse order
 *
 * Safe whatever state the hooks are in (each hook's detach is). On return
 * no hook's handler runs or will run.
 */
void sastrace_hooks_detach(void)
{
	unsigned int i = ARRAY_SIZE(sastrace_hooks);

	while (i--)
		sastrace_hooks[i]->detach();
}

/**
 * sastrace_hooks_stats() - every hook's counters
 * @cpu: a CPU, or -1 for the sum over all CPUs and the global counters
 * @st:  filled (zeroed first, then each hook adds its own)
 */
void sastrace_hooks_stats(int cpu, struct sastrace_hook_stats *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < ARRAY_SIZE(sastrace_hooks); i++)
		sastrace_hooks[i]->stats(cpu, st);
}
