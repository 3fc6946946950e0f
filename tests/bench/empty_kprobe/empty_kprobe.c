// SPDX-License-Identifier: GPL-2.0
/*
 * empty_kprobe: a kprobe on __x64_sys_sigaltstack whose handler does
 * nothing. `make bench` measures it as the floor of what any kprobe-based
 * tracer of that function costs per call. With kret=1 it is an empty
 * kretprobe instead (entry and return handlers doing nothing): the floor of
 * any tracer that also wants the return value, as sastrace does.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

static bool kret;
module_param(kret, bool, 0444);
MODULE_PARM_DESC(kret, "an empty kretprobe instead of an empty kprobe");

static int empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static int empty_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe empty_probe = {
	.symbol_name = "__x64_sys_sigaltstack",
	.pre_handler = empty_pre,
};

static struct kretprobe empty_retprobe = {
	.kp.symbol_name = "__x64_sys_sigaltstack",
	.entry_handler = empty_ret,
	.handler = empty_ret,
	.maxactive = 64,
};

static int __init empty_kprobe_init(void)
{
	if (kret)
		return register_kretprobe(&empty_retprobe);
	return register_kprobe(&empty_probe);
}

static void __exit empty_kprobe_exit(void)
{
	if (kret)
		unregister_kretprobe(&empty_retprobe);
	else
		unregister_kprobe(&empty_probe);
}

module_init(empty_kprobe_init);
module_exit(empty_kprobe_exit);
MODULE_DESCRIPTION("An empty kprobe on __x64_sys_sigaltstack (sastrace's benchmark floor)");
MODULE_LICENSE("GPL");
