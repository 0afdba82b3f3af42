/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: struct notifier_block, which vfio_pci_core_device embeds
 * (its bus notifier). No notifier chain is ever called here. Layout ours.
 */
#ifndef _DMALAB_LINUX_NOTIFIER_H
#define _DMALAB_LINUX_NOTIFIER_H

struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;
};

#endif
