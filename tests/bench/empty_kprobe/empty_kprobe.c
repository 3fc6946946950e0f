// SPDX-License-Identifier: GPL-2.0
/*
 * empty_kprobe: a kprobe on __x64_sys_sigaltstack whose handler does
 * nothing. `make bench` measures it as the floor of what any kprobe-based
 * tracer of that function costs per call. With kret=1 it is an empty
 * kretprobe instead (entry and return handlers doing nothing): the floor of
 * any tracer that also wants the return value, as sastrace does. func= names
 * another architecture's entry (arm64: __arm64_sys_sigaltstack).
 */
#include <linux/kprobes.h>
#include <linux/module.h>

static bool kret;
module_param(kret, bool, 0444);
MODULE_PARM_DESC(kret, "an empty kretprobe instead of an empty kprobe");

static char *func = "__x64_sys_sigaltstack";
module_param(func, charp, 0444);
MODULE_PARM_DESC(func, "the function to probe (the syscall's entry symbol)");

static int empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static int empty_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe empty_probe = {
	.pre_handler = empty_pre,
};

static struct kretprobe empty_retprobe = {
	.entry_handler = empty_ret,
	.handler = empty_ret,
	.maxactive = 64,
};

static int __init empty_kprobe_init(void)
{
	empty_probe.symbol_name = func;
	empty_retprobe.kp.symbol_name = func;
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
MODULE_DESCRIPTION("An empty kprobe on the sigaltstack syscall (sastrace's benchmark floor)");
MODULE_LICENSE("GPL");
