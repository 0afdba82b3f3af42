// SPDX-License-Identifier: GPL-2.0-only
/*
 * The slab allocator: kmalloc size classes and kmem_caches on top of the
 * page allocator, so that every object has a physical address in the memory
 * model (dma_map_single() and page-table code need virt_to_phys()).
 *
 * Accounting charges what SLUB would: the size class for kmalloc, the
 * aligned object size for a cache, whole pages above 8 KiB. Each object
 * remembers its allocation site for leak reports. Under ASan, exactly the
 * requested bytes are addressable (as with KASAN) and freed objects wait in
 * a quarantine before reuse, so overruns and uses after free are reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include <linux/slab.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

struct kmem_cache {
	const char *name;
	unsigned int object_size;	/* what the creator asked for */
	unsigned int size;		/* with alignment: what is charged */
	unsigned int align;
	unsigned int order;		/* of each slab */
	unsigned int per_slab;
	uint64_t recip;			/* ceil(2^40 / size): offset / size by a multiply */
	void (*ctor)(void *);
	spinlock_t lock;
	void **free;			/* stack of free objects (host memory) */
	size_t nr_free, cap_free;
	void **quarantine;		/* ring of recently freed objects */
	size_t q_head, q_len;
	int mag;			/* this cache's magazine in each thread, or -1 */
	unsigned long mag_epoch;	/* tells its magazines from a dead cache's */
	struct slab_meta **slabs;	/* every slab of the cache (host memory,
					   which also keeps LeakSanitizer from
					   calling the metadata leaked) */
	size_t nr_slabs, cap_slabs;
	struct kmem_cache *next;	/* in all_caches */
};

/* Per slab page (struct page->private of the slab's head page). */
struct slab_meta {
	struct kmem_cache *cache;
	struct page *page;
	struct {
		const char *site;	/* allocation site, NULL while free */
		unsigned int size;	/* requested size */
	} obj[];
};

/* SLUB's POISON_FREE (include/linux/poison.h): what a new object holds */
#define SLAB_UNINIT_POISON	0x6b

#ifdef DMALAB_ASAN
#define QUARANTINE	256
#else
#define QUARANTINE	0
#endif
#define QMOD		(QUARANTINE ? QUARANTINE : 1)	/* for the modulo */

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
#define NR_KMALLOC ARRAY_SIZE(kmalloc_sizes)

static struct kmem_cache kmalloc_caches[NR_KMALLOC];
static struct kmem_cache *all_caches;
static spinlock_t caches_lock;

/*
 * Accounting: per-thread counters (dmalab_thread_slot()), summed when
 * read, so that kmalloc and kfree take no global lock (SLUB's fast path
 * takes none either). Only `failed` is global: injection is single-threaded.
 */
struct slab_counters {
	uint64_t allocs, frees;
	int64_t live_objects, live_bytes, live_requested;
} __attribute__((aligned(64)));
static struct slab_counters counters[DMALAB_THREAD_SLOTS];
static unsigned long failed;

/*
 * Magazines: each thread keeps up to MAG_SIZE free objects of each of the
 * first MAG_CACHES caches and allocates from them, and (without ASan's
 * quarantine) frees into them, without the cache's lock; it trades
 * MAG_SIZE / 2 at a time with the cache's shared stack under the lock.
 * SLUB's per-CPU slabs, one thread being one CPU. A destroyed cache's
 * magazines are recognised by its epoch and dropped.
 */
#define MAG_SIZE	32
#define MAG_CACHES	32
struct magazine {
	unsigned long epoch;
	unsigned int nr;
	void *obj[MAG_SIZE];
};
static __thread struct magazine mags[MAG_CACHES];
static uint32_t mags_used;		/* bit n: magazine n has a cache */
static unsigned long mag_epochs;

/* failure injection */
static unsigned long fail_every, fail_at, fail_attempts;
static uint64_t fail_rng;
static unsigned int fail_permille;

/* ---- accounting and failure injection ---- */

void dmalab_account(long objects, long bytes, long requested)
{
	struct slab_counters *c = &counters[dmalab_thread_slot()];

	if (objects > 0)
		dmalab_counter_add(&c->allocs, objects);
	else
		dmalab_counter_add(&c->frees, -objects);
	dmalab_counter_add(&c->live_objects, objects);
	dmalab_counter_add(&c->live_bytes, bytes);
	dmalab_counter_add(&c->live_requested, requested);
}

void dmalab_slab_stats(struct dmalab_slab_stats *st)
{
	int64_t objects = 0, bytes = 0, requested = 0;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < DMALAB_THREAD_SLOTS; i++) {
		struct slab_counters *c = &counters[i];

		st->allocs += dmalab_counter_read(&c->allocs);
		st->frees += dmalab_counter_read(&c->frees);
		objects += dmalab_counter_read(&c->live_objects);
		bytes += dmalab_counter_read(&c->live_bytes);
		requested += dmalab_counter_read(&c->live_requested);
	}
	st->live_objects = objects;
	st->live_bytes = bytes;
	st->live_requested = requested;
	st->failed = __atomic_load_n(&failed, __ATOMIC_RELAXED);
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

bool dmalab_should_fail(gfp_t gfp)
{
	bool fail = false;

	if (!fail_every && !fail_at && !fail_permille)
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	fail_attempts++;
	if (fail_every && fail_attempts % fail_every == 0)
		fail_at = 0, fail = true;
	if (fail_at && fail_attempts == fail_at)
		fail = true;
	if (fail_permille && splitmix64(&fail_rng) % 1000 < fail_permille)
		fail = true;
	if (fail)
		__atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
	return fail;
}

void dmalab_fail_every_nth(unsigned long n)
{
	dmalab_fail_off();
	fail_every = n;
}

void dmalab_fail_nth(unsigned long n)
{
	dmalab_fail_off();
	fail_at = n;
}

void dmalab_fail_random(uint64_t seed, unsigned int permille)
{
	dmalab_fail_off();
	fail_rng = seed;
	fail_permille = permille;
}

void dmalab_fail_off(void)
{
	fail_every = fail_at = fail_attempts = 0;
	fail_permille = 0;
}

unsigned long dmalab_fail_attempts(void)
{
	return fail_attempts;
}

/* ---- caches ---- */

size_t dmalab_kmalloc_size_class(size_t size)
{
	unsigned int i;

	for (i = 0; i < NR_KMALLOC; i++)
		if (size <= kmalloc_sizes[i])
			return kmalloc_sizes[i];
	return 0;
}

static void cache_init(struct kmem_cache *c, const char *name, unsigned int size,
		       unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	unsigned int slab_bytes;

	memset(c, 0, sizeof(*c));
	c->name = name;
	c->object_size = size;
	c->ctor = ctor;
	/* SLUB's calculate_alignment() */
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = cache_line_size();

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	c->align = align;
	c->size = ALIGN(size, align);
	c->recip = ((1ULL << 40) + c->size - 1) / c->size;
	/* slabs of at least 8 objects, at most order 3 */
	slab_bytes = c->size * 8;
	c->order = slab_bytes <= PAGE_SIZE ? 0 : min(3, get_order(slab_bytes));
	c->per_slab = (PAGE_SIZE << c->order) / c->size;
	if ((PAGE_SIZE << c->order) > (1UL << 20))
		dmalab_bug(__FILE__, __LINE__, __func__, "slab above 1 MiB: obj_meta()'s reciprocal");
	if (QUARANTINE)
		c->quarantine = calloc(QUARANTINE, sizeof(void *));
	spin_lock(&caches_lock);
	c->next = all_caches;
	all_caches = c;
	c->mag = mags_used == ~0U ? -1 : __builtin_ctz(~mags_used);
	if (c->mag >= 0)
		mags_used |= 1U << c->mag;
	c->mag_epoch = ++mag_epochs;
	spin_unlock(&caches_lock);
}

/* The calling thread's magazine of c (emptied if a dead cache's), or NULL. */
static struct magazine *cache_magazine(struct kmem_cache *c)
{
	struct magazine *m;

	static_assert(MAG_CACHES <= 32);
	if (c->mag < 0)
		return NULL;
	m = &mags[c->mag];
	if (unlikely(m->epoch != c->mag_epoch)) {
		m->epoch = c->mag_epoch;
		m->nr = 0;
	}
	return m;
}

static void __attribute__((constructor(102))) slab_init(void)
{
	static char names[NR_KMALLOC][16];
	unsigned int i;

	for (i = 0; i < NR_KMALLOC; i++) {
		unsigned int s = kmalloc_sizes[i];

		snprintf(names[i], sizeof(names[i]), "kmalloc-%u", s);
		/* power-of-two kmalloc sizes are naturally aligned */
		cache_init(&kmalloc_caches[i], names[i], s,
			   (s & (s - 1)) ? 8 : s, 0, NULL);
	}
}

static void push_obj(struct kmem_cache *c, void *obj)
{
	if (c->nr_free == c->cap_free) {
		c->cap_free = c->cap_free ? 2 * c->cap_free : 64;
		c->free = realloc(c->free, c->cap_free * sizeof(void *));
		if (!c->free)
			abort();
	}
	c->free[c->nr_free++] = obj;
}

static bool grow(struct kmem_cache *c, gfp_t gfp)
{
	struct page *page;
	struct slab_meta *meta;
	char *base;
	unsigned int i;

	/* slab pages are not objects: only what is carved from them counts */
	/* failure injection applies to the object, not to slab growth */
	page = dmalab_alloc_pages((gfp & ~__GFP_ZERO) | __GFP_NOFAIL, c->order,
				  c->name, false);
	if (!page)
		return false;
	meta = calloc(1, sizeof(*meta) + c->per_slab * sizeof(meta->obj[0]));
	if (!meta)
		abort();
	meta->cache = c;
	meta->page = page;
	if (c->nr_slabs == c->cap_slabs) {
		c->cap_slabs = c->cap_slabs ? 2 * c->cap_slabs : 16;
		c->slabs = realloc(c->slabs, c->cap_slabs * sizeof(*c->slabs));
		if (!c->slabs)
			abort();
	}
	c->slabs[c->nr_slabs++] = meta;
	page->flags |= PG_dmalab_slab;
	page->private = (unsigned long)meta;
	base = page_address(page);
	dmalab_poison(base, PAGE_SIZE << c->order);
	for (i = c->per_slab; i-- > 0;)
		push_obj(c, base + (size_t)i * c->size);
	return true;
}

static struct slab_meta *obj_meta(const void *obj, unsigned int *idx)
{
	struct page *page = compound_head(virt_to_page(obj));
	struct slab_meta *meta = (struct slab_meta *)page->private;

	/*
	 * offset / size without a divide (the fast paths' costliest
	 * instruction): offsets and sizes are below 2^20 (cache_init()), so
	 * the reciprocal's error, under 2^-20, never reaches the next integer
	 * (1 / size > 2^-20), and the product stays below 2^60.
	 */
	*idx = ((uint64_t)((const char *)obj - (const char *)page_address(page)) *
		meta->cache->recip) >> 40;
	return meta;
}

/*
 * One object from the shared stack, and (m not NULL) half a magazine more
 * into m, under the cache's lock.
 */
static void *take_shared(struct kmem_cache *c, gfp_t gfp, struct magazine *m)
{
	void *obj;

	spin_lock(&c->lock);
	if (!c->nr_free && !grow(c, gfp)) {
		spin_unlock(&c->lock);
		return NULL;
	}
	obj = c->free[--c->nr_free];
	while (m && m->nr < MAG_SIZE / 2 && c->nr_free)
		m->obj[m->nr++] = c->free[--c->nr_free];
	spin_unlock(&c->lock);
	return obj;
}

static void *cache_alloc(struct kmem_cache *c, size_t size, gfp_t gfp, const char *site)
{
	struct magazine *m;
	struct slab_meta *meta;
	unsigned int idx;
	void *obj;

	if (dmalab_should_fail(gfp))
		return NULL;
	m = cache_magazine(c);
	if (m && m->nr)
		obj = m->obj[--m->nr];
	else
		obj = take_shared(c, gfp, m);
	if (!obj)
		return NULL;
	/* the object is this thread's now: its metadata too */
	meta = obj_meta(obj, &idx);
	meta->obj[idx].site = site;
	meta->obj[idx].size = size;

	dmalab_unpoison(obj, size);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, size);
	else if (c->ctor)
		c->ctor(obj);
#ifdef DMALAB_ASAN
	/*
	 * as slub_debug=P hands it out: a read before a write is garbage
	 * (the sanitizer builds only: the benchmarks time what SLUB does)
	 */
	else
		memset(obj, SLAB_UNINIT_POISON, size);
#endif
	dmalab_account(1, c->size, size);
	return obj;
}

/* Give obj back to the shared stack (through the quarantine under ASan). */
static void put_shared(struct kmem_cache *c, void *obj)
{
	spin_lock(&c->lock);
	if (QUARANTINE) {
		if (c->q_len == QUARANTINE) {	/* the oldest becomes reusable */
			push_obj(c, c->quarantine[c->q_head]);
			c->q_head = (c->q_head + 1) % QMOD;
			c->q_len--;
		}
		c->quarantine[(c->q_head + c->q_len) % QMOD] = obj;
		c->q_len++;
	} else {
		push_obj(c, obj);
	}
	spin_unlock(&c->lock);
}

static void cache_free(struct kmem_cache *c, void *obj, const char *who)
{
	struct magazine *m;
	struct slab_meta *meta;
	unsigned int idx;
	size_t requested;

	meta = obj_meta(obj, &idx);
	if (meta->cache != c || (char *)obj != (char *)page_address(
		compound_head(virt_to_page(obj))) + (size_t)idx * c->size)
		dmalab_bug(__FILE__, __LINE__, who, "freeing a pointer that is not an object of this cache");
	if (!meta->obj[idx].site)
		dmalab_bug(__FILE__, __LINE__, who, "double free");
	requested = meta->obj[idx].size;
	meta->obj[idx].site = NULL;
	dmalab_poison(obj, c->size);

	/* under ASan every free goes through the quarantine */
	m = QUARANTINE ? NULL : cache_magazine(c);
	if (m) {
		if (m->nr == MAG_SIZE) {
			spin_lock(&c->lock);
			while (m->nr > MAG_SIZE / 2)
				push_obj(c, m->obj[--m->nr]);
			spin_unlock(&c->lock);
		}
		m->obj[m->nr++] = obj;
	} else {
		put_shared(c, obj);
	}
	dmalab_account(-1, -(long)c->size, -(long)requested);
}

/* ---- the kernel's slab API ---- */

void *__dmalab_kmalloc(size_t size, gfp_t gfp, const char *site)
{
	struct page *page;
	unsigned int i;

	if (!size)
		return ZERO_SIZE_PTR;
	for (i = 0; i < NR_KMALLOC; i++)
		if (size <= kmalloc_sizes[i])
			return cache_alloc(&kmalloc_caches[i], size, gfp, site);

	/* large kmalloc: straight from the page allocator, as SLUB does */
	page = dmalab_alloc_pages(gfp, get_order(size), site, false);
	if (!page)
		return NULL;
	page->flags |= PG_dmalab_large;
	page->private = size;
	dmalab_account(1, PAGE_SIZE << get_order(size), size);
	dmalab_poison((char *)page_address(page) + size,
		      (PAGE_SIZE << get_order(size)) - size);
	return page_address(page);
}

void kfree(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	if ((const char *)p < dmalab_direct_map ||
	    (const char *)p >= dmalab_direct_map + (DMALAB_KMEM_END_PFN << PAGE_SHIFT))
		dmalab_bug(__FILE__, __LINE__, __func__, "kfree() of a pointer kmalloc() did not return");
	page = compound_head(virt_to_page(p));
	if (page->flags & PG_dmalab_slab) {
		struct kmem_cache *c = ((struct slab_meta *)page->private)->cache;

		if (c < kmalloc_caches || c >= kmalloc_caches + NR_KMALLOC)
			dmalab_bug(__FILE__, __LINE__, __func__, "kfree() of a kmem_cache object");
		cache_free(c, (void *)p, __func__);
	} else if (page->flags & PG_dmalab_large) {
		if (p != page_address(page))
			dmalab_bug(__FILE__, __LINE__, __func__, "kfree() of an interior pointer");
		dmalab_account(-1, -(long)(PAGE_SIZE << folio_order((struct folio *)page)),
			       -(long)page->private);
		dmalab_free_pages(page, folio_order((struct folio *)page));
	} else {
		dmalab_bug(__FILE__, __LINE__, __func__, "kfree() of a pointer kmalloc() did not return");
	}
}

void kvfree(const void *p)
{
	kfree(p);
}

void kfree_sensitive(const void *p)
{
	kfree(p);
}

size_t ksize(const void *p)
{
	struct page *page = compound_head(virt_to_page(p));

	if (page->flags & PG_dmalab_slab)
		return ((struct slab_meta *)page->private)->cache->size;
	return PAGE_SIZE << folio_order((struct folio *)page);
}

size_t kmalloc_size_roundup(size_t size)
{
	size_t c = dmalab_kmalloc_size_class(size);

	return c ? c : PAGE_SIZE << get_order(size);
}

void *__dmalab_krealloc(const void *p, size_t size, gfp_t gfp, const char *site)
{
	void *n;
	size_t old;

	if (ZERO_OR_NULL_PTR(p))
		return __dmalab_kmalloc(size, gfp, site);
	if (!size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	n = __dmalab_kmalloc(size, gfp, site);
	if (!n)
		return NULL;
	old = ksize(p);
	dmalab_unpoison((void *)p, old);	/* copy whatever the old object held */
	memcpy(n, p, min(old, size));
	kfree(p);
	return n;
}

struct kmem_cache *__dmalab_cache_create(const char *name, unsigned int size,
					 unsigned int align, slab_flags_t flags,
					 void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	cache_init(c, name, size, align, flags, ctor);
	return c;
}

void *__dmalab_cache_alloc(struct kmem_cache *c, gfp_t gfp, const char *site)
{
	return cache_alloc(c, c->object_size, gfp, site);
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	if (p)
		cache_free(c, p, __func__);
}

/* Objects of c allocated and not freed (destroy is rare: count them). */
static unsigned long cache_live(struct kmem_cache *c)
{
	unsigned long n = 0;
	size_t i;
	unsigned int j;

	spin_lock(&c->lock);
	for (i = 0; i < c->nr_slabs; i++)
		for (j = 0; j < c->per_slab; j++)
			n += !!c->slabs[i]->obj[j].site;
	spin_unlock(&c->lock);
	return n;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	struct kmem_cache **pp;

	if (!c)
		return;
	if (cache_live(c)) {
		/* the kernel keeps the cache and complains; so do we */
		printk(KERN_ERR "kmem_cache_destroy %s: Slab cache still has objects\n", c->name);
		WARN_ON(1);
		return;
	}
	spin_lock(&caches_lock);
	for (pp = &all_caches; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	/* its objects in any thread's magazine go with its slabs */
	if (c->mag >= 0)
		mags_used &= ~(1U << c->mag);
	spin_unlock(&caches_lock);
	for (size_t i = 0; i < c->nr_slabs; i++) {
		dmalab_free_pages(c->slabs[i]->page, c->order);
		free(c->slabs[i]);
	}
	free(c->slabs);
	free(c->free);
	free(c->quarantine);
	free(c);
}

/* ---- leaks ---- */

static unsigned long for_each_live_object(bool report)
{
	unsigned long pfn, n = 0;

	for (pfn = DMALAB_KMEM_FIRST_PFN; pfn < DMALAB_KMEM_END_PFN; pfn++) {
		struct page *page = pfn_to_page(pfn);
		struct slab_meta *meta;
		unsigned int i;

		if (!(page->flags & PG_dmalab_slab))
			continue;
		meta = (struct slab_meta *)page->private;
		for (i = 0; i < meta->cache->per_slab; i++) {
			if (!meta->obj[i].site)
				continue;
			if (report)
				printk(KERN_ERR "dmalab: leaked %s object (%u bytes) from %s\n",
				       meta->cache->name, meta->obj[i].size, meta->obj[i].site);
			else
				meta->obj[i].site = NULL;
			n++;
		}
	}
	return n;
}

unsigned long dmalab_slab_report_leaks(void)
{
	return for_each_live_object(true) + dmalab_report_page_leaks();
}

void dmalab_slab_forget_all(void)
{
	unsigned int i;

	for_each_live_object(false);
	dmalab_forget_pages();
	for (i = 0; i < DMALAB_THREAD_SLOTS; i++) {
		dmalab_counter_add(&counters[i].live_objects, -counters[i].live_objects);
		dmalab_counter_add(&counters[i].live_bytes, -counters[i].live_bytes);
		dmalab_counter_add(&counters[i].live_requested, -counters[i].live_requested);
	}
}

DMALAB_NOCOV_END

/* ---- ownership (dmalab/runtime.h) ---- */

const char *dmalab_slab_owner(const void *p)
{
	struct page *page;
	struct slab_meta *meta;
	unsigned int idx;

	if (ZERO_OR_NULL_PTR(p) || (const char *)p < dmalab_direct_map ||
	    (const char *)p >= dmalab_direct_map + (DMALAB_KMEM_END_PFN << PAGE_SHIFT))
		return NULL;
	page = compound_head(virt_to_page(p));
	if (page->flags & PG_dmalab_large)
		return p == page_address(page) ? "kmalloc (pages)" : NULL;
	if (!(page->flags & PG_dmalab_slab))
		return NULL;
	meta = obj_meta(p, &idx);
	if ((const char *)p != (const char *)page_address(page) + (size_t)idx * meta->cache->size)
		return NULL;
	return meta->obj[idx].site;
}
