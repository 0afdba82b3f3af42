/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: module metadata is dropped; initcalls run as constructors. */
#ifndef _DMALAB_LINUX_MODULE_H
#define _DMALAB_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>

#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_LICENSE(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_PARM_DESC(a, b)
#define module_param(a, b, c)
#define module_param_named(a, b, c, d)
#define THIS_MODULE ((struct module *)0)
struct module;

#endif
