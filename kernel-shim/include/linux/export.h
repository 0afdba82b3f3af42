/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_EXPORT_H
#define _DMALAB_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods)

#endif
