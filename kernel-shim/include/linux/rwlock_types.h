/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: rwlock_t as a type only (rdma/ib_verbs.h embeds one in
 * struct ib_device). No lock or unlock is declared: code that takes one
 * fails to compile, and none of the compiled files does.
 */
#ifndef _DMALAB_LINUX_RWLOCK_TYPES_H
#define _DMALAB_LINUX_RWLOCK_TYPES_H

typedef struct {
	int locked;
} rwlock_t;

#endif
