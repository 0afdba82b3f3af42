/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the UDP header (tso_build_hdr()). */
#ifndef _DMALAB_LINUX_UDP_H
#define _DMALAB_LINUX_UDP_H

#include <linux/skbuff.h>
#include <uapi/linux/udp.h>

/* without the kernel's DEBUG_NET check of the length (GRO_LEGACY_MAX_SIZE) */
static inline void udp_set_len_short(struct udphdr *uh, unsigned int len)
{
	uh->len = htons(len);
}

#endif
