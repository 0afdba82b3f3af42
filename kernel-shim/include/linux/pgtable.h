/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: page protections, only as values passed around. */
#ifndef _DMALAB_LINUX_PGTABLE_H
#define _DMALAB_LINUX_PGTABLE_H
#include <linux/types.h>

typedef struct { unsigned long pgprot; } pgprot_t;
#define __pgprot(x)		((pgprot_t){ (x) })
#define pgprot_val(x)		((x).pgprot)
#define PAGE_KERNEL		__pgprot(0x63)
#define pgprot_noncached(p)	__pgprot(pgprot_val(p) | 0x18)
#define pgprot_writecombine(p)	__pgprot(pgprot_val(p) | 0x08)
#define pgprot_dmacoherent(p)	pgprot_noncached(p)
#define pgprot_encrypted(p)	(p)
#define pgprot_decrypted(p)	(p)
#endif
