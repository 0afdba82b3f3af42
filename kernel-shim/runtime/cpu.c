// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUs, per-cpu memory, CPU hotplug callbacks, deferred work, jiffies.
 *
 * One thread is one CPU: dmalab_set_cpu() says which. Per-cpu allocations
 * come from an arena of CONFIG_NR_CPUS units, DMALAB_PCPU_UNIT apart, so
 * per_cpu_ptr() is an addition as in the kernel; the __percpu pointer
 * itself points into a unit that is never mapped. Work items run only when
 * the harness drains them (dmalab_run_deferred_work()): runs are repeatable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#include <linux/percpu.h>
#include <linux/cpuhotplug.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/slab.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

__thread unsigned int dmalab_this_cpu;
__thread int dmalab_pagefault_disabled;
unsigned int nr_cpu_ids = 4;
unsigned long volatile jiffies;

static unsigned long pcpu_live;		/* per-cpu allocations not freed */

int dmalab_set_nr_cpus(unsigned int nr)
{
	if (!nr || nr > CONFIG_NR_CPUS)
		return -EINVAL;
	/* possible CPUs never change under live per-cpu data in the kernel */
	if (pcpu_live && nr != nr_cpu_ids)
		return -EBUSY;
	nr_cpu_ids = nr;
	if (dmalab_this_cpu >= nr)
		dmalab_this_cpu = 0;
	return 0;
}

unsigned int dmalab_nr_cpus(void)
{
	return nr_cpu_ids;
}

void dmalab_set_cpu(unsigned int cpu)
{
	BUG_ON(cpu >= nr_cpu_ids);
	dmalab_this_cpu = cpu;
}

unsigned int dmalab_cpu(void)
{
	return dmalab_this_cpu;
}

/* ---- per-cpu arena: first-fit over unit 0, mirrored in every unit ---- */

struct pcpu_chunk {
	size_t off, size;
	size_t charged;		/* bytes accounted: size * CPUs at allocation */
	bool used;
};

/* bytes poisoned after each chunk's copies (ASan builds) */
#define PCPU_REDZONE	32

static char *pcpu_base;
static size_t pcpu_top;			/* bytes of unit 0 ever handed out */
static struct pcpu_chunk *pcpu_chunks;
static size_t pcpu_nr, pcpu_cap;
static spinlock_t pcpu_lock;

static void *pcpu_alloc(size_t size, size_t align, gfp_t gfp)
{
	size_t i, off;
	void *p = NULL;

	if (dmalab_should_fail(gfp))
		return NULL;
	if (!pcpu_base) {
		/*
		 * Unit 0 is what the __percpu pointers point into, never mapped:
		 * as in the kernel, a __percpu pointer used without
		 * per_cpu_ptr() (a single-queue pointer taken for a per-cpu one)
		 * faults. CPU n's copies are unit n + 1.
		 */
		pcpu_base = mmap(NULL, (CONFIG_NR_CPUS + 1) * DMALAB_PCPU_UNIT, PROT_NONE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (pcpu_base == MAP_FAILED ||
		    mprotect(pcpu_base + DMALAB_PCPU_UNIT, CONFIG_NR_CPUS * DMALAB_PCPU_UNIT,
			     PROT_READ | PROT_WRITE))
			abort();
	}
	size = ALIGN(size ? size : 1, 8);
	if (align < 8)
		align = 8;
	spin_lock(&pcpu_lock);
	for (i = 0; i < pcpu_nr; i++) {
		struct pcpu_chunk *c = &pcpu_chunks[i];

		if (!c->used && c->size == size && IS_ALIGNED(c->off, align)) {
			c->used = true;
			c->charged = size * nr_cpu_ids;
			p = pcpu_base + c->off;
			goto out;
		}
	}
	/* a poisoned gap after every chunk: an overrun of one copy is caught */
	off = ALIGN(pcpu_top + PCPU_REDZONE, align);
	if (off + size > DMALAB_PCPU_UNIT)
		goto out;
	if (pcpu_nr == pcpu_cap) {
		pcpu_cap = pcpu_cap ? 2 * pcpu_cap : 64;
		pcpu_chunks = realloc(pcpu_chunks, pcpu_cap * sizeof(*pcpu_chunks));
		if (!pcpu_chunks)
			abort();
	}
	pcpu_chunks[pcpu_nr++] = (struct pcpu_chunk){ off, size, size * nr_cpu_ids, true };
	pcpu_top = off + size;
	p = pcpu_base + off;
out:
	spin_unlock(&pcpu_lock);
	if (p) {
		unsigned int cpu;

		/*
		 * The possible CPUs' copies: the others are never reached
		 * (for_each_possible_cpu), and the CPU count cannot change
		 * while this lives (dmalab_set_nr_cpus(): -EBUSY). Not all
		 * CONFIG_NR_CPUS: 64 pages touched for every allocation.
		 */
		for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
			dmalab_unpoison(per_cpu_ptr(p, cpu), size);
			dmalab_poison((char *)per_cpu_ptr(p, cpu) + size, PCPU_REDZONE);
			memset(per_cpu_ptr(p, cpu), 0, size);
		}
		dmalab_account(1, size * nr_cpu_ids, size * nr_cpu_ids);
		__atomic_add_fetch(&pcpu_live, 1, __ATOMIC_RELAXED);
	}
	return p;
}

void *__alloc_percpu(size_t size, size_t align)
{
	return pcpu_alloc(size, align, GFP_KERNEL);
}

void *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	return pcpu_alloc(size, align, gfp);
}

void free_percpu(void *p)
{
	size_t i, off, charged;
	unsigned int cpu;

	if (!p)
		return;
	off = (char *)p - pcpu_base;
	spin_lock(&pcpu_lock);
	for (i = 0; i < pcpu_nr; i++)
		if (pcpu_chunks[i].off == off && pcpu_chunks[i].used)
			break;
	if (i == pcpu_nr) {
		spin_unlock(&pcpu_lock);
		dmalab_bug(__FILE__, __LINE__, __func__, "free_percpu() of a pointer not allocated");
	}
	pcpu_chunks[i].used = false;
	charged = pcpu_chunks[i].charged;
	/* a copy used after free_percpu() is caught (until the chunk is reused) */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		dmalab_poison(per_cpu_ptr(p, cpu), pcpu_chunks[i].size);
	spin_unlock(&pcpu_lock);
	dmalab_account(-1, -(long)charged, -(long)charged);
	__atomic_sub_fetch(&pcpu_live, 1, __ATOMIC_RELAXED);
}

/* ---- CPU hotplug: multi-instance teardown callbacks only ---- */

static struct {
	int (*teardown)(unsigned int cpu, struct hlist_node *node);
	struct hlist_node *instances[64];
	unsigned int nr;
	bool set_up;
} cpuhp[CPUHP_DMALAB_NR_STATES];

int cpuhp_setup_state_multi(enum cpuhp_state state, const char *name,
			    int (*startup)(unsigned int, struct hlist_node *),
			    int (*teardown)(unsigned int, struct hlist_node *))
{
	BUG_ON(state <= CPUHP_OFFLINE || state >= CPUHP_DMALAB_NR_STATES);
	if (cpuhp[state].set_up)
		return -EBUSY;
	cpuhp[state].teardown = teardown;
	cpuhp[state].set_up = true;
	cpuhp[state].nr = 0;
	return 0;
}

int cpuhp_state_add_instance_nocalls(enum cpuhp_state state, struct hlist_node *node)
{
	if (!cpuhp[state].set_up)
		return -EINVAL;
	if (cpuhp[state].nr == ARRAY_SIZE(cpuhp[state].instances))
		dmalab_unimplemented("more than 64 cpuhp instances of one state");
	cpuhp[state].instances[cpuhp[state].nr++] = node;
	return 0;
}

int cpuhp_state_remove_instance_nocalls(enum cpuhp_state state, struct hlist_node *node)
{
	unsigned int i;

	for (i = 0; i < cpuhp[state].nr; i++)
		if (cpuhp[state].instances[i] == node) {
			cpuhp[state].instances[i] = cpuhp[state].instances[--cpuhp[state].nr];
			return 0;
		}
	return -ENOENT;
}

void cpuhp_remove_multi_state(enum cpuhp_state state)
{
	WARN(cpuhp[state].nr, "cpuhp state %d removed with %u instances", state,
	     cpuhp[state].nr);
	cpuhp[state].set_up = false;
}

void dmalab_cpu_dead(unsigned int cpu)
{
	unsigned int s, i;

	for (s = 0; s < CPUHP_DMALAB_NR_STATES; s++)
		for (i = 0; cpuhp[s].set_up && cpuhp[s].teardown && i < cpuhp[s].nr; i++)
			/* kernel/cpu.c: _cpu_down() WARNs "DEAD callback error" */
			WARN(cpuhp[s].teardown(cpu, cpuhp[s].instances[i]),
			     "DEAD callback error for CPU%u", cpu);
}

/* ---- work ---- */

struct workqueue_struct {
	const char *name;
};

static struct workqueue_struct system_wq_storage = { "events" };
struct workqueue_struct *system_wq = &system_wq_storage;

static struct work_struct *work_head, **work_tail = &work_head;
static unsigned long work_nr;
static spinlock_t work_lock;

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	bool queued = false;

	spin_lock(&work_lock);
	if (!work->pending) {
		work->pending = true;
		work->next = NULL;
		*work_tail = work;
		work_tail = &work->next;
		work_nr++;
		queued = true;
	}
	spin_unlock(&work_lock);
	return queued;
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
			unsigned long delay)
{
	dw->delay = delay;
	return queue_work(wq, &dw->work);
}

static bool unqueue(struct work_struct *work)
{
	struct work_struct **pp;
	bool found = false;

	spin_lock(&work_lock);
	for (pp = &work_head; *pp; pp = &(*pp)->next)
		if (*pp == work) {
			*pp = work->next;
			if (work_tail == &work->next)
				work_tail = pp;
			work->pending = false;
			work_nr--;
			found = true;
			break;
		}
	spin_unlock(&work_lock);
	return found;
}

bool cancel_work_sync(struct work_struct *work)
{
	return unqueue(work);
}

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	return unqueue(&dw->work);
}

bool cancel_delayed_work(struct delayed_work *dw)
{
	return unqueue(&dw->work);
}

void flush_work(struct work_struct *work)
{
	if (unqueue(work))
		work->func(work);
}

/* ---- timers: pending until the harness lets time pass ---- */

static struct timer_list *timer_head;
static unsigned long timer_nr;

void timer_setup(struct timer_list *timer, void (*fn)(struct timer_list *),
		 unsigned int flags)
{
	timer->function = fn;
	timer->pending = false;
	timer->next = NULL;
}

static bool timer_unqueue(struct timer_list *timer)
{
	struct timer_list **pp;

	for (pp = &timer_head; *pp; pp = &(*pp)->next)
		if (*pp == timer) {
			*pp = timer->next;
			timer->pending = false;
			timer_nr--;
			return true;
		}
	return false;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	bool was;

	spin_lock(&work_lock);
	was = timer_unqueue(timer);
	timer->expires = expires;
	timer->pending = true;
	timer->next = timer_head;
	timer_head = timer;
	timer_nr++;
	spin_unlock(&work_lock);
	return was;
}

int timer_delete(struct timer_list *timer)
{
	bool was;

	spin_lock(&work_lock);
	was = timer_unqueue(timer);
	spin_unlock(&work_lock);
	return was;
}

int timer_delete_sync(struct timer_list *timer)
{
	return timer_delete(timer);
}

unsigned long dmalab_pending_work(void)
{
	return work_nr + timer_nr;
}

/*
 * Take the next timer off the queue: due_only, the earliest one due by
 * jiffies; else the first queued, time moving on to its expiry.
 */
static struct timer_list *timer_take(bool due_only)
{
	struct timer_list **pp, *t = NULL;

	spin_lock(&work_lock);
	for (pp = &timer_head; *pp; pp = &(*pp)->next) {
		if (!due_only) {
			t = *pp;
			break;
		}
		if (time_after_eq(jiffies, (*pp)->expires) &&
		    (!t || time_before((*pp)->expires, t->expires)))
			t = *pp;
	}
	if (t) {
		timer_unqueue(t);
		if (!due_only)
			jiffies = max(jiffies, t->expires);
	}
	spin_unlock(&work_lock);
	return t;
}

unsigned long dmalab_advance_jiffies(unsigned long n)
{
	struct timer_list *timer;
	unsigned long ran = 0;

	jiffies += n;
	while ((timer = timer_take(true))) {
		timer->function(timer);
		ran++;
	}
	return ran;
}

unsigned long dmalab_run_deferred_work(void)
{
	unsigned long ran = 0;

	/* items queued while draining run too, until none is left */
	for (;;) {
		struct timer_list *timer = timer_take(false);

		if (timer) {
			timer->function(timer);
			ran++;
			continue;
		}
		struct work_struct *work;

		spin_lock(&work_lock);
		work = work_head;
		if (work) {
			work_head = work->next;
			if (!work_head)
				work_tail = &work_head;
			work->pending = false;
			work_nr--;
		}
		spin_unlock(&work_lock);
		if (!work)
			return ran;
		work->func(work);
		ran++;
	}
}

DMALAB_NOCOV_END
