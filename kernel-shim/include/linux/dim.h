/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: dynamic interrupt moderation. rdma/ib_verbs.h keeps a
 * pointer to a struct dim in each CQ (never set here) and expects
 * ktime_t from this header's chain.
 */
#ifndef _DMALAB_LINUX_DIM_H
#define _DMALAB_LINUX_DIM_H

#include <linux/ktime.h>

struct dim;

#endif
