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
#include "elfsym.h"
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

/* Debian's multiarch directory for the reader's own architecture. */
#if defined(__x86_64__)
#define MULTIARCH	"x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH	"aarch64-linux-gnu"
#endif

/* Where programs' libc usually is; the first one found is probed. */
static const char * const libc_paths[] = {
#ifdef MULTIARCH
	"/lib/" MULTIARCH "/libc.so.6",
	"/usr/lib/" MULTIARCH "/libc.so.6",
#endif
	"/lib64/libc.so.6",
	"/usr/lib64/libc.so.6",
	"/lib/libc.so.6",
	"/usr/lib/libc.so.6",
};

#define DEFAULT_SYMBOL	"sigaltstack"

/* Append "PATH:0xOFF" of @symbol in @path to @buf; -1 after a message. */
static int add_target(char *buf, size_t size, const char *path,
		      const char *symbol, bool quiet)
{
	char real[PATH_MAX], msg[PATH_MAX + 128], entry[PATH_MAX + 32];
	unsigned long long off;
	size_t len = strlen(buf);

	if (!realpath(path, real)) {
		if (!quiet)
			sastrace_err("--uprobe %s: %s", path, strerror(errno));
		return -1;
	}
	if (strpbrk(real, ",: \t\n")) {
		sastrace_err("--uprobe %s: the module cannot take a path with ',', ':' or spaces",
			     real);
		return -1;
	}
	if (sastrace_elf_symbol_offset(real, symbol, &off, msg, sizeof(msg))) {
		if (!quiet)
			sastrace_err("--uprobe %s", msg);
		return -1;
	}
	snprintf(entry, sizeof(entry), "%s:%#llx", real, off);
	/* The same location twice (a symlinked libc): once is enough. */
	if (len) {
		char *p, *copy = strdup(buf);

		if (!copy) {
			sastrace_err("out of memory");
			return -1;
		}
		for (p = strtok(copy, ","); p; p = strtok(NULL, ","))
			if (!strcmp(p, entry))
				break;
		free(copy);
		if (p)
			return 0;
	}
	if (len + strlen(entry) + 2 > size) {
		sastrace_err("--uprobe: too many targets");
		return -1;
	}
	snprintf(buf + len, size - len, "%s%s", len ? "," : "", entry);
	return 0;
}

/* How many PATH:OFF entries a uprobes= value has. */
static int count_targets(const char *value)
{
	int n = *value ? 1 : 0;

	for (; *value; value++)
		n += *value == ',';
	return n;
}

/**
 * sastrace_uprobes_param() - the uprobes= value for what was asked
 * @o:     the load options: the system libc (if wanted and found) and
 *         every --uprobe PATH[:SYMBOL]
 * @value: set to a malloc()ed "PATH:0xOFF[,...]" (maybe empty)
 *
 * A libc that cannot be found or has no sigaltstack is skipped; a bad
 * --uprobe is an error, and so are more targets than the module takes
 * (counting the libc; the same location twice counts once).
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_uprobes_param(const struct sastrace_load_opts *o, char **value)
{
	/* Room for one more than allowed: too many is told, not truncated. */
	size_t size = (SASTRACE_MAX_UPROBES + 1) * (PATH_MAX + 24);
	char *buf = calloc(1, size);
	bool libc = false;
	size_t i;
	int n;

	if (!buf) {
		sastrace_err("out of memory");
		return -1;
	}
	for (i = 0; o->libc && i < sizeof(libc_paths) / sizeof(libc_paths[0]);
	     i++) {
		if (access(libc_paths[i], R_OK))
			continue;
		if (!add_target(buf, size, libc_paths[i], DEFAULT_SYMBOL, true)) {
			libc = true;
			break;
		}
	}
	for (n = 0; n < o->n_uprobes; n++) {
		char path[PATH_MAX];
		const char *arg = o->uprobes[n], *colon = strrchr(arg, ':');
		const char *symbol = DEFAULT_SYMBOL;
		size_t plen = strlen(arg);

		/* PATH:SYMBOL, unless what follows the ':' is a path. */
		if (colon && !strchr(colon, '/')) {
			plen = colon - arg;
			symbol = colon + 1;
		}
		if (!plen || !*symbol || plen >= sizeof(path)) {
			sastrace_err("--uprobe '%s': want PATH[:SYMBOL]", arg);
			goto fail;
		}
		memcpy(path, arg, plen);
		path[plen] = '\0';
		if (add_target(buf, size, path, symbol, false))
			goto fail;
	}
	n = count_targets(buf);
	if (n > SASTRACE_MAX_UPROBES) {
		sastrace_err("--uprobe: %d targets%s, the module takes at most %d%s",
			     n, libc ? " with the system libc" : "",
			     SASTRACE_MAX_UPROBES,
			     libc ? " (drop one, or add --no-libc)" : "");
		goto fail;
	}
	*value = buf;
	return 0;
fail:
	free(buf);
	return -1;
}

/**
 * sastrace_module_params() - the module options `load` passes
 * @buffer_kb: buffer_kb, 0 to leave the module's default
 * @sigaction: turn the sigaction hook on (sigaction=1)
 * @uprobes:   the uprobes= value (maybe empty), as from
 *             sastrace_uprobes_param()
 *
 * Built from the parsed number, never from the user's text: the module
 * reads buffer_kb in base 0 ("0064" would be octal there).
 *
 * Return: a malloc()ed "buffer_kb=N sigaction=1 uprobes=..." (each only
 * when asked for), or NULL (out of memory).
 */
char *sastrace_module_params(unsigned int buffer_kb, bool sigaction,
			     const char *uprobes)
{
	char num[64] = "";
	size_t size;
	char *opts;

	if (buffer_kb)
		snprintf(num, sizeof(num), "buffer_kb=%u", buffer_kb);
	if (sigaction)
		snprintf(num + strlen(num), sizeof(num) - strlen(num), "%s%s",
			 *num ? " " : "", "sigaction=1");
	size = strlen(num) + strlen(uprobes) + sizeof(" uprobes=");
	opts = malloc(size);
	if (opts)
		snprintf(opts, size, "%s%s%s%s", num,
			 *num && *uprobes ? " " : "",
			 *uprobes ? "uprobes=" : "", uprobes);
	return opts;
}

/* Why init_module() failed, in terms a user can act on. */
static void load_error(int err, unsigned int buffer_kb)
{
	const char *hint;

	switch (err) {
	case EEXIST:
		sastrace_err("load failed: module already loaded");
		return;
	case EINVAL:
		hint = buffer_kb ? "see dmesg: buffer_kb out of range, or a uprobes target refused" :
				   "see dmesg: a uprobes target refused?";
		break;
	case ENOEXEC:
		hint = "built for another kernel? see dmesg";
		break;
	case EKEYREJECTED:
	case EPERM:
		if (sastrace_locked_down())
			hint = "the kernel is locked down and loads only signed modules: install sastrace with DKMS and enroll its MOK key, see README \"Secure Boot and lockdown\"; see dmesg";
		else if (err == EKEYREJECTED)
			hint = "the module's signature was rejected: sign it with a key the kernel trusts (DKMS + MOK, see README \"Secure Boot and lockdown\"); see dmesg";
		else
			hint = "module loading is disabled (kernel.modules_disabled?), or an unsigned module under lockdown; see dmesg";
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
 * @o: the module (NULL: the build tree's, else the installed one (DKMS)
 *     found by name), buffer_kb, and the uprobe targets
 *
 * Return: the exit status.
 */
int sastrace_load(const struct sastrace_load_opts *o)
{
	const char *module_path = o->module;
	char path[PATH_MAX], *uprobes = NULL, *opts = NULL;
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx = NULL;
	int err, status = SASTRACE_EXIT_FAIL;

	if (sastrace_check_kprobes())
		return SASTRACE_EXIT_FAIL;
	if (sastrace_module_present()) {
		sastrace_err("load failed: module already loaded");
		return SASTRACE_EXIT_FAIL;
	}
	if (sastrace_uprobes_param(o, &uprobes))
		return SASTRACE_EXIT_FAIL;
	opts = sastrace_module_params(o->buffer_kb, o->sigaction, uprobes);
	if (!opts) {
		sastrace_err("out of memory");
		goto out;
	}

	ctx = new_ctx();
	if (!ctx)
		goto out;
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
		load_error(-err, o->buffer_kb);
		goto out;
	}
	status = 0;
out:
	if (mod)
		kmod_module_unref(mod);
	if (ctx)
		kmod_unref(ctx);
	free(opts);
	free(uprobes);
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
