/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: initcalls become constructors, so that a program linking a
 * kernel file gets it initialised as a booted kernel would (iova caches,
 * iommu_dma_init, swiotlb). Levels keep the kernel's order.
 */
#ifndef _DMALAB_LINUX_INIT_H
#define _DMALAB_LINUX_INIT_H

#include <linux/export.h>
#include <linux/types.h>

#define __init
#define __initdata
#define __initconst
#define __exit
#define __ro_after_init
#define __init_or_module

#define __dmalab_initcall(fn, prio)					\
	static void __attribute__((constructor(prio)))			\
	__dmalab_initcall_##fn(void) { (void)fn(); }

#define early_initcall(fn)	__dmalab_initcall(fn, 1001)
#define core_initcall(fn)	__dmalab_initcall(fn, 1002)
#define postcore_initcall(fn)	__dmalab_initcall(fn, 1003)
#define arch_initcall(fn)	__dmalab_initcall(fn, 1004)
#define subsys_initcall(fn)	__dmalab_initcall(fn, 1005)
#define fs_initcall(fn)		__dmalab_initcall(fn, 1006)
#define rootfs_initcall(fn)	__dmalab_initcall(fn, 1007)
#define device_initcall(fn)	__dmalab_initcall(fn, 1008)
#define late_initcall(fn)	__dmalab_initcall(fn, 1009)
#define module_init(fn)		device_initcall(fn)
/*
 * Kernel command-line options are registered before the initcalls run and
 * called with the values of dmalab's command line (runtime/cmdline.c).
 */
void dmalab_register_param(const char *name, int (*fn)(char *), bool early);
#define __dmalab_param(str, fn, early)					\
	static void __attribute__((constructor(1000)))			\
	__dmalab_param_##fn(void) { dmalab_register_param(str, fn, early); }
#define __setup(str, fn)	__dmalab_param(str, fn, false)
#define early_param(str, fn)	__dmalab_param(str "=", fn, true)
#define module_exit(fn)

#endif
