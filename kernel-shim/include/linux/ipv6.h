/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: struct ipv6hdr, from the tree's uapi header (tso_build_hdr()). */
#ifndef _DMALAB_LINUX_IPV6_H
#define _DMALAB_LINUX_IPV6_H

#include <uapi/linux/ipv6.h>

#endif
