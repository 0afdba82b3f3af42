/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: module parameters are never set; module_param_named() and
 * MODULE_PARM_DESC() come from linux/module.h and linux/export.h (the
 * tree's tools/include copy redefines MODULE_PARM_DESC).
 */
#ifndef _DMALAB_LINUX_MODULEPARAM_H
#define _DMALAB_LINUX_MODULEPARAM_H

#include <linux/module.h>

#endif
