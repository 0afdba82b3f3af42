/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_EXPORT_H
#define _DMALAB_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods)

/* module metadata is dropped */
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_LICENSE(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_PARM_DESC(a, b)

#endif
