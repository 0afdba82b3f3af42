/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: ktime_t as a type only (rdma/ib_verbs.h embeds one in
 * struct ib_cq). No clock: the compiled code never reads the time.
 */
#ifndef _DMALAB_LINUX_KTIME_H
#define _DMALAB_LINUX_KTIME_H

#include <linux/types.h>

typedef s64 ktime_t;

#endif
