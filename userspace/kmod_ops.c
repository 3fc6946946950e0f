// SPDX-License-Identifier: GPL-2.0
/*
 * Loading and unloading sastrace.ko with libkmod, and explaining the
 * kernel's errno when that fails.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <libkmod.h>
#include "kmod_ops.h"
#include "msg.h"
#include "paths.h"

#define MODULE_NAME	"sastrace"

/* <dir of this executable>/../sastrace.ko: the module of a build tree. */
static int build_tree_module(char *buf, size_t size)
{
	char exe[PATH_MAX], ko[PATH_MAX + 16];
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	snprintf(ko, sizeof(ko), "%s/../%s.ko", dirname(exe), MODULE_NAME);
	/* realpath() also tells whether it exists. */
	if (size < PATH_MAX || !realpath(ko, buf))
		return -1;
	return access(buf, R_OK);
}

static struct kmod_ctx *new_ctx(void)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (!ctx) {
		sastrace_err("cannot initialise libkmod");
		return NULL;
	}
	/* Our one-line errors say it all; libkmod's would repeat them. */
	kmod_set_log_priority(ctx, LOG_CRIT);
	return ctx;
}

/* Why init_module() failed, in terms a user can act on. */
static void load_error(int err, const char *buffer_kb)
{
	const char *hint;

	switch (err) {
	case EEXIST:
		sastrace_err("load failed: module already loaded");
		return;
	case EINVAL:
		hint = buffer_kb ? "see dmesg: buffer_kb out of range" :
				   "see dmesg";
		break;
	case ENOEXEC:
		hint = "built for another kernel? see dmesg";
		break;
	case EKEYREJECTED:
	case EPERM:
		hint = "unsigned module under Secure Boot lockdown, or module loading disabled; see dmesg";
		break;
	case ENOENT:
		hint = "a probed symbol is missing from this kernel? see dmesg";
		break;
	case ENOSYS:
		hint = "kernel built without loadable module support";
		break;
	default:
		hint = "see dmesg";
		break;
	}
	sastrace_err("load failed: %s (%s)", strerror(err), hint);
}

/**
 * sastrace_load() - insert sastrace.ko
 * @module_path: the .ko to load, or NULL: the build tree's, else the
 *               installed one (DKMS) found by name
 * @buffer_kb:   value of the buffer_kb parameter, or NULL for the default
 *
 * Return: the exit status.
 */
int sastrace_load(const char *module_path, const char *buffer_kb)
{
	char path[PATH_MAX], opts[64] = "";
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	int err, status = SASTRACE_EXIT_FAIL;

	if (sastrace_check_kprobes())
		return SASTRACE_EXIT_FAIL;
	if (sastrace_module_present()) {
		sastrace_err("load failed: module already loaded");
		return SASTRACE_EXIT_FAIL;
	}
	if (buffer_kb)
		snprintf(opts, sizeof(opts), "buffer_kb=%s", buffer_kb);

	ctx = new_ctx();
	if (!ctx)
		return SASTRACE_EXIT_FAIL;
	if (!module_path && !build_tree_module(path, sizeof(path)))
		module_path = path;
	if (module_path) {
		err = kmod_module_new_from_path(ctx, module_path, &mod);
		if (err < 0) {
			sastrace_err("cannot use module %s: %s", module_path,
				     strerror(-err));
			goto out;
		}
	} else {
		err = kmod_module_new_from_name(ctx, MODULE_NAME, &mod);
		if (err < 0) {
			sastrace_err("cannot look up module %s: %s",
				     MODULE_NAME, strerror(-err));
			goto out;
		}
		if (!kmod_module_get_path(mod)) {
			sastrace_err("%s.ko not found: build it (make), install it (DKMS), or pass --module PATH",
				     MODULE_NAME);
			goto out;
		}
	}
	err = kmod_module_insert_module(mod, 0, opts);
	if (err < 0) {
		load_error(-err, buffer_kb);
		goto out;
	}
	status = 0;
out:
	kmod_module_unref(mod);
	kmod_unref(ctx);
	return status;
}

/**
 * sastrace_unload() - remove sastrace.ko
 *
 * Return: the exit status.
 */
int sastrace_unload(void)
{
	static const char busy[] = "module is in use (a reader still has a file open)";
	struct kmod_module *mod = NULL;
	int err, status = SASTRACE_EXIT_FAIL;
	struct kmod_ctx *ctx;

	if (!sastrace_module_present()) {
		sastrace_err("unload failed: the sastrace module is not loaded");
		return SASTRACE_EXIT_FAIL;
	}
	ctx = new_ctx();
	if (!ctx)
		return SASTRACE_EXIT_FAIL;
	err = kmod_module_new_from_name(ctx, MODULE_NAME, &mod);
	if (err < 0) {
		sastrace_err("cannot look up module %s: %s", MODULE_NAME,
			     strerror(-err));
		goto out;
	}
	/* As rmmod does: the kernel would only say EAGAIN. */
	if (kmod_module_get_refcnt(mod) > 0) {
		sastrace_err("%s", busy);
		goto out;
	}
	err = kmod_module_remove_module(mod, 0);
	switch (-err) {
	case 0:
		status = 0;
		break;
	case EBUSY:
	case EAGAIN:
		sastrace_err("%s", busy);
		break;
	case ENOENT:
		sastrace_err("unload failed: the sastrace module is not loaded");
		break;
	default:
		sastrace_err("unload failed: %s (see dmesg)", strerror(-err));
		break;
	}
out:
	kmod_module_unref(mod);
	kmod_unref(ctx);
	return status;
}
