/*
 * fib_rtab.c -- the FIB's prefixes: a chained hash on struct prefix,
 * doubling at load 1. Exact match only: the kernel does the longest match.
 * Routes (64 octets) are carved from blocks of RTAB_BLOCK, not malloc'd one
 * by one: a million of them cost 64 MiB and no allocator overhead. Blocks
 * go back only with the table (a full table withdrawn keeps its memory for
 * the next one, as BIRD's slabs do).
 */
#include "config.h"

#include "fib_int.h"

/* Under AddressSanitizer every route is its own allocation, so it can catch a use after free. */
#if defined(__SANITIZE_ADDRESS__)
#define RTAB_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RTAB_MALLOC 1
#endif
#endif
#ifndef RTAB_MALLOC
#define RTAB_MALLOC 0
#endif

static uint64_t
pfx_hash(const struct prefix *p)
{
	uint64_t a, b;
	memcpy(&a, p->addr, 8);
	memcpy(&b, p->addr + 8, 8);
	uint64_t h = a * 0x9e3779b97f4a7c15ull;
	h ^= (b + ((uint64_t)p->len << 8 | p->afs)) * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

bool
rtab_init(struct rtab *t)
{
	t->mask = 1023;
	t->n = 0;
	t->b = calloc(t->mask + 1, sizeof(*t->b));
	return t->b != NULL;
}

void
rtab_free(struct rtab *t)
{
	if (t->b == NULL)
		return;
	for (size_t i = 0; i <= t->mask; i++) {
		struct fib_route *r = t->b[i], *nx;
		for (; r != NULL; r = nx) {
			nx = r->hnext;
			free(r->fail);
			if (RTAB_MALLOC)
				free(r);
		}
	}
	for (size_t i = 0; i < t->n_blocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->b);
	memset(t, 0, sizeof(*t));
}

size_t
rtab_memory(const struct rtab *t)
{
	return t->n_blocks * RTAB_BLOCK * sizeof(struct fib_route) + (t->mask + 1) * sizeof(*t->b);
}

static struct fib_route *
route_alloc(struct rtab *t)
{
	if (RTAB_MALLOC)
		return calloc(1, sizeof(struct fib_route));
	if (t->free == NULL) {
		struct fib_route *blk = malloc(RTAB_BLOCK * sizeof(*blk));
		void **v = realloc(t->blocks, (t->n_blocks + 1) * sizeof(*v));
		if (blk == NULL || v == NULL) {
			free(blk);
			if (v != NULL)
				t->blocks = v;
			return NULL;
		}
		t->blocks = v;
		t->blocks[t->n_blocks++] = blk;
		for (size_t i = RTAB_BLOCK; i-- > 0;) {
			blk[i].hnext = t->free;
			t->free = &blk[i];
		}
	}
	struct fib_route *r = t->free;
	t->free = r->hnext;
	memset(r, 0, sizeof(*r));
	return r;
}

static bool
pfx_eq(const struct prefix *a, const struct prefix *b)
{
	return a->afs == b->afs && a->len == b->len && !memcmp(a->addr, b->addr, 16);
}

struct fib_route *
rtab_get(const struct rtab *t, const struct prefix *p)
{
	for (struct fib_route *r = t->b[pfx_hash(p) & t->mask]; r != NULL; r = r->hnext)
		if (pfx_eq(&r->pfx, p))
			return r;
	return NULL;
}

static void
rtab_grow(struct rtab *t)
{
	size_t mask = t->mask * 2 + 1;
	struct fib_route **b = calloc(mask + 1, sizeof(*b));
	if (b == NULL)
		return;		/* keep the longer chains */
	for (size_t i = 0; i <= t->mask; i++) {
		struct fib_route *r = t->b[i], *nx;
		for (; r != NULL; r = nx) {
			nx = r->hnext;
			size_t j = pfx_hash(&r->pfx) & mask;
			r->hnext = b[j];
			b[j] = r;
		}
	}
	free(t->b);
	t->b = b;
	t->mask = mask;
}

struct fib_route *
rtab_add(struct rtab *t, const struct prefix *p)
{
	struct fib_route *r = route_alloc(t);
	if (r == NULL)
		return NULL;
	r->pfx = *p;
	if (t->n >= t->mask)
		rtab_grow(t);
	size_t j = pfx_hash(p) & t->mask;
	r->hnext = t->b[j];
	t->b[j] = r;
	t->n++;
	return r;
}

void
rtab_del(struct rtab *t, struct fib_route *r)
{
	struct fib_route **pp = &t->b[pfx_hash(&r->pfx) & t->mask];
	for (; *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == r) {
			*pp = r->hnext;
			t->n--;
			free(r->fail);
			if (RTAB_MALLOC) {
				free(r);
				return;
			}
			r->fail = NULL;
			r->hnext = t->free;
			t->free = r;
			return;
		}
	}
}
