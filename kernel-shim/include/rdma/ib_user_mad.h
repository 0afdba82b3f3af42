/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the uapi header by its short name, as the kernel's search
 * path (include/uapi) finds it for the uapi headers that include it so.
 */
#ifndef _DMALAB_RDMA_IB_USER_MAD_H
#define _DMALAB_RDMA_IB_USER_MAD_H

#include <uapi/rdma/ib_user_mad.h>

#endif
