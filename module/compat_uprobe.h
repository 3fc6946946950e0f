/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for the kernel-version differences of the uprobe API.
 *
 *            register                       unregister             handlers
 * 6.1        int uprobe_register(inode,     uprobe_unregister(     (uc, regs),
 *            off, uc)                       inode, off, uc)        (uc, func, regs)
 * 6.12       struct uprobe *uprobe_register uprobe_unregister_     same as 6.1
 *            (inode, off, ref_ctr_off, uc)  nosync(uprobe, uc) +
 *            (ERR_PTR)                      uprobe_unregister_sync()
 * 6.13+      as 6.12                        as 6.12                 gain __u64 *data
 *
 * 6.1 and 6.12 are checked against Debian's headers and built and run by
 * `make check`. No 6.13+ headers install on bookworm: the 6.13+ branch is
 * only compile-checked, against the 6.12 headers with the 6.13 handler
 * change applied (tests/lib/api-6.13.sh). Kernels between 6.2 and 6.11 are
 * assumed to have the 6.1 API (not verified).
 *
 * The handlers themselves have one signature everywhere,
 * sas_uprobe_entry() and sas_uprobe_return(), defined by the one file that
 * includes this header; sas_uprobe_init() plugs them into a consumer
 * through the trampolines the running kernel's signature needs.
 */
#ifndef SASTRACE_COMPAT_UPROBE_H
#define SASTRACE_COMPAT_UPROBE_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/uprobes.h>
#include "compat_version.h"

#if SAS_KVER_AT_LEAST(6, 12)
#define SAS_UPROBE_HANDLE_API	1	/* register returns struct uprobe * */
#endif
#if SAS_KVER_AT_LEAST(6, 13)
#define SAS_UPROBE_DATA_ARG	1	/* handlers take __u64 *data */
#endif

/**
 * struct sas_uprobe_handle - one registered uprobe + uretprobe consumer
 * @uc:     the consumer; one per probed location (a consumer is linked
 *          into its uprobe's list, so it cannot serve two)
 * @inode:  the probed file's inode (the caller keeps it referenced)
 * @offset: the probed file offset
 * @uprobe: what uprobe_register() returned (6.12+)
 */
struct sas_uprobe_handle {
	struct uprobe_consumer uc;
	struct inode *inode;
	loff_t offset;
#ifdef SAS_UPROBE_HANDLE_API
	struct uprobe *uprobe;
#endif
};

/* Defined by the includer: the version-independent handlers. */
static int sas_uprobe_entry(struct uprobe_consumer *uc, struct pt_regs *regs);
static int sas_uprobe_return(struct uprobe_consumer *uc, unsigned long func,
			     struct pt_regs *regs);

#ifdef SAS_UPROBE_DATA_ARG
static int sas_uc_handler(struct uprobe_consumer *uc, struct pt_regs *regs,
			  __u64 *data)
{
	return sas_uprobe_entry(uc, regs);
}

static int sas_uc_ret_handler(struct uprobe_consumer *uc, unsigned long func,
			      struct pt_regs *regs, __u64 *data)
{
	return sas_uprobe_return(uc, func, regs);
}
#else
#define sas_uc_handler		sas_uprobe_entry
#define sas_uc_ret_handler	sas_uprobe_return
#endif

/**
 * sas_uprobe_init() - prepare a handle for sas_uprobe_register()
 * @h:      the handle, zeroed by the caller
 * @inode:  the file to probe (d_real_inode() of a referenced path)
 * @offset: the file offset of the probed instruction
 */
static inline void sas_uprobe_init(struct sas_uprobe_handle *h,
				   struct inode *inode, loff_t offset)
{
	h->inode = inode;
	h->offset = offset;
	h->uc.handler = sas_uc_handler;
	h->uc.ret_handler = sas_uc_ret_handler;
}

/**
 * sas_uprobe_register() - attach the entry and return handlers
 * @h: a handle set up by sas_uprobe_init()
 *
 * Return: 0 or a negative errno.
 */
static inline int sas_uprobe_register(struct sas_uprobe_handle *h)
{
#ifdef SAS_UPROBE_HANDLE_API
	struct uprobe *u = uprobe_register(h->inode, h->offset, 0, &h->uc);

	if (IS_ERR(u))
		return PTR_ERR(u);
	h->uprobe = u;
	return 0;
#else
	return uprobe_register(h->inode, h->offset, &h->uc);
#endif
}

/**
 * sas_uprobe_unregister_nosync() - detach; handlers may still be running
 * @h: a registered handle
 *
 * Call sas_uprobe_unregister_sync() once after a batch of these, before
 * freeing the handles or the code of the handlers.
 */
static inline void sas_uprobe_unregister_nosync(struct sas_uprobe_handle *h)
{
#ifdef SAS_UPROBE_HANDLE_API
	uprobe_unregister_nosync(h->uprobe, &h->uc);
	h->uprobe = NULL;
#else
	/* 6.1 waits for running handlers (register_rwsem) here already. */
	uprobe_unregister(h->inode, h->offset, &h->uc);
#endif
}

/**
 * sas_uprobe_unregister_sync() - wait for the handlers of detached handles
 */
static inline void sas_uprobe_unregister_sync(void)
{
#ifdef SAS_UPROBE_HANDLE_API
	uprobe_unregister_sync();
#endif
}

#endif /* SASTRACE_COMPAT_UPROBE_H */
