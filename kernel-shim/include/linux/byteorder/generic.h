/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the network byte order helpers of the kernel's
 * linux/byteorder/generic.h, over the uapi __cpu_to_be*() that
 * asm/byteorder.h (the host's uapi header, as tools/include reaches it)
 * defines. net/core/tso.c builds headers with them.
 */
#ifndef _DMALAB_LINUX_BYTEORDER_GENERIC_H
#define _DMALAB_LINUX_BYTEORDER_GENERIC_H

#include <asm/byteorder.h>

#ifndef htons
#define htonl(x)	___htonl(x)
#define ntohl(x)	___ntohl(x)
#define htons(x)	___htons(x)
#define ntohs(x)	___ntohs(x)
#define ___htonl(x)	__cpu_to_be32(x)
#define ___htons(x)	__cpu_to_be16(x)
#define ___ntohl(x)	__be32_to_cpu(x)
#define ___ntohs(x)	__be16_to_cpu(x)
#endif

#endif
