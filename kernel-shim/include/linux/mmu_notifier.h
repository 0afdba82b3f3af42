/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: MMU notifiers. rdma/ib_verbs.h includes it for
 * on-demand paging MRs (ib_umem_odp), which are not modelled.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_MMU_NOTIFIER_H
#define _DMALAB_LINUX_MMU_NOTIFIER_H

#endif
