/*
 * prefix_table.h -- prefix to entry, for one address family: an
 * open-addressing hash for exact match beside a path-compressed binary
 * (patricia) trie for order and longest match.
 *
 * Operations: exact lookup and find-or-insert (the hash: a couple of
 * cache lines whatever the table size), removal, longest-prefix match,
 * walks in prefix order (a prefix before its more-specifics, lower
 * addresses first), walks of one prefix and all its more-specifics, walks
 * resumed after a given prefix, and an unordered sweep over every entry
 * that may remove entries as it goes.
 *
 * Deferred trie work. A new prefix goes into the hash at once and onto a
 * pending list; it is linked into the trie later, sorted, in batches that
 * follow one cached path down the trie, so a million prefixes arriving in
 * any order cost a sequential sweep instead of a million root-to-leaf
 * descents. Linking happens before any ordered walk or longest match, or
 * when the owner calls pt_flush() (from an idle moment). Removal likewise
 * unlinks nothing at once: the entry leaves the hash and stays in the trie
 * as a dead node until a compaction pass (after a sweep, or when dead
 * nodes exceed a quarter of the entries) removes them all in one post-order
 * walk.
 *
 * Memory. The table allocates entries itself, as BIRD's fib does: an entry
 * is one block holding the trie node and the caller's data of a fixed size
 * set at pt_init() (intrusive: no pointer from node to data, one
 * allocation per prefix). Branch points that are not prefixes are glue
 * nodes from a second pool. Children are 32-bit handles into the two
 * pools, so an IPv4 node is 16 octets (key 4, two children 8, length and
 * flags 4) and an IPv6 node 32; a hash slot is 4 octets (at most 3/4
 * full). A table of n prefixes has at most n - 1 glue nodes. Pools never
 * move (see struct pt_pool), so data pointers stay valid for the entry's
 * life. Under AddressSanitizer freed elements are poisoned.
 *
 * The hash is XXH3 with a per-table seed: peers choose the prefixes.
 * Data pointers are 8-octet aligned; new data is zeroed.
 */
#ifndef ECMPD_PREFIX_TABLE_H
#define ECMPD_PREFIX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/*
 * A pool is one reserved range of address space (PROT_NONE until used),
 * made read-write as it fills: element n is at base + n * elem_size, one
 * multiply-add from a handle, no chunk table. Past 2 MiB the range is
 * given to transparent huge pages, so a walk over a million prefixes does
 * not miss the TLB at every level.
 */
struct pt_pool {
	uint8_t *base;		/* NULL until the first allocation */
	size_t reserved;	/* octets of address space */
	size_t committed;	/* octets read-write from base */
	uint32_t elem_size;
	uint32_t free_head;	/* element number, 0: none */
	uint32_t next;		/* next never-used element number (0 is never used) */
	uint32_t used;
	bool huge;		/* huge pages requested for the range past 2 MiB */
};

struct pt_table {
	uint32_t root;		/* node handle, 0: empty */
	uint8_t afs;		/* enum afs */
	uint8_t words;		/* key words: 1 for IPv4, 4 for IPv6 */
	uint16_t node_size;	/* offset of the data in an entry */
	uint32_t count;		/* entries (in the hash) */
	uint32_t dead;		/* removed entries still in the trie */
	uint32_t data_size;
	bool sweeping;		/* in pt_foreach: compaction waits for its end */
	struct pt_pool entry;
	struct pt_pool glue;
	/* exact match: entry element number | 6-bit hash tag << 26, 0 empty */
	uint32_t *slots;
	uint32_t mask;
	uint32_t tombs;		/* slots of removed entries */
	uint64_t seed;
	/* entries in the hash, not yet in the trie */
	uint32_t *pending;
	uint32_t npending;	/* listed (removed or reused elements may linger) */
	uint32_t pending_cap;
	uint32_t unlinked;	/* entries pending for real */
	uint32_t fail_alloc;	/* tests: make the n-th allocation from now fail (0: never) */
};

/* Deepest possible walk: one node per prefix length 0..128, plus one. */
#define PT_STACK_MAX 130

struct pt_iter {
	const struct pt_table *t;
	uint32_t sp;
	uint32_t stack[PT_STACK_MAX];
};

struct pt_stats {
	size_t entries;
	size_t glue;
	size_t dead;
	size_t pending;
	size_t bytes;		/* pools touched (elements in use or free) and hash slots */
	size_t entry_size;	/* octets per entry (node + data) */
	size_t glue_size;	/* octets per glue node */
	size_t slots;		/* hash slots */
};

void pt_init(struct pt_table *t, enum afs afs, size_t data_size, uint64_t seed);
/* Free every node; data needing cleanup must be released first (pt_foreach). */
void pt_destroy(struct pt_table *t);

/* The data of exactly p, or NULL. p->afs must be the table's. */
void *pt_lookup(const struct pt_table *t, const struct prefix *p);
/* Find or insert p; *created tells which. NULL when out of memory. */
void *pt_get(struct pt_table *t, const struct prefix *p, bool *created);
/* Remove the entry holding data. Never fails. */
void pt_remove(struct pt_table *t, void *data);
/* The prefix of an entry. */
void pt_prefix(const struct pt_table *t, const void *data, struct prefix *out);

static inline size_t
pt_count(const struct pt_table *t)
{
	return t->count;
}

/*
 * Link up to max pending entries into the trie (SIZE_MAX: all). Returns
 * how many stay pending (more than 0 with max reached, or when memory for
 * a glue node ran out).
 */
size_t pt_flush(struct pt_table *t, size_t max);
/* Remove dead nodes from the trie now (pt_remove and pt_foreach call it when due). */
void pt_compact(struct pt_table *t);

/* The longest prefix that covers p (p itself included), or NULL. Flushes. */
void *pt_match(struct pt_table *t, const struct prefix *p);

/*
 * Ordered walks. Each init flushes and sets the walk up; pt_iter_next()
 * returns the next entry's data or NULL. The table must not change while
 * a walk runs.
 */
void pt_iter_init(struct pt_iter *it, struct pt_table *t);
/* p itself (if present) and every more-specific prefix of p. */
void pt_iter_sub(struct pt_iter *it, struct pt_table *t, const struct prefix *p);
/* Every prefix ordered after `after` (which need not be present): resume a walk. */
void pt_iter_after(struct pt_iter *it, struct pt_table *t, const struct prefix *after);
void *pt_iter_next(struct pt_iter *it);

/*
 * Visit every entry in memory order (fast, unordered) until fn returns
 * false. fn may pt_remove() any entry, the one in hand included, and must
 * not insert. Dead nodes are compacted once at the end.
 */
void pt_foreach(struct pt_table *t, bool (*fn)(void *data, void *arg), void *arg);

void pt_stats(const struct pt_table *t, struct pt_stats *st);

#endif /* ECMPD_PREFIX_TABLE_H */
