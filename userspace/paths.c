// SPDX-License-Identifier: GPL-2.0
/*
 * Locations of the module's debugfs and sysfs files, and the preflight
 * checks each command runs so that a failure names its cause.
 *
 * Environment overrides, for tests/unit only (a fake tree stands in for the
 * kernel there, since this code must be testable where no module loads):
 *   SASTRACE_DEBUGFS       debugfs root (default /sys/kernel/debug); when
 *                          it is elsewhere, "is debugfs mounted" is skipped
 *   SASTRACE_SYSFS_MODULE  module dir (default /sys/module/sastrace)
 *   SASTRACE_NO_ROOT_CHECK=1  skip the euid == 0 check
 *   SASTRACE_KALLSYMS      the kernel symbol table `load` looks for kprobes
 *                          in (default /proc/kallsyms)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include "msg.h"
#include "paths.h"

#define DEBUGFS_MAGIC		0x64626720
#define DEFAULT_DEBUGFS		"/sys/kernel/debug"
#define DEFAULT_SYSFS_MODULE	"/sys/module/sastrace"

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

/** sastrace_debugfs_root() - the debugfs mount point to read from */
const char *sastrace_debugfs_root(void)
{
	return env_or("SASTRACE_DEBUGFS", DEFAULT_DEBUGFS);
}

/**
 * sastrace_locked_down() - whether the kernel is in lockdown
 *
 * Return: true when securityfs's lockdown file names integrity or
 * confidentiality as the current level ("none [integrity] ...").
 */
bool sastrace_locked_down(void)
{
	const char *path = env_or("SASTRACE_LOCKDOWN",
				  "/sys/kernel/security/lockdown");
	char buf[128] = "";
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strstr(buf, "[integrity]") || strstr(buf, "[confidentiality]");
}

/** sastrace_sysfs_module() - the sysfs dir that exists while loaded */
const char *sastrace_sysfs_module(void)
{
	return env_or("SASTRACE_SYSFS_MODULE", DEFAULT_SYSFS_MODULE);
}

/** sastrace_module_present() - is the module loaded right now? */
bool sastrace_module_present(void)
{
	return access(sastrace_sysfs_module(), F_OK) == 0;
}

/**
 * sastrace_check_root() - refuse to run without root
 *
 * Return: 0 when running as root (or the check is disabled), -1 after
 * printing why not.
 */
int sastrace_check_root(void)
{
	const char *skip = getenv("SASTRACE_NO_ROOT_CHECK");

	if (skip && !strcmp(skip, "1"))
		return 0;
	if (geteuid() == 0)
		return 0;
	sastrace_err("must be run as root (debugfs files and module loading need it)");
	return -1;
}

/**
 * sastrace_check_debugfs() - is debugfs mounted where we will look?
 *
 * Return: 0 or -1 after printing how to mount it.
 */
int sastrace_check_debugfs(void)
{
	struct statfs st;

	if (strcmp(sastrace_debugfs_root(), DEFAULT_DEBUGFS))
		return 0;	/* a test's fake tree */
	if (statfs(DEFAULT_DEBUGFS, &st) == 0 && st.f_type == DEBUGFS_MAGIC)
		return 0;
	sastrace_err("debugfs is not mounted on %s (mount it: mount -t debugfs none %s)",
		     DEFAULT_DEBUGFS, DEFAULT_DEBUGFS);
	return -1;
}

/**
 * sastrace_check_loaded() - is the module loaded?
 *
 * Return: 0 or -1 after printing how to load it.
 */
int sastrace_check_loaded(void)
{
	if (sastrace_module_present())
		return 0;
	sastrace_err("the sastrace module is not loaded (run: sastrace load)");
	return -1;
}

/**
 * sastrace_kernel_has_kprobes() - can this kernel register kprobes?
 * @kallsyms:    path of the kernel symbol table (/proc/kallsyms)
 * @kprobes_dir: path of debugfs' kprobes dir
 *
 * Either is enough: the symbol list can be unreadable, debugfs unmounted.
 *
 * Return: 1 yes, 0 no, -1 cannot tell (no symbol table to look in).
 */
int sastrace_kernel_has_kprobes(const char *kallsyms, const char *kprobes_dir)
{
	static const char sym[] = " register_kprobe";
	char *line = NULL;
	size_t cap = 0;
	int found = 0;
	FILE *f;

	if (access(kprobes_dir, F_OK) == 0)
		return 1;
	f = fopen(kallsyms, "re");
	if (!f)
		return -1;
	while (!found && getline(&line, &cap, f) > 0) {
		char *p = strstr(line, sym);
		char end;

		if (!p)
			continue;
		/* The name must end there: register_kprobes is not enough. */
		end = p[sizeof(sym) - 1];
		found = end == '\n' || end == '\t' || end == ' ' || !end;
	}
	free(line);
	fclose(f);
	return found;
}

/**
 * sastrace_check_kprobes() - refuse to load into a kernel without kprobes
 *
 * Return: 0 when kprobes are there (or it cannot be told), -1 after
 * printing why the module cannot work.
 */
int sastrace_check_kprobes(void)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/kprobes", sastrace_debugfs_root());
	if (sastrace_kernel_has_kprobes(env_or("SASTRACE_KALLSYMS",
					       "/proc/kallsyms"), dir))
		return 0;
	sastrace_err("kernel built without CONFIG_KPROBES: sastrace cannot trace sigaltstack on it");
	return -1;
}
