/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: modules are built in; initcalls run as constructors (init.h). */
#ifndef _DMALAB_LINUX_MODULE_H
#define _DMALAB_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>

#define module_param(a, b, c)
#define module_param_named(a, b, c, d)
#define THIS_MODULE ((struct module *)0)
struct module;

#endif
