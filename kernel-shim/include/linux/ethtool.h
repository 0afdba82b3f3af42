/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: ethtool. rdma/ib_verbs.h includes it for
 * ib_query_port()'s speed helpers, which the code compiled here never uses.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_ETHTOOL_H
#define _DMALAB_LINUX_ETHTOOL_H

#endif
