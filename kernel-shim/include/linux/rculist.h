/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: RCU lists as plain lists with release stores (see rcupdate.h). */
#ifndef _DMALAB_LINUX_RCULIST_H
#define _DMALAB_LINUX_RCULIST_H
#include <linux/list.h>
#include <linux/rcupdate.h>

static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	list_add(new, head);
}
static inline void list_add_tail_rcu(struct list_head *new, struct list_head *head)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	list_add_tail(new, head);
}
static inline void list_del_rcu(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->prev = LIST_POISON2;
}
#define list_for_each_entry_rcu(pos, head, member, ...) \
	list_for_each_entry(pos, head, member)
#endif
