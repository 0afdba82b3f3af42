/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no memory encryption: the attribute changes succeed. */
#ifndef _DMALAB_LINUX_SET_MEMORY_H
#define _DMALAB_LINUX_SET_MEMORY_H
static inline int set_memory_decrypted(unsigned long addr, int numpages) { return 0; }
static inline int set_memory_encrypted(unsigned long addr, int numpages) { return 0; }
#endif
