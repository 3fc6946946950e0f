// SPDX-License-Identifier: GPL-2.0
/*
 * empty_kprobe: a kprobe on __x64_sys_sigaltstack whose handler does
 * nothing. `make bench` measures it as the floor of what any kprobe-based
 * tracer of that function costs per call.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

static int empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe empty_probe = {
	.symbol_name = "__x64_sys_sigaltstack",
	.pre_handler = empty_pre,
};

static int __init empty_kprobe_init(void)
{
	return register_kprobe(&empty_probe);
}

static void __exit empty_kprobe_exit(void)
{
	unregister_kprobe(&empty_probe);
}

module_init(empty_kprobe_init);
module_exit(empty_kprobe_exit);
MODULE_DESCRIPTION("An empty kprobe on __x64_sys_sigaltstack (sastrace's benchmark floor)");
MODULE_LICENSE("GPL");
