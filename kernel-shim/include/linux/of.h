/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no device tree. */
#ifndef _DMALAB_LINUX_OF_H
#define _DMALAB_LINUX_OF_H
#include <linux/types.h>
struct device_node;
struct of_phandle_args {
	struct device_node *np;
	int args_count;
	u32 args[16];
};
struct fwnode_handle;
static inline bool is_of_node(const struct fwnode_handle *fwnode) { return false; }
#endif
