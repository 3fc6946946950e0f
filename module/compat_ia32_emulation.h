/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether this kernel runs 32-bit x86 (ia32) tasks at all.
 *
 * v6.7 ("x86: Make IA32_EMULATION boot time configurable") made
 * CONFIG_IA32_EMULATION switchable at boot: ia32_emulation=<bool>, read
 * with kstrtobool() by an early_param(), on by default unless
 * CONFIG_IA32_EMULATION_DEFAULT_DISABLED. When it is off, 32-bit
 * programs do not run (execve() refuses them) and no 32-bit syscall
 * entry is set up, but __ia32_compat_sys_sigaltstack is still there, so
 * a probe on it would attach and never fire. Debian's 6.12 and 7.3 have
 * the parameter, 6.1 and 5.10 do not.
 *
 * The kernel's own test, ia32_enabled() in <asm/ia32.h>, is inline and
 * reads __ia32_enabled, which is not exported (not in 7.3's
 * Module.symvers): a module using it does not link. So the parameter is
 * read where the kernel read it, the boot command line (/proc/cmdline),
 * and applied as the kernel's early_param() does: every
 * ia32_emulation=VALUE in turn through kstrtobool() (a bad value changes
 * nothing, the last good one wins), nothing after "--". Not seen: the
 * kernel's own ia32_disable() in TDX and SEV guests (also v6.7); there the
 * 32-bit hook stays attached and never fires, as before.
 *
 * Before v6.7, and on arm64, the answer is always yes (a kernel built
 * without 32-bit emulation has no compat entry to probe anyway).
 */
#ifndef SASTRACE_COMPAT_IA32_EMULATION_H
#define SASTRACE_COMPAT_IA32_EMULATION_H

#include "compat_version.h"

#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION) && \
	SAS_KVER_AT_LEAST(6, 7)
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/setup.h>

#define SAS_IA32_PARAM	"ia32_emulation="

/**
 * sas_ia32_emulation_enabled() - whether 32-bit x86 tasks can run
 *
 * Context: process context (module load); may sleep.
 * Return: false when the kernel was booted with 32-bit emulation off;
 * true otherwise, also when the command line cannot be read.
 */
static inline bool sas_ia32_emulation_enabled(void)
{
	bool on = !IS_ENABLED(CONFIG_IA32_EMULATION_DEFAULT_DISABLED);
	struct file *f;
	char *buf, *p, *arg;
	loff_t pos = 0;
	ssize_t n;

	buf = kzalloc(COMMAND_LINE_SIZE + 1, GFP_KERNEL);
	if (!buf)
		return on;
	f = filp_open("/proc/cmdline", O_RDONLY, 0);
	if (IS_ERR(f))
		goto out;
	n = kernel_read(f, buf, COMMAND_LINE_SIZE, &pos);
	filp_close(f, NULL);
	p = n > 0 ? buf : NULL;
	while ((arg = strsep(&p, " \t\n"))) {
		if (!strcmp(arg, "--"))
			break;
		if (str_has_prefix(arg, SAS_IA32_PARAM) &&
		    kstrtobool(arg + strlen(SAS_IA32_PARAM), &on))
			continue;	/* as the kernel: a bad value is ignored */
	}
out:
	kfree(buf);
	return on;
}
#else
static inline bool sas_ia32_emulation_enabled(void)
{
	return true;
}
#endif

#endif /* SASTRACE_COMPAT_IA32_EMULATION_H */
