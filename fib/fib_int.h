/*
 * fib_int.h -- what the files of fib/ share: interned next hops, next-hop
 * sets, kernel groups, routes, and the plan a flush carries out.
 *
 * Ownership and counts (the invariants the code keeps):
 *  - struct fib_nh: one per distinct (family, address, ifindex hint);
 *    refcnt = sets containing it. With nexthop objects it has a kernel id
 *    while it is wanted and resolved. Freed when refcnt is 0 and it is not
 *    in the kernel.
 *  - struct fib_nhset: interned sorted set of fib_nh pointers; refcnt =
 *    routes wanting it + groups having it as members + sets whose usable
 *    subset (eff) it is. `grp` is the set's primary group (weak pointer).
 *  - struct fib_nhg: a kernel group (id != 0) or, without nexthop objects, a
 *    virtual one (id 0: routes carry the next hops). nroutes = routes the
 *    kernel holds pointing at it (acknowledged), nplanned = routes being
 *    moved to it. Deleted when both are 0 (gc), after the routes moved.
 *  - struct fib_route: one per prefix: want (what the RIB asked), grp (what
 *    the kernel holds), tgt (what is being written).
 *
 * Nothing in this header does I/O; nhgroup.c and fib_rtab.c are pure and
 * unit-tested (tests/unit/test_fib_nhgroup.c).
 */
#ifndef ECMPD_FIB_INT_H
#define ECMPD_FIB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fib.h"

/* ---- a growable array of pointers ---- */
struct pvec {
	void **v;
	size_t n, cap;
};

static inline bool
pvec_push(struct pvec *pv, void *p)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 64;
		void **v = realloc(pv->v, cap * sizeof(*v));
		if (v == NULL)
			return false;
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = p;
	return true;
}

static inline void
pvec_free(struct pvec *pv)
{
	free(pv->v);
	memset(pv, 0, sizeof(*pv));
}

/* ---- a failure kept on an object: shown, and retried with back-off ---- */
struct fib_fail {
	int err;			/* positive errno */
	uint32_t attempts;
	uint64_t next_try;		/* monotonic ms */
	char text[FIB_ERR_TEXT];	/* the kernel's extack text, or strerror() */
};

#define FIB_RETRY_MIN_MS	1000
#define FIB_RETRY_MAX_MS	60000

/* Record a failure (allocating the record); false on ENOMEM. */
bool fib_fail_set(struct fib_fail **fp, int err, const char *text, uint64_t now);
static inline void
fib_fail_clear(struct fib_fail **fp)
{
	free(*fp);
	*fp = NULL;
}

/* ---- why a next hop cannot be used ---- */
enum nh_reason {
	NH_OK = 0,
	NH_UNRESOLVED,			/* not looked at yet */
	NH_NOT_CONNECTED,		/* no connected network of an up interface holds it */
	NH_IF_DOWN,			/* its interface is down (or has no carrier) */
	NH_NO_IF,			/* the interface given does not exist */
	NH_LL_NO_IF,			/* IPv6 link-local without an interface */
	NH_LOCAL,			/* one of our own addresses */
	NH_KERNEL,			/* the kernel refused the nexthop object (fail->text) */
};

/* ---- next hops ---- */
enum {
	NH_IN_KERNEL = 1 << 0,		/* the kernel has object `id` as we last wrote it */
	NH_ADOPTED = 1 << 1,		/* found at start-up */
	NH_FAILED = 1 << 2,		/* the kernel refused it; retry after fail->next_try */
	NH_NEW = 1 << 3,		/* not resolved yet */
	NH_TOUCHED = 1 << 4,		/* usability changed in this round */
	NH_GCQ = 1 << 5,		/* on the gc list */
	NH_FRESH = 1 << 6,		/* id just allocated: created exclusively (EEXIST: another id) */
	NH_SEEN = 1 << 7,		/* scratch: seen in a kernel dump */
};

struct fib_nh {
	struct fib_nh *hnext;		/* intern hash chain */
	uint8_t afs;			/* key: family, address, ifindex hint */
	uint8_t addr[16];
	uint8_t reason;			/* enum nh_reason */
	uint16_t flags;
	uint32_t hint;
	uint32_t oif;			/* resolved interface; 0: unusable */
	uint32_t k_oif;			/* the interface of the kernel object */
	uint32_t id;			/* kernel nexthop object id; 0: none */
	uint32_t refcnt;		/* sets containing it */
	uint32_t why_if;		/* the interface a reason is about (down, ...) */
	struct fib_fail *fail;
};

static inline bool
nh_usable(const struct fib_nh *nh)
{
	return nh->oif != 0 && !(nh->flags & NH_FAILED);
}

/* ---- interned next-hop sets ---- */
enum {
	SET_TOUCHED = 1 << 0,		/* contains a next hop whose usability changed */
};

struct fib_nhg;
struct fib_nhset {
	struct fib_nhset *hnext;
	uint32_t hash;
	uint32_t refcnt;
	uint32_t eff_gen;		/* nhtab.gen when eff was computed */
	uint16_t n;
	uint16_t flags;
	struct fib_nhset *eff;		/* usable subset; == self when all usable; NULL: none */
	struct fib_nhg *grp;		/* primary group with these members (weak) */
	struct fib_nh *nh[];		/* sorted by (afs, addr, hint), no duplicates */
};

/* ---- groups ---- */
enum {
	NHG_IN_KERNEL = 1 << 0,		/* the kernel has group `id` with `members` */
	NHG_ADOPTED = 1 << 1,		/* found at start-up */
	NHG_MISMATCH = 1 << 2,		/* adopted, but type or buckets differ from the config */
	NHG_FAILED = 1 << 3,		/* last create/replace refused (fail) */
	NHG_WRITE = 1 << 4,		/* create or replace queued */
	NHG_KILL = 1 << 5,		/* being deleted together with its routes */
	NHG_GCQ = 1 << 6,		/* on the gc list */
	NHG_PLAN = 1 << 7,		/* scratch: seen by the current plan */
	NHG_FRESH = 1 << 8,		/* id just allocated: created exclusively */
	NHG_REVERTED = 1 << 9,		/* an in-place replace failed in this flush */
	NHG_SEEN = 1 << 10,		/* scratch: seen in a kernel dump */
};

enum nhg_type {
	NHG_T_MPATH = 0,		/* NEXTHOP_GRP_TYPE_MPATH: hash-threshold */
	NHG_T_RES = 1,			/* NEXTHOP_GRP_TYPE_RES: resilient */
	NHG_T_VIRTUAL = 2,		/* no kernel object: RTA_MULTIPATH on the routes */
};

struct fib_nhg {
	struct fib_nhg *next, *prev;	/* all groups */
	struct fib_nhset *members;	/* what the kernel has (or is being given) */
	struct fib_nhset *old_members;	/* before an in-place replace in flight (revert) */
	uint32_t id;			/* 0: virtual */
	uint32_t nroutes;		/* kernel routes pointing at it */
	uint32_t nplanned;		/* routes being moved to it */
	uint16_t flags;
	uint8_t type;			/* enum nhg_type */
	uint16_t buckets;		/* resilient */
	uint32_t idle_timer, unbalanced_timer;	/* seconds */
	struct fib_fail *fail;
	/* plan scratch */
	uint32_t p_moves;		/* its routes that move */
	uint32_t p_best_n;		/* of those, to p_best */
	struct fib_nhset *p_best;	/* the most common non-empty target */
};

/* ---- routes ---- */
enum {
	R_DIRTY = 1 << 0,		/* on the dirty list: plan it */
	R_QUEUED = 1 << 1,		/* a route write is planned/in flight (tgt, or R_DEL) */
	R_DEL = 1 << 2,			/* the queued write deletes */
	R_KUNKNOWN = 1 << 3,		/* the kernel holds a route of ours not described by grp */
	R_STALE = 1 << 4,		/* adopted at start-up, not asked for yet */
	R_KILL = 1 << 5,		/* goes with a group being deleted */
	R_PLANNED = 1 << 6,		/* scratch: moves in the current plan */
	R_SEEN = 1 << 7,		/* scratch: seen in a kernel dump */
};

struct fib_route {
	struct fib_route *hnext;
	struct fib_nhset *want;		/* asked for by the RIB; NULL: withdrawn */
	struct fib_nhg *grp;		/* what the kernel holds (acknowledged) */
	struct fib_nhg *tgt;		/* being written */
	struct fib_fail *fail;		/* last write failed */
	struct prefix pfx;
	uint8_t flags;
};

_Static_assert(sizeof(struct fib_route) <= 64, "a route is one cache line");

/* ---- the route table: exact match on struct prefix (fib_rtab.c) ---- */
struct rtab {
	struct fib_route **b;
	size_t mask;
	size_t n;
	/* routes come from blocks of RTAB_BLOCK; freed ones go on a free list */
	struct fib_route *free;
	void **blocks;
	size_t n_blocks;
};
#define RTAB_BLOCK	4096

bool rtab_init(struct rtab *t);
void rtab_free(struct rtab *t);		/* frees the entries (not their references) */
size_t rtab_memory(const struct rtab *t);	/* octets held */
struct fib_route *rtab_get(const struct rtab *t, const struct prefix *p);
struct fib_route *rtab_add(struct rtab *t, const struct prefix *p);	/* new, zeroed but pfx */
void rtab_del(struct rtab *t, struct fib_route *r);	/* unlink and free */

#define RTAB_FOREACH(t, i, r, nx) \
	for ((i) = 0; (i) <= (t)->mask; (i)++) \
		for ((r) = (t)->b[(i)]; (r) != NULL && ((nx) = (r)->hnext, 1); (r) = (nx))

/* ---- ids: our kernel nexthop ids, and ids others use in our range ---- */
enum { ID_FREE = 0, ID_NH = 1, ID_GRP = 2, ID_FOREIGN = 3, ID_TOMB = 4 };
struct idmap_ent {
	uint32_t id;
	uint8_t kind;
	void *p;
};
struct idmap {
	struct idmap_ent *e;
	size_t mask, used, live;
};

/* ---- the table of next hops, sets and groups (nhgroup.c) ---- */
struct nhtab {
	struct fib_nh **nh_b;
	size_t nh_mask, n_nh;
	struct fib_nhset **set_b;
	size_t set_mask, n_sets;
	struct fib_nhg *groups;		/* list of all groups */
	size_t n_groups;
	struct idmap ids;
	uint32_t id_base, id_count, id_next;
	uint32_t gen;			/* bumped when a next hop's usability changes */
	bool objects;			/* nexthop objects (else virtual groups) */
	bool sync_done;			/* adopted objects may now be deleted */
	/* parameters of the groups we create */
	uint8_t type;			/* NHG_T_RES or NHG_T_MPATH */
	uint16_t buckets;
	uint32_t idle_timer, unbalanced_timer;
	struct pvec gc;			/* groups and next hops that may have become unused */
	struct pvec gc_nh;
	struct pvec grp_write;		/* groups to write outside a plan (restores) */
};

bool nhtab_init(struct nhtab *t, bool objects, uint32_t id_base, uint32_t id_count);
void nhtab_free(struct nhtab *t);

/* Next hops */
struct fib_nh *nh_intern(struct nhtab *t, const struct fib_nexthop *x);
struct fib_nh *nh_find(const struct nhtab *t, const struct fib_nexthop *x);
void nh_release(struct nhtab *t, struct fib_nh *nh);	/* free if unused and not in the kernel */
int nh_cmp(const struct fib_nh *a, const struct fib_nh *b);
#define NHTAB_FOREACH_NH(t, i, nh, nx) \
	for ((i) = 0; (i) <= (t)->nh_mask; (i)++) \
		for ((nh) = (t)->nh_b[(i)]; (nh) != NULL && ((nx) = (nh)->hnext, 1); (nh) = (nx))

/* Sets: nhset_get() returns a referenced set for the given next hops (any order, duplicates allowed). */
struct fib_nhset *nhset_get(struct nhtab *t, struct fib_nh *const *nh, size_t n);
void nhset_ref(struct fib_nhset *s);
void nhset_unref(struct nhtab *t, struct fib_nhset *s);
/* The usable subset (not referenced for the caller); NULL when none is usable. */
struct fib_nhset *nhset_eff(struct nhtab *t, struct fib_nhset *s);
bool nhset_has(const struct fib_nhset *s, const struct fib_nh *nh);

/*
 * The usability of some next hops changed (they carry NH_TOUCHED): bump the
 * generation and mark the sets containing them SET_TOUCHED. Returns the number
 * of sets marked; the caller dirties the routes wanting them, then calls
 * nhtab_untouch().
 */
size_t nhtab_touch(struct nhtab *t);
void nhtab_untouch(struct nhtab *t);

/* Ids */
uint32_t nhtab_alloc_id(struct nhtab *t);	/* 0 when the range is full */
bool idmap_put(struct idmap *m, uint32_t id, uint8_t kind, void *p);
struct idmap_ent *idmap_get(const struct idmap *m, uint32_t id);
void idmap_del(struct idmap *m, uint32_t id);

/* Groups */
struct fib_nhg *nhg_new(struct nhtab *t, struct fib_nhset *members, uint32_t id, uint8_t type);
void nhg_free(struct nhtab *t, struct fib_nhg *g);
struct fib_nhg *nhg_by_id(const struct nhtab *t, uint32_t id);
struct fib_nh *nh_by_id(const struct nhtab *t, uint32_t id);
/* Give g the members `s` (referenced here), keeping the primary pointers right. */
void nhg_set_members(struct nhtab *t, struct fib_nhg *g, struct fib_nhset *s);
/* May g be deleted now (no routes, not needed)? Puts it on the gc list when so. */
void nhg_maybe_gc(struct nhtab *t, struct fib_nhg *g);
bool nhg_reusable(const struct nhtab *t, const struct fib_nhg *g, uint64_t now);

/* Route references */
void route_set_grp(struct nhtab *t, struct fib_route *r, struct fib_nhg *g);
void route_set_tgt(struct nhtab *t, struct fib_route *r, struct fib_nhg *g);
void route_set_want(struct nhtab *t, struct fib_route *r, struct fib_nhset *s);

/*
 * The plan of one flush, made from the dirty routes by nhg_plan():
 *  grp_write  groups to create (not NHG_IN_KERNEL) or replace in place
 *  grp_kill   groups all of whose routes are withdrawn: deleting the group
 *             deletes them in the kernel (one message)
 *  killed     the routes those deletions take away
 *  routes     routes to write: r->tgt (add/replace) or R_DEL (delete)
 *  freed      routes the plan found withdrawn and not in the kernel (freed)
 */
struct fib_plan {
	struct pvec grp_write;
	struct pvec grp_kill;
	struct pvec killed;
	struct pvec routes;
	size_t pos;			/* next route to write (the flush resumes here) */
	size_t settled;			/* dirty routes that needed no route message */
	size_t inplace;			/* groups replaced in place */
	size_t refused;			/* routes without a usable next hop */
	size_t freed;
};

/*
 * Cost rule for one group G whose routes move: replace G in place with
 * target T (c of its moving routes go to T, `stay` routes of G do not move),
 * or move those c routes to a group with T? In place costs one group message
 * plus a route message per stayer (and a group for them when their set has
 * none); moving costs a route message per mover (and a group for T when it
 * has none, and deleting G when nothing is left on it).
 */
static inline bool
nhg_replace_in_place(size_t c, size_t stay, bool stay_set_has_group, bool target_has_group)
{
	if (c == 0)
		return false;
	size_t in_place = 1 + stay + (stay > 0 && !stay_set_has_group ? 1 : 0);
	size_t move = c + (target_has_group ? 0 : 1) + (stay == 0 ? 1 : 0);
	return in_place < move;
}

/*
 * Turn the dirty routes into a plan (see struct fib_plan). Clears R_DIRTY on
 * them; routes in the plan are R_QUEUED. `now` (ms) decides whether a group
 * whose last replace failed may be replaced again.
 */
bool nhg_plan(struct nhtab *t, struct rtab *rt, struct pvec *dirty, struct fib_plan *p,
    uint64_t now);
void fib_plan_reset(struct fib_plan *p);
void fib_plan_free(struct fib_plan *p);

/* ---- helpers shared by the I/O files ---- */
uint64_t fib_now_ms(void);
int afs_family(uint8_t afs);			/* AF_INET / AF_INET6 */
int family_afs(int family);			/* -1 if neither */
/* "10.0.0.1" / "fe80::1%3" */
const char *fib_nh_str(const struct fib_nh *nh, char *buf, size_t len);
const char *fib_addr_str(uint8_t afs, const uint8_t *addr, char *buf, size_t len);
const char *fib_pfx_str(const struct prefix *p, char *buf, size_t len);

#endif /* ECMPD_FIB_INT_H */
