/*
 * prefix_table.c -- the hash and path-compressed binary trie of
 * prefix_table.h.
 *
 * An element of the entry pool is in one of four states:
 *   free      flags 0
 *   pending   F_USED | F_PENDING   in the hash, not yet in the trie
 *   linked    F_USED               in the hash and the trie
 *   dead      F_USED | F_DEAD      removed: in the trie only, as a branch
 *                                  point, until compaction
 *
 * Trie invariants:
 *  - a node's key has no bits set past its length;
 *  - along any path from the root lengths strictly increase, and a child
 *    in child[b] continues its parent's key with bit b at the parent's
 *    length;
 *  - a glue node has two children; entries, live or dead, may have zero,
 *    one or two (compaction removes dead ones and glue with fewer).
 *
 * Keys are host-order 32-bit words, most significant first: a bit test is
 * a shift, the common length of two keys a count of leading zeros.
 *
 * Handles: element number << 1 | 1 for the entry pool, << 1 for glue; 0 is
 * no node (element 0 of each pool is never handed out). Hash slots hold an
 * entry element number (26 bits) and 6 more bits of its hash, so most
 * probes that do not match are told apart without touching the entry;
 * removal leaves a tombstone (reused by inserts, cleared by rehashing), so
 * it touches no other entry.
 */
#include "prefix_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xxhash.h>

#if defined(__SANITIZE_ADDRESS__)
#define PT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PT_ASAN 1
#endif
#endif
#ifdef PT_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

#define ELEM_BITS	26
#define POOL_MAX_ELEMS	(UINT32_C(1) << ELEM_BITS)	/* 67M prefixes per family */
#define SLOT_ELEM(s)	((s) & (POOL_MAX_ELEMS - 1))
#define SLOT_TAG(h)	((uint32_t)((h) >> 58) << ELEM_BITS)
#define SLOT_TOMB	POOL_MAX_ELEMS	/* a removed entry's slot: element 0 is never used */
#define MIN_SLOTS	64u
#define HUGE_PAGE	((size_t)2 << 20)
#define COMMIT_MIN	((size_t)64 << 10)
#define BATCH		65536u		/* pending entries sorted and linked at a time (1 MiB of sort records) */

#define F_USED		0x01
#define F_PENDING	0x02
#define F_DEAD		0x04
#define F_LISTED	0x08	/* pt_flush: already taken into this batch */

struct pt_node {
	uint32_t child[2];
	uint8_t plen;
	uint8_t flags;
	uint16_t spare;
};

struct pt_node4 {
	struct pt_node n;
	uint32_t key[1];
};

struct pt_node6 {
	struct pt_node n;
	uint32_t key[4];
};

/* what stays readable in a freed element: the header (free link in child[0], flags) */
#define KEEP_READABLE	sizeof(struct pt_node)

_Static_assert(sizeof(struct pt_node4) == 16, "IPv4 node is 16 octets");
_Static_assert(sizeof(struct pt_node6) == 28, "IPv6 node is 28 octets");

static inline size_t
round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* ---- pools ---- */

static void
pool_init(struct pt_pool *p, size_t elem_size)
{
	memset(p, 0, sizeof(*p));
	p->elem_size = (uint32_t)round8(elem_size);
	p->next = 1;
}

static void
pool_destroy(struct pt_pool *p)
{
	if (p->base != NULL) {
		UNPOISON(p->base, p->committed);
		munmap(p->base, p->reserved);
	}
	pool_init(p, p->elem_size);
}

static inline uint8_t *
pool_at(const struct pt_pool *p, uint32_t e)
{
	return p->base + (size_t)e * p->elem_size;
}

/* Reserve the address range: as much as the system lets us, 2 MiB aligned. */
static bool
pool_reserve(struct pt_pool *p)
{
	for (size_t want = (size_t)POOL_MAX_ELEMS * p->elem_size; want >= HUGE_PAGE; want /= 2) {
		size_t len = want + HUGE_PAGE;
		uint8_t *m = mmap(NULL, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (m == MAP_FAILED)
			continue;
		/* trim to a 2 MiB aligned start so huge pages can back it */
		uintptr_t a = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		size_t head = a - (uintptr_t)m;
		if (head > 0)
			munmap(m, head);
		munmap((uint8_t *)a + want, HUGE_PAGE - head);
		p->base = (uint8_t *)a;
		p->reserved = want;
		return true;
	}
	return false;
}

/* Make element e usable: reserve and commit what it needs. */
static bool
pool_commit(struct pt_pool *p, uint32_t e)
{
	size_t need = ((size_t)e + 1) * p->elem_size;

	if (need <= p->committed)
		return true;
	if (p->base == NULL && !pool_reserve(p))
		return false;
	if (need > p->reserved)
		return false;
	/* grow by doubling, in 2 MiB steps past 2 MiB */
	size_t step = p->committed < COMMIT_MIN ? COMMIT_MIN :
	    p->committed < HUGE_PAGE ? p->committed : HUGE_PAGE;
	size_t to = p->committed + step;
	while (to < need)
		to += step;
	if (to > p->reserved)
		to = p->reserved;
	if (mprotect(p->base + p->committed, to - p->committed, PROT_READ | PROT_WRITE) != 0)
		return false;
	POISON(p->base + p->committed, to - p->committed);
	p->committed = to;
	if (!p->huge && p->committed > HUGE_PAGE) {
		/* a big table: huge pages from the second 2 MiB on (small tables stay small) */
		(void)madvise(p->base + HUGE_PAGE, p->reserved - HUGE_PAGE, MADV_HUGEPAGE);
		p->huge = true;
	}
	return true;
}

static uint32_t
pool_alloc(struct pt_table *t, struct pt_pool *p)
{
	uint32_t e;

	if (t->fail_alloc != 0 && --t->fail_alloc == 0)
		return 0;
	if (p->free_head != 0) {
		e = p->free_head;
		uint8_t *m = pool_at(p, e);
		UNPOISON(m, p->elem_size);
		p->free_head = ((struct pt_node *)(void *)m)->child[0];
	} else {
		e = p->next;
		if (e >= POOL_MAX_ELEMS || !pool_commit(p, e))
			return 0;
		p->next++;
		UNPOISON(pool_at(p, e), p->elem_size);
	}
	p->used++;
	return e;
}

static void
pool_free(struct pt_pool *p, uint32_t e)
{
	uint8_t *m = pool_at(p, e);
	struct pt_node *n = (struct pt_node *)(void *)m;

	n->flags = 0;
	n->child[0] = p->free_head;
	p->free_head = e;
	p->used--;
	POISON(m + KEEP_READABLE, p->elem_size - KEEP_READABLE);
}

/* ---- nodes and keys ---- */

static inline struct pt_node *
node_at(const struct pt_table *t, uint32_t h)
{
	const struct pt_pool *p = (h & 1) ? &t->entry : &t->glue;
	return (struct pt_node *)(void *)pool_at(p, h >> 1);
}

static inline struct pt_node *
entry_at(const struct pt_table *t, uint32_t e)
{
	return (struct pt_node *)(void *)pool_at(&t->entry, e);
}

static inline uint32_t *
node_key(const struct pt_table *t, struct pt_node *n)
{
	if (t->words == 1)
		return ((struct pt_node4 *)(void *)n)->key;
	return ((struct pt_node6 *)(void *)n)->key;
}

/* a live entry in the trie (walks and longest match see these) */
static inline bool
is_entry(uint32_t h, const struct pt_node *n)
{
	return (h & 1) && !(n->flags & F_DEAD);
}

static inline void *
node_data(const struct pt_table *t, struct pt_node *n)
{
	return (uint8_t *)n + t->node_size;
}

static inline struct pt_node *
data_node(const struct pt_table *t, const void *data)
{
	return (struct pt_node *)(void *)((uint8_t *)(uintptr_t)data - t->node_size);
}

static inline uint32_t
node_elem(const struct pt_table *t, const struct pt_node *n)
{
	return (uint32_t)(((const uint8_t *)n - t->entry.base) / t->entry.elem_size);
}

static inline unsigned
key_bit(const uint32_t *k, unsigned i)
{
	return k[i >> 5] >> (31 - (i & 31)) & 1;
}

/* Number of leading bits a and b share, at most max. */
static inline unsigned
key_common(const uint32_t *a, const uint32_t *b, unsigned words, unsigned max)
{
	for (unsigned i = 0; i < words && i * 32 < max; i++) {
		uint32_t x = a[i] ^ b[i];
		if (x != 0) {
			unsigned l = i * 32 + (unsigned)__builtin_clz(x);
			return l < max ? l : max;
		}
	}
	return max;
}

static void key_mask(uint32_t *k, unsigned words, unsigned bits);

/* The key of p; bits past its length are cleared (the codec clears them too, RFC 4271 calls them irrelevant). */
static void
key_from_prefix(const struct pt_table *t, const struct prefix *p, uint32_t *k)
{
	for (unsigned i = 0; i < t->words; i++)
		k[i] = get_u32(p->addr + 4 * i);
	key_mask(k, t->words, p->len);
}

static void
key_mask(uint32_t *k, unsigned words, unsigned bits)
{
	for (unsigned i = 0; i < words; i++) {
		if (bits >= 32 * (i + 1))
			continue;
		unsigned keep = bits > 32 * i ? bits - 32 * i : 0;
		k[i] = keep == 0 ? 0 : k[i] & ~(uint32_t)0 << (32 - keep);
	}
}

static void
check_afs(const struct pt_table *t, const struct prefix *p)
{
	if (p->afs != t->afs || p->len > 32u * t->words) {
		fprintf(stderr, "prefix_table: prefix of family %u length %u in a table of family %u\n",
		    p->afs, p->len, t->afs);
		abort();
	}
}

static void
internal_error(const char *what)
{
	fprintf(stderr, "prefix_table: internal error: %s\n", what);
	abort();
}

/* ---- the hash ---- */

static inline uint64_t
key_hash(const struct pt_table *t, const uint32_t *k, unsigned plen)
{
	uint32_t buf[5];

	memcpy(buf, k, 4u * t->words);
	buf[t->words] = plen;
	return XXH3_64bits_withSeed(buf, 4u * (t->words + 1u), t->seed);
}

static inline bool
node_is(const struct pt_table *t, struct pt_node *n, const uint32_t *k, unsigned plen)
{
	return n->plen == plen && key_common(k, node_key(t, n), t->words, plen) == plen;
}

/* The slot index holding k, or -1; *free_slot (if not NULL) gets the first reusable slot. */
static long
hash_find(const struct pt_table *t, const uint32_t *k, unsigned plen, uint64_t h,
    long *free_slot)
{
	long tomb = -1;

	if (t->slots == NULL)
		return -1;
	uint32_t tag = SLOT_TAG(h);
	for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
		uint32_t s = t->slots[i];
		if (s == 0) {
			if (free_slot != NULL)
				*free_slot = tomb >= 0 ? tomb : (long)i;
			return -1;
		}
		if (s == SLOT_TOMB) {
			if (tomb < 0)
				tomb = (long)i;
			continue;
		}
		if ((s & ~(POOL_MAX_ELEMS - 1)) == tag && node_is(t, entry_at(t, SLOT_ELEM(s)), k, plen))
			return (long)i;
	}
}

static void
hash_put(uint32_t *slots, uint32_t mask, uint32_t e, uint64_t h)
{
	uint32_t i = (uint32_t)h & mask;
	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = e | SLOT_TAG(h);
}

/* Slot arrays of 2 MiB and more get huge pages: a random probe then costs a cache miss, not a TLB miss too. */
static uint32_t *
slots_alloc(size_t n)
{
	size_t len = n * sizeof(uint32_t);

	if (len < HUGE_PAGE)
		return calloc(n, sizeof(uint32_t));
	uint8_t *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	size_t head = a - (uintptr_t)m;
	if (head > 0)
		munmap(m, head);
	munmap((uint8_t *)a + len, HUGE_PAGE - head);
	(void)madvise((void *)a, len, MADV_HUGEPAGE);
	return (uint32_t *)a;
}

static void
slots_free(uint32_t *s, size_t n)
{
	if (s == NULL)
		return;
	if (n * sizeof(uint32_t) < HUGE_PAGE)
		free(s);
	else
		munmap(s, n * sizeof(uint32_t));
}

/* Rebuild the index with nslots, from the pool (sequential, not the old slots). */
static bool
hash_resize(struct pt_table *t, uint32_t nslots)
{
	uint32_t *s = slots_alloc(nslots);

	if (s == NULL)
		return false;
	for (uint32_t e = 1; e < t->entry.next; e++) {
		struct pt_node *n = entry_at(t, e);
		if ((n->flags & (F_USED | F_DEAD)) == F_USED)
			hash_put(s, nslots - 1, e, key_hash(t, node_key(t, n), n->plen));
	}
	if (t->slots != NULL)
		slots_free(t->slots, (size_t)t->mask + 1);
	t->slots = s;
	t->mask = nslots - 1;
	t->tombs = 0;
	return true;
}

static bool
hash_reserve(struct pt_table *t)
{
	if (t->slots == NULL)
		return hash_resize(t, MIN_SLOTS);
	size_t cap = (size_t)t->mask + 1;
	if (4 * ((size_t)t->count + t->tombs + 1) <= 3 * cap)
		return true;
	/* full of tombstones: clean at the same size; full of entries: double */
	return hash_resize(t, 4 * ((size_t)t->count + 1) <= 2 * cap ? (uint32_t)cap : (uint32_t)(2 * cap));
}

/* Take entry e out of the index. */
static void
hash_remove(struct pt_table *t, uint32_t e, uint64_t h)
{
	uint32_t i = (uint32_t)h & t->mask;

	while (t->slots[i] == SLOT_TOMB || SLOT_ELEM(t->slots[i]) != e) {
		if (t->slots[i] == 0)
			internal_error("entry not in the hash");
		i = (i + 1) & t->mask;
	}
	t->slots[i] = SLOT_TOMB;
	t->tombs++;
}

/* ---- the table ---- */

void
pt_init(struct pt_table *t, enum afs afs, size_t data_size, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	t->afs = (uint8_t)afs;
	t->words = afs == AFS_IPV4_UNICAST ? 1 : 4;
	size_t nsz = t->words == 1 ? sizeof(struct pt_node4) : sizeof(struct pt_node6);
	t->node_size = (uint16_t)round8(nsz);
	t->data_size = (uint32_t)data_size;
	t->seed = seed;
	pool_init(&t->entry, t->node_size + round8(data_size));
	pool_init(&t->glue, nsz);
}

void
pt_destroy(struct pt_table *t)
{
	pool_destroy(&t->entry);
	pool_destroy(&t->glue);
	if (t->slots != NULL)
		slots_free(t->slots, (size_t)t->mask + 1);
	free(t->pending);
	t->slots = t->pending = NULL;
	t->mask = t->npending = t->pending_cap = 0;
	t->root = 0;
	t->count = t->dead = t->unlinked = 0;
}

static uint32_t
new_glue(struct pt_table *t, const uint32_t *k, unsigned plen)
{
	uint32_t e = pool_alloc(t, &t->glue);
	if (e == 0)
		return 0;
	uint32_t h = e << 1;
	struct pt_node *n = node_at(t, h);
	memset(n, 0, t->glue.elem_size);
	n->plen = (uint8_t)plen;
	n->flags = F_USED;
	uint32_t *nk = node_key(t, n);
	memcpy(nk, k, 4u * t->words);
	key_mask(nk, t->words, plen);
	return h;
}

static void
free_node(struct pt_table *t, uint32_t h)
{
	if (h & 1) {
		if (node_at(t, h)->flags & F_DEAD)
			t->dead--;
		pool_free(&t->entry, h >> 1);
	} else {
		pool_free(&t->glue, h >> 1);
	}
}

void *
pt_lookup(const struct pt_table *t, const struct prefix *p)
{
	uint32_t k[4];

	check_afs(t, p);
	key_from_prefix(t, p, k);
	long i = hash_find(t, k, p->len, key_hash(t, k, p->len), NULL);
	return i < 0 ? NULL : node_data(t, entry_at(t, SLOT_ELEM(t->slots[i])));
}

void *
pt_get(struct pt_table *t, const struct prefix *p, bool *created)
{
	uint32_t k[4];

	check_afs(t, p);
	key_from_prefix(t, p, k);
	uint64_t h = key_hash(t, k, p->len);
	long free_slot = -1;
	long i = hash_find(t, k, p->len, h, &free_slot);
	*created = false;
	if (i >= 0)
		return node_data(t, entry_at(t, SLOT_ELEM(t->slots[i])));

	if (t->slots == NULL || 4 * ((size_t)t->count + t->tombs + 1) > 3 * ((size_t)t->mask + 1)) {
		if (!hash_reserve(t))
			return NULL;
		free_slot = -1;
	}
	if (t->npending == t->pending_cap) {
		uint32_t cap = t->pending_cap ? 2 * t->pending_cap : 256;
		uint32_t *v = realloc(t->pending, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		t->pending = v;
		t->pending_cap = cap;
	}
	uint32_t e = pool_alloc(t, &t->entry);
	if (e == 0)
		return NULL;
	struct pt_node *n = entry_at(t, e);
	memset(n, 0, t->entry.elem_size);
	n->plen = p->len;
	n->flags = F_USED | F_PENDING;
	memcpy(node_key(t, n), k, 4u * t->words);
	if (free_slot >= 0) {
		if (t->slots[free_slot] == SLOT_TOMB)
			t->tombs--;
		t->slots[free_slot] = e | SLOT_TAG(h);
	} else {
		hash_put(t->slots, t->mask, e, h);
	}
	t->pending[t->npending++] = e;
	t->count++;
	t->unlinked++;
	*created = true;
	return node_data(t, n);
}

void
pt_remove(struct pt_table *t, void *data)
{
	struct pt_node *n = data_node(t, data);
	uint32_t e = node_elem(t, n);

	if ((n->flags & (F_USED | F_DEAD)) != F_USED)
		internal_error("pt_remove of an entry not in the table");
	hash_remove(t, e, key_hash(t, node_key(t, n), n->plen));
	t->count--;
	if (n->flags & F_PENDING) {
		pool_free(&t->entry, e);	/* not in the trie: gone */
		t->unlinked--;
	} else {
		n->flags |= F_DEAD;		/* unlinked by the next compaction */
		t->dead++;
		if (!t->sweeping && t->dead > 64 && t->dead > t->count / 4)
			pt_compact(t);
	}
	if (!t->sweeping && t->mask + 1 > MIN_SLOTS && 8 * (size_t)t->count < (size_t)t->mask + 1)
		(void)hash_resize(t, (t->mask + 1) / 2);
}

void
pt_prefix(const struct pt_table *t, const void *data, struct prefix *out)
{
	struct pt_node *n = data_node(t, data);
	const uint32_t *k = node_key(t, n);

	memset(out, 0, sizeof(*out));
	out->afs = t->afs;
	out->len = n->plen;
	for (unsigned i = 0; i < t->words; i++)
		put_u32(out->addr + 4 * i, k[i]);
}

/* ---- compaction ---- */

/* Post-order: dead entries and one-child glue leave, two-child dead entries become glue. */
static void
compact_at(struct pt_table *t, uint32_t *slot)
{
	uint32_t h = *slot;
	if (h == 0)
		return;
	struct pt_node *n = node_at(t, h);
	compact_at(t, &n->child[0]);
	compact_at(t, &n->child[1]);
	if (is_entry(h, n))
		return;
	uint32_t c0 = n->child[0], c1 = n->child[1];
	if (c0 != 0 && c1 != 0) {
		if (h & 1) {
			/* a dead entry still branches: a (smaller) glue node takes its place */
			uint32_t g = new_glue(t, node_key(t, n), n->plen);
			if (g == 0)
				return;		/* no memory: stays until the next compaction */
			struct pt_node *gn = node_at(t, g);
			gn->child[0] = c0;
			gn->child[1] = c1;
			*slot = g;
			free_node(t, h);
		}
		return;
	}
	*slot = c0 | c1;
	free_node(t, h);
}

void
pt_compact(struct pt_table *t)
{
	compact_at(t, &t->root);
}

/* ---- linking pending entries ---- */

/* The path to the last entry linked: its nodes' handles, root first. */
struct finger {
	uint32_t depth;
	uint32_t h[PT_STACK_MAX + 1];
};

/*
 * Link entry e (pending) into the trie, starting from the deepest node on
 * the finger that covers it. False when a glue node was needed and there
 * was no memory.
 */
static bool
link_entry(struct pt_table *t, struct finger *f, uint32_t e)
{
	uint32_t hx = e << 1 | 1;
	struct pt_node *x = entry_at(t, e);
	const uint32_t *k = node_key(t, x);
	unsigned plen = x->plen;
	uint32_t *slot = &t->root;

	while (f->depth > 0) {
		struct pt_node *m = node_at(t, f->h[f->depth - 1]);
		if (m->plen < plen && key_common(k, node_key(t, m), t->words, m->plen) == m->plen) {
			slot = &m->child[key_bit(k, m->plen)];
			break;
		}
		f->depth--;
	}

	/* how far x agrees with the subtree: l bits */
	unsigned l = plen;
	for (uint32_t h = *slot; h != 0;) {
		struct pt_node *n = node_at(t, h);
		uint32_t next = n->plen < plen ? n->child[key_bit(k, n->plen)] : 0;
		if (next == 0) {
			unsigned lim = n->plen < plen ? n->plen : plen;
			l = key_common(k, node_key(t, n), t->words, lim);
		}
		h = next;
	}

	/* down again (cache-hot) to where x belongs */
	for (;;) {
		uint32_t h = *slot;
		if (h == 0) {
			*slot = hx;
			break;
		}
		struct pt_node *n = node_at(t, h);
		if (n->plen > l) {
			/* x is n's ancestor (l == plen), or branches off above n at bit l */
			const uint32_t *nk = node_key(t, n);
			if (l == plen) {
				x->child[key_bit(nk, plen)] = h;
				*slot = hx;
				break;
			}
			uint32_t g = new_glue(t, k, l);
			if (g == 0)
				return false;
			struct pt_node *gn = node_at(t, g);
			gn->child[key_bit(k, l)] = hx;
			gn->child[key_bit(nk, l)] = h;
			*slot = g;
			f->h[f->depth++] = g;
			break;
		}
		if (n->plen == plen) {
			/* a glue node or a dead entry holds the place: x takes it */
			if (is_entry(h, n))
				internal_error("a prefix linked twice");
			x->child[0] = n->child[0];
			x->child[1] = n->child[1];
			*slot = hx;
			free_node(t, h);
			break;
		}
		f->h[f->depth++] = h;
		slot = &n->child[key_bit(k, n->plen)];
	}
	f->h[f->depth++] = hx;
	x->flags &= (uint8_t)~F_PENDING;
	t->unlinked--;
	return true;
}

static void
radix_sort64(uint64_t *v, uint64_t *tmp, size_t n, unsigned lo_bit, unsigned hi_bit)
{
	for (unsigned shift = lo_bit; shift < hi_bit; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[(v[i] >> shift & 0xff) + 1]++;
		for (unsigned b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			tmp[count[v[i] >> shift & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof(*v));
	}
}

struct rec6 {
	uint32_t k[4];
	uint32_t plen;
	uint32_t e;
};

static int
rec6_cmp(const void *x, const void *y)
{
	const struct rec6 *a = x, *b = y;
	for (int i = 0; i < 4; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return (a->plen > b->plen) - (a->plen < b->plen);
}

/* Sort n element numbers into prefix order (key, then length); false without memory. */
static bool
sort_elems(const struct pt_table *t, uint32_t *v, size_t n)
{
	if (t->words == 1) {
		uint64_t *r = malloc(2 * n * sizeof(*r));
		if (r == NULL)
			return false;
		for (size_t i = 0; i < n; i++) {
			struct pt_node *x = entry_at(t, v[i]);
			r[i] = (uint64_t)node_key(t, x)[0] << 32 | (uint64_t)x->plen << ELEM_BITS | v[i];
		}
		radix_sort64(r, r + n, n, ELEM_BITS, 64);
		for (size_t i = 0; i < n; i++)
			v[i] = (uint32_t)SLOT_ELEM(r[i]);
		free(r);
		return true;
	}
	struct rec6 *r = malloc(n * sizeof(*r));
	if (r == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		struct pt_node *x = entry_at(t, v[i]);
		memcpy(r[i].k, node_key(t, x), sizeof(r[i].k));
		r[i].plen = x->plen;
		r[i].e = v[i];
	}
	qsort(r, n, sizeof(*r), rec6_cmp);
	for (size_t i = 0; i < n; i++)
		v[i] = r[i].e;
	free(r);
	return true;
}

size_t
pt_flush(struct pt_table *t, size_t max)
{
	struct finger f;
	size_t done = 0;

	f.depth = 0;
	while (t->npending > 0 && done < max) {
		uint32_t batch = t->npending < BATCH ? t->npending : BATCH;
		if (max - done < batch)
			batch = (uint32_t)(max - done);
		uint32_t *v = t->pending + (t->npending - batch);
		/* entries removed or linked since they were listed drop out */
		uint32_t n = 0;
		for (uint32_t i = 0; i < batch; i++) {
			struct pt_node *x = entry_at(t, v[i]);
			if ((x->flags & (F_PENDING | F_LISTED)) == F_PENDING) {
				x->flags |= F_LISTED;	/* a reused element may be listed twice */
				v[n++] = v[i];
			}
		}
		for (uint32_t i = 0; i < n; i++)
			entry_at(t, v[i])->flags &= (uint8_t)~F_LISTED;
		/* unsorted, it still works, only slower */
		(void)sort_elems(t, v, n);
		for (uint32_t i = 0; i < n; i++) {
			if (!link_entry(t, &f, v[i])) {
				/* out of memory: what is left stays pending */
				memmove(t->pending + (t->npending - batch), v + i, (n - i) * sizeof(*v));
				t->npending = t->npending - batch + (n - i);
				return t->npending;
			}
		}
		t->npending -= batch;
		done += batch;
	}
	if (t->npending == 0 && t->pending_cap > 4096) {
		free(t->pending);
		t->pending = NULL;
		t->pending_cap = 0;
	}
	return t->npending;
}

/* ---- longest match and walks ---- */

/*
 * The trie descents test one bit per level and compare keys once, at the
 * end (the PATRICIA way): every node on the path from the root to a node X
 * has a key that is a prefix of X's key, so where the searched key shares
 * l bits with X's key, the path nodes of length <= l are exactly the ones
 * that cover it.
 */
void *
pt_match(struct pt_table *t, const struct prefix *p)
{
	uint32_t k[4];
	unsigned plen = p->len;
	struct pt_node *path[PT_STACK_MAX], *last = NULL;
	unsigned np = 0;

	check_afs(t, p);
	pt_flush(t, SIZE_MAX);
	key_from_prefix(t, p, k);
	for (uint32_t h = t->root; h != 0;) {
		struct pt_node *n = node_at(t, h);
		last = n;
		if (n->plen > plen)
			break;
		if (is_entry(h, n))
			path[np++] = n;
		if (n->plen == plen)
			break;
		h = n->child[key_bit(k, n->plen)];
	}
	if (np == 0)
		return NULL;
	unsigned lim = last->plen < plen ? last->plen : plen;
	unsigned l = key_common(k, node_key(t, last), t->words, lim);
	while (np > 0 && path[np - 1]->plen > l)
		np--;
	return np > 0 ? node_data(t, path[np - 1]) : NULL;
}

static inline void
push(struct pt_iter *it, uint32_t h)
{
	if (h != 0)
		it->stack[it->sp++] = h;
}

void
pt_iter_init(struct pt_iter *it, struct pt_table *t)
{
	pt_flush(t, SIZE_MAX);
	it->t = t;
	it->sp = 0;
	push(it, t->root);
}

void
pt_iter_sub(struct pt_iter *it, struct pt_table *t, const struct prefix *p)
{
	uint32_t k[4];
	uint32_t h = t->root;

	check_afs(t, p);
	pt_flush(t, SIZE_MAX);
	key_from_prefix(t, p, k);
	it->t = t;
	it->sp = 0;
	/* the first node at or below p's length on p's bit path, if p covers it */
	while (h != 0) {
		struct pt_node *n = node_at(t, h);
		if (n->plen >= p->len) {
			if (key_common(k, node_key(t, n), t->words, p->len) == p->len)
				push(it, h);
			return;
		}
		h = n->child[key_bit(k, n->plen)];
	}
}

void
pt_iter_after(struct pt_iter *it, struct pt_table *t, const struct prefix *after)
{
	uint32_t k[4];
	uint32_t h = t->root;
	unsigned alen = after->len;

	check_afs(t, after);
	pt_flush(t, SIZE_MAX);
	key_from_prefix(t, after, k);
	it->t = t;
	it->sp = 0;
	/*
	 * Walk towards `after`; whatever lies wholly after it goes on the
	 * stack, deeper (earlier in order) on top.
	 */
	while (h != 0) {
		struct pt_node *n = node_at(t, h);
		uint32_t *nk = node_key(t, n);
		unsigned lim = n->plen < alen ? n->plen : alen;
		unsigned m = key_common(k, nk, t->words, lim);

		if (m < lim) {
			if (key_bit(nk, m) > key_bit(k, m))
				push(it, h);	/* n's subtree is after */
			return;
		}
		if (n->plen > alen) {		/* more-specifics of after */
			push(it, h);
			return;
		}
		if (n->plen == alen) {		/* after itself: its subtree follows */
			push(it, n->child[1]);
			push(it, n->child[0]);
			return;
		}
		if (key_bit(k, n->plen) == 0) {
			push(it, n->child[1]);
			h = n->child[0];
		} else {
			h = n->child[1];
		}
	}
}

void *
pt_iter_next(struct pt_iter *it)
{
	const struct pt_table *t = it->t;

	while (it->sp > 0) {
		uint32_t h = it->stack[--it->sp];
		struct pt_node *n = node_at(t, h);
		push(it, n->child[1]);
		push(it, n->child[0]);
		if (is_entry(h, n))
			return node_data(t, n);
	}
	return NULL;
}

void
pt_foreach(struct pt_table *t, bool (*fn)(void *data, void *arg), void *arg)
{
	struct pt_pool *p = &t->entry;
	bool was = t->sweeping;

	t->sweeping = true;
	for (uint32_t e = 1; e < p->next; e++) {
		struct pt_node *n = (struct pt_node *)(void *)pool_at(p, e);
		if ((n->flags & (F_USED | F_DEAD)) == F_USED && !fn(node_data(t, n), arg))
			break;
	}
	t->sweeping = was;
	if (!was) {
		if (t->dead > 64 && t->dead > t->count / 4)
			pt_compact(t);
		if (t->mask + 1 > MIN_SLOTS && 8 * (size_t)t->count < (size_t)t->mask + 1) {
			uint32_t want = t->mask + 1;
			while (want > MIN_SLOTS && 8 * (size_t)t->count < want)
				want /= 2;
			(void)hash_resize(t, want);
		}
	}
}

void
pt_stats(const struct pt_table *t, struct pt_stats *st)
{
	st->entries = t->count;
	st->glue = t->glue.used;
	st->dead = t->dead;
	st->pending = t->unlinked;
	st->entry_size = t->entry.elem_size;
	st->glue_size = t->glue.elem_size;
	st->slots = t->slots != NULL ? (size_t)t->mask + 1 : 0;
	/* touched memory: elements in use or on the free lists, and the hash */
	st->bytes = (size_t)t->entry.next * t->entry.elem_size +
	    (size_t)t->glue.next * t->glue.elem_size +
	    st->slots * sizeof(uint32_t) + (size_t)t->pending_cap * sizeof(uint32_t);
}
