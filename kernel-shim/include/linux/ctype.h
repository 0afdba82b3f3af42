/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: character classes are the C library's (ASCII, as lib/ctype.c). */
#ifndef _DMALAB_LINUX_CTYPE_H
#define _DMALAB_LINUX_CTYPE_H
#include <ctype.h>
#endif
