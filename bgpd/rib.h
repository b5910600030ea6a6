/*
 * rib.h -- Adj-RIB-In and Loc-RIB: every path received, per prefix, with
 * the best path and the multipath set decided.
 *
 * A prefix entry (IPv4 and IPv6 each in a prefix_table) holds its paths in
 * rank order, best first: {attribute set, received path id, next hop,
 * peer, local path id, flags}. One path lives inside the entry; a second
 * one moves them all to an array. The entry is 24 octets beside its
 * 16-octet trie node (IPv4), a path 24 octets.
 *
 * Peers are opaque 32-bit ids the daemon assigns; it first tells the RIB
 * what the decision needs to know about each (rib_peer_set). Next hops are
 * interned: every path through one address shares one record with its
 * reachability and IGP cost, asked once from the daemon's resolver
 * callback and changed with rib_nexthop_set(). A path whose next hop is
 * unreachable is kept but is not eligible for best or multipath.
 *
 * Every operation that changes a prefix's paths runs the decision (see
 * decide.h) for that prefix and reports what changed as a mask of
 * RIB_CHG_* bits: returned by rib_update/rib_withdraw, and passed to the
 * on_change callback, once per changed prefix, for every operation (peer
 * down, next hop changes and option changes included). The callback sees
 * the entry after the change; an entry with no path left is removed right
 * after its callback returns. The callback must not change the RIB.
 *
 * RFC 7606 treat-as-withdraw is the caller's rib_withdraw(). RFC 7911 path
 * identifiers: paths from one peer with different path ids are different
 * paths. Single-threaded.
 */
#ifndef ECMPD_RIB_H
#define ECMPD_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attrset.h"
#include "decide.h"
#include "prefix_table.h"
#include "wire.h"

/* rib_path.flags */
#define RIB_PATH_ELIGIBLE	0x01	/* next hop reachable */
#define RIB_PATH_BEST		0x02
#define RIB_PATH_MULTIPATH	0x04	/* member of the multipath set (the best is one) */
#define RIB_PATH_MANY_TAG	0x80	/* internal: never set on a path */

struct rib_path {
	const struct attrset *attrs;	/* one reference held */
	uint32_t path_id;		/* as received; 0 without add-path */
	uint32_t nexthop;		/* rib next hop handle: rib_path_nexthop() */
	uint16_t peer;			/* rib peer slot: rib_path_peer() */
	uint16_t tx_id;			/* local id (1..), stable while the path lives: for add-path send */
	uint8_t flags;			/* RIB_PATH_* */
	uint8_t spare[3];
};

/* More than one path: the array (in the union with the single path; tag where a path has its flags). */
struct rib_many {
	struct rib_path *v;
	uint32_t n;
	uint32_t cap;
	uint32_t spare;
	uint8_t tag;			/* RIB_PATH_MANY_TAG */
	uint8_t pad[3];
};

struct rib_entry {
	union {
		struct rib_path one;
		struct rib_many many;
	} u;
};

_Static_assert(sizeof(struct rib_path) == 24, "a path is 24 octets");
_Static_assert(sizeof(struct rib_many) == sizeof(struct rib_path), "union arms of one size");
_Static_assert(offsetof(struct rib_many, tag) == offsetof(struct rib_path, flags),
    "the tag shares the flags octet");

static inline unsigned
rib_entry_npaths(const struct rib_entry *e)
{
	if (e->u.one.flags & RIB_PATH_MANY_TAG)
		return e->u.many.n;
	return e->u.one.attrs != NULL;
}

/* The paths in rank order: best (when there is one) first. */
static inline const struct rib_path *
rib_entry_paths(const struct rib_entry *e)
{
	return (e->u.one.flags & RIB_PATH_MANY_TAG) ? e->u.many.v : &e->u.one;
}

static inline const struct rib_path *
rib_entry_best(const struct rib_entry *e)
{
	const struct rib_path *p = rib_entry_paths(e);
	return rib_entry_npaths(e) > 0 && (p->flags & RIB_PATH_BEST) ? p : NULL;
}

/* change bits */
#define RIB_CHG_PATHS		0x01	/* a path was added, removed or changed (attributes, next hop, eligibility) */
#define RIB_CHG_BEST		0x02	/* the best path is another, changed, or gone or new */
#define RIB_CHG_MULTIPATH	0x04	/* the multipath set's members (or their attributes/next hops) changed */

/* What the decision needs to know about a peer. */
struct rib_peer_info {
	bool ebgp;
	uint32_t router_id;		/* BGP identifier, host order */
	struct rib_addr addr;		/* the session's remote address */
};

struct rib;

typedef void rib_change_fn(void *arg, const struct prefix *pfx,
    const struct rib_entry *e, unsigned changes);
/* Initial state of a next hop the RIB has not seen: reachable? IGP cost (DECIDE_IGP_UNKNOWN)? */
typedef void rib_resolve_fn(void *arg, const struct rib_addr *nh,
    bool *reachable, uint32_t *igp_cost);

struct rib_config {
	struct decide_opts decide;
	rib_change_fn *on_change;	/* may be NULL */
	rib_resolve_fn *resolve;	/* NULL: every next hop reachable, cost unknown */
	void *arg;
	uint64_t seed;			/* for the next hop hash (peers choose next hops) */
};

/* attrs: the table the RIB's sets come from (it takes and drops references there). */
struct rib *rib_new(struct attrset_table *attrs, const struct rib_config *cfg);
/* Drop every path (no notifications) and free. */
void rib_free(struct rib *rib);

/*
 * Add a peer or change what is known of it. Changing ebgp, router id or
 * address of a peer that has paths re-runs the decision of every prefix it
 * has a path for. Returns 0, -ENOMEM, or -ENOSPC (65535 peers).
 */
int rib_peer_set(struct rib *rib, uint32_t peer_id, const struct rib_peer_info *info);
/* Withdraw every path of the peer, then forget it. */
void rib_peer_remove(struct rib *rib, uint32_t peer_id);
const struct rib_peer_info *rib_peer_get(const struct rib *rib, uint32_t peer_id);
/* Paths the peer has in the RIB (0 for an unknown peer). */
size_t rib_peer_paths(const struct rib *rib, uint32_t peer_id);

/*
 * Add or replace the path (peer, path_id) of prefix. attrs is referenced,
 * not consumed. Returns the RIB_CHG_* mask (0: the same path was already
 * there), or -ENOENT for an unknown peer, -ENOMEM, -ENOSPC (65535 paths
 * for one prefix), -EINVAL (family).
 */
int rib_update(struct rib *rib, const struct prefix *pfx, uint32_t peer_id,
    uint32_t path_id, const struct attrset *attrs, const struct rib_addr *nexthop);
/* Remove the path (peer, path_id) of prefix. Returns the RIB_CHG_* mask, 0 when there was no such path. */
int rib_withdraw(struct rib *rib, const struct prefix *pfx, uint32_t peer_id,
    uint32_t path_id);
/* Withdraw every path of a peer (session down). Returns the number of paths removed. */
size_t rib_peer_down(struct rib *rib, uint32_t peer_id);

/*
 * A next hop's reachability or IGP cost changed. Every prefix with a path
 * through it is decided again. Returns the number of prefixes whose best
 * or multipath set changed. Unknown next hops (no path uses them) are
 * ignored: the resolver is asked when a path brings them.
 */
size_t rib_nexthop_set(struct rib *rib, const struct rib_addr *nh, bool reachable,
    uint32_t igp_cost);
/* New decision options: every prefix with several paths is decided again. */
void rib_set_decide_opts(struct rib *rib, const struct decide_opts *o);
const struct decide_opts *rib_decide_opts(const struct rib *rib);

/* lookups */
const struct rib_entry *rib_lookup(const struct rib *rib, const struct prefix *pfx);
/* Longest-prefix match (pfx itself included). */
const struct rib_entry *rib_match(struct rib *rib, const struct prefix *pfx,
    struct prefix *found);

/* about a path */
uint32_t rib_path_peer(const struct rib *rib, const struct rib_path *p);
const struct rib_addr *rib_path_nexthop(const struct rib *rib, const struct rib_path *p);
/* The next hop's state as the RIB knows it. */
void rib_path_nexthop_state(const struct rib *rib, const struct rib_path *p,
    bool *reachable, uint32_t *igp_cost);
/* The record the decision compares for p (for `show rib detail` and tests). */
void rib_path_decide(const struct rib *rib, const struct rib_path *p, struct decide_path *dp);

/*
 * New prefixes are linked into the ordered trie later (prefix_table.h):
 * before any walk or longest match, or here. Call from an idle moment
 * with a budget; returns how many prefixes are still waiting.
 */
size_t rib_flush(struct rib *rib, size_t max);

/* ordered walks (show rib): no RIB change while one runs */
struct rib_iter {
	struct pt_iter it;
};

void rib_iter_init(struct rib_iter *it, struct rib *rib, enum afs afs);
/* pfx and its more-specifics (show rib PFX longer) */
void rib_iter_sub(struct rib_iter *it, struct rib *rib, const struct prefix *pfx);
/* prefixes after pfx: resume a walk stopped there */
void rib_iter_after(struct rib_iter *it, struct rib *rib, const struct prefix *pfx);
/* The next entry and its prefix (pfx may be NULL), or NULL at the end. */
const struct rib_entry *rib_iter_next(struct rib_iter *it, struct prefix *pfx);

/* counters for `show rib summary` */
struct rib_stats {
	size_t prefixes[AFS_COUNT];
	size_t paths;
	size_t multi_prefixes;		/* prefixes with more than one path */
	size_t peers;
	size_t nexthops;
	size_t glue[AFS_COUNT];		/* trie branch nodes that are not prefixes */
	size_t pending[AFS_COUNT];	/* prefixes not yet linked into the trie */
	size_t bytes_prefixes[AFS_COUNT]; /* entries (with their first path), glue, hash */
	size_t bytes_paths;		/* path arrays of prefixes with several paths */
	size_t bytes_other;		/* peers, next hops, scratch */
	size_t entry_size[AFS_COUNT];	/* octets per prefix entry (node + first path) */
	size_t glue_size[AFS_COUNT];
};

void rib_get_stats(const struct rib *rib, struct rib_stats *st);

#endif /* ECMPD_RIB_H */
