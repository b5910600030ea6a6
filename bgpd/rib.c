/*
 * rib.c -- the RIB data model of rib.h: prefix entries and their paths,
 * peers, interned next hops, and the per-prefix decision with change
 * reports.
 *
 * Change detection: before a prefix's paths change, the identities of its
 * best path and multipath members -- (peer, path id, attribute set, next
 * hop) -- are noted; after the decision they are compared. Pointers and
 * handles in the note are compared, never followed, and a new next hop or
 * attribute set is always taken before the old one is dropped, so a freed
 * handle cannot come back as a look-alike within one operation.
 */
#include "rib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#define MAX_PEERS	0xffffu		/* rib_path.peer is 16 bits */
#define MAX_PATHS	0xffffu		/* rib_path.tx_id is 16 bits */
#define NO_SLOT		UINT32_MAX

struct rib_peer {
	uint32_t id;
	bool used;
	struct rib_peer_info info;
	size_t npaths;
};

struct rib_nh {
	struct rib_addr addr;
	bool reachable;
	uint32_t igp_cost;
	uint32_t refcnt;		/* paths through it; 0: free slot */
	uint32_t next_free;
	uint64_t hash;
};

/* who a best or multipath member is, for change detection */
struct ident {
	const struct attrset *attrs;
	uint32_t path_id;
	uint32_t nexthop;
	uint16_t peer;
};

struct rib {
	struct attrset_table *attrs;
	struct decide_opts opts;
	rib_change_fn *on_change;
	rib_resolve_fn *resolve;
	void *arg;
	uint64_t seed;

	struct pt_table tab[AFS_COUNT];
	size_t paths;
	size_t multi;			/* entries with an array */
	size_t array_bytes;

	/* peers: slots, and an open-addressing index id -> slot + 1 */
	struct rib_peer *peers;
	uint32_t npeers_cap;
	uint32_t npeers;
	uint32_t *peer_idx;
	uint32_t peer_mask;
	uint32_t last_id, last_slot;	/* one-entry cache: updates come in runs per peer */

	/* next hops: slots, and an index hash -> slot + 1 */
	struct rib_nh *nh;
	uint32_t nh_cap;
	uint32_t nh_count;
	uint32_t nh_free;		/* slot + 1, 0: none */
	uint32_t nh_next;		/* never used slots start here */
	uint32_t *nh_idx;
	uint32_t nh_mask;
	struct rib_addr last_nh;	/* one-entry cache */
	uint32_t last_nh_slot;

	/* scratch for the decision, sized for the largest entry seen */
	uint32_t scap;
	struct decide_path *dp;
	uint32_t *order;
	uint32_t *mp;
	uint32_t *work;			/* DECIDE_SCRATCH(scap) */
	struct rib_path *tmp;
	struct ident *old_id;
};

/* ---- entry paths ---- */

static inline bool
is_many(const struct rib_entry *e)
{
	return (e->u.one.flags & RIB_PATH_MANY_TAG) != 0;
}

static inline struct rib_path *
paths_of(struct rib_entry *e)
{
	return is_many(e) ? e->u.many.v : &e->u.one;
}

static inline unsigned
npaths_of(const struct rib_entry *e)
{
	return rib_entry_npaths(e);
}

static int
find_path(struct rib_entry *e, uint16_t peer, uint32_t path_id)
{
	struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e);

	for (unsigned i = 0; i < n; i++)
		if (p[i].peer == peer && p[i].path_id == path_id)
			return (int)i;
	return -1;
}

/* ---- scratch ---- */

static bool
scratch_reserve(struct rib *rib, unsigned n)
{
	if (n <= rib->scap)
		return true;
	uint32_t cap = rib->scap ? rib->scap : 16;
	while (cap < n)
		cap *= 2;
	void *p;
	if ((p = realloc(rib->dp, cap * sizeof(*rib->dp))) == NULL)
		return false;
	rib->dp = p;
	if ((p = realloc(rib->order, cap * sizeof(*rib->order))) == NULL)
		return false;
	rib->order = p;
	if ((p = realloc(rib->mp, cap * sizeof(*rib->mp))) == NULL)
		return false;
	rib->mp = p;
	if ((p = realloc(rib->work, DECIDE_SCRATCH(cap) * sizeof(*rib->work))) == NULL)
		return false;
	rib->work = p;
	if ((p = realloc(rib->tmp, cap * sizeof(*rib->tmp))) == NULL)
		return false;
	rib->tmp = p;
	if ((p = realloc(rib->old_id, cap * sizeof(*rib->old_id))) == NULL)
		return false;
	rib->old_id = p;
	rib->scap = cap;
	return true;
}

/* ---- peers ---- */

static inline uint32_t
peer_hash(uint32_t id)
{
	/* the daemon picks ids, not the peers: a multiplicative hash is enough */
	return id * 0x9e3779b1u;
}

static uint32_t
peer_slot(const struct rib *rib, uint32_t id)
{
	if (rib->peer_idx == NULL)
		return NO_SLOT;
	for (uint32_t i = peer_hash(id) & rib->peer_mask;; i = (i + 1) & rib->peer_mask) {
		uint32_t s = rib->peer_idx[i];
		if (s == 0)
			return NO_SLOT;
		if (rib->peers[s - 1].id == id)
			return s - 1;
	}
}

static inline uint32_t
peer_slot_cached(struct rib *rib, uint32_t id)
{
	if (rib->last_slot != NO_SLOT && rib->last_id == id)
		return rib->last_slot;
	uint32_t s = peer_slot(rib, id);
	if (s != NO_SLOT) {
		rib->last_id = id;
		rib->last_slot = s;
	}
	return s;
}

/* Rebuild the id index for nslots (a power of two, more than twice the peers). */
static bool
peer_reindex(struct rib *rib, uint32_t nslots)
{
	uint32_t *idx = calloc(nslots, sizeof(*idx));

	if (idx == NULL)
		return false;
	for (uint32_t s = 0; s < rib->npeers_cap; s++) {
		if (!rib->peers[s].used)
			continue;
		uint32_t i = peer_hash(rib->peers[s].id) & (nslots - 1);
		while (idx[i] != 0)
			i = (i + 1) & (nslots - 1);
		idx[i] = s + 1;
	}
	free(rib->peer_idx);
	rib->peer_idx = idx;
	rib->peer_mask = nslots - 1;
	return true;
}

/* ---- next hops ---- */

static inline bool
addr_equal(const struct rib_addr *a, const struct rib_addr *b)
{
	return a->afs == b->afs && memcmp(a->a, b->a, sizeof(a->a)) == 0;
}

static inline uint64_t
nh_hash(const struct rib *rib, const struct rib_addr *a)
{
	return XXH3_64bits_withSeed(a, sizeof(*a), rib->seed);
}

static uint32_t
nh_find(const struct rib *rib, const struct rib_addr *a, uint64_t h)
{
	if (rib->nh_idx == NULL)
		return NO_SLOT;
	for (uint32_t i = (uint32_t)h & rib->nh_mask;; i = (i + 1) & rib->nh_mask) {
		uint32_t s = rib->nh_idx[i];
		if (s == 0)
			return NO_SLOT;
		if (rib->nh[s - 1].hash == h && addr_equal(&rib->nh[s - 1].addr, a))
			return s - 1;
	}
}

static bool
nh_reindex(struct rib *rib, uint32_t nslots)
{
	uint32_t *idx = calloc(nslots, sizeof(*idx));

	if (idx == NULL)
		return false;
	for (uint32_t s = 0; s < rib->nh_next; s++) {
		if (rib->nh[s].refcnt == 0)
			continue;
		uint32_t i = (uint32_t)rib->nh[s].hash & (nslots - 1);
		while (idx[i] != 0)
			i = (i + 1) & (nslots - 1);
		idx[i] = s + 1;
	}
	free(rib->nh_idx);
	rib->nh_idx = idx;
	rib->nh_mask = nslots - 1;
	return true;
}

/* A reference to the next hop a: found, or made and resolved. NO_SLOT when out of memory. */
static uint32_t
nh_get(struct rib *rib, const struct rib_addr *a)
{
	if (rib->last_nh_slot != NO_SLOT && addr_equal(&rib->last_nh, a)) {
		rib->nh[rib->last_nh_slot].refcnt++;
		return rib->last_nh_slot;
	}
	uint64_t h = nh_hash(rib, a);
	uint32_t s = nh_find(rib, a, h);
	if (s == NO_SLOT) {
		if (rib->nh_idx == NULL || 2 * (rib->nh_count + 1) > rib->nh_mask + 1) {
			if (!nh_reindex(rib, rib->nh_idx == NULL ? 16 : 2 * (rib->nh_mask + 1)))
				return NO_SLOT;
		}
		if (rib->nh_free != 0) {
			s = rib->nh_free - 1;
			rib->nh_free = rib->nh[s].next_free;
		} else {
			if (rib->nh_next == rib->nh_cap) {
				uint32_t cap = rib->nh_cap ? 2 * rib->nh_cap : 16;
				struct rib_nh *v = realloc(rib->nh, cap * sizeof(*v));
				if (v == NULL)
					return NO_SLOT;
				rib->nh = v;
				rib->nh_cap = cap;
			}
			s = rib->nh_next++;
		}
		struct rib_nh *n = &rib->nh[s];
		memset(n, 0, sizeof(*n));
		n->addr = *a;
		n->hash = h;
		n->reachable = true;
		n->igp_cost = DECIDE_IGP_UNKNOWN;
		if (rib->resolve != NULL)
			rib->resolve(rib->arg, a, &n->reachable, &n->igp_cost);
		uint32_t i = (uint32_t)h & rib->nh_mask;
		while (rib->nh_idx[i] != 0)
			i = (i + 1) & rib->nh_mask;
		rib->nh_idx[i] = s + 1;
		rib->nh_count++;
	}
	rib->nh[s].refcnt++;
	rib->last_nh = *a;
	rib->last_nh_slot = s;
	return s;
}

static void
nh_put(struct rib *rib, uint32_t s)
{
	struct rib_nh *n = &rib->nh[s];

	if (--n->refcnt > 0)
		return;
	/* out of the index, by backward shift */
	uint32_t i = (uint32_t)n->hash & rib->nh_mask;
	while (rib->nh_idx[i] != s + 1)
		i = (i + 1) & rib->nh_mask;
	uint32_t j = i;
	for (;;) {
		j = (j + 1) & rib->nh_mask;
		uint32_t m = rib->nh_idx[j];
		if (m == 0)
			break;
		uint32_t home = (uint32_t)rib->nh[m - 1].hash & rib->nh_mask;
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (!stays) {
			rib->nh_idx[i] = m;
			i = j;
		}
	}
	rib->nh_idx[i] = 0;
	n->next_free = rib->nh_free;
	rib->nh_free = s + 1;
	rib->nh_count--;
	if (rib->last_nh_slot == s)
		rib->last_nh_slot = NO_SLOT;
}

/* ---- the decision for one entry ---- */

static void
fill_decide(const struct rib *rib, const struct rib_path *p, struct decide_path *dp)
{
	const struct attrset *s = p->attrs;
	const struct rib_peer *peer = &rib->peers[p->peer];
	const struct rib_nh *nh = &rib->nh[p->nexthop];
	uint8_t f = 0;

	dp->local_pref = s->k.local_pref;
	dp->med = s->k.med;
	dp->as_path_len = s->as_path_len;
	dp->neighbor_as = s->neighbor_as;
	dp->igp_cost = nh->igp_cost;
	dp->router_id = peer->info.router_id;
	dp->originator_id = s->k.originator_id;
	dp->cluster_len = s->cluster_len;
	dp->path_id = p->path_id;
	dp->tie = p->peer;
	dp->peer_addr = peer->info.addr;
	dp->origin = attrset_has(s, BGP_ATTR_ORIGIN) ? s->k.origin : BGP_ORIGIN_INCOMPLETE;
	if (nh->reachable)
		f |= DP_ELIGIBLE;
	if (peer->info.ebgp)
		f |= DP_EBGP;
	if (attrset_has(s, BGP_ATTR_LOCAL_PREF))
		f |= DP_HAS_LOCAL_PREF;
	if (attrset_has(s, BGP_ATTR_MED))
		f |= DP_HAS_MED;
	if (attrset_has(s, BGP_ATTR_ORIGINATOR_ID))
		f |= DP_HAS_ORIGINATOR;
	dp->flags = f;
}

static inline struct ident
ident_of(const struct rib_path *p)
{
	struct ident id = { p->attrs, p->path_id, p->nexthop, p->peer };
	return id;
}

static inline bool
ident_equal(const struct ident *a, const struct ident *b)
{
	return a->attrs == b->attrs && a->path_id == b->path_id &&
	    a->nexthop == b->nexthop && a->peer == b->peer;
}

/* What the entry's best and multipath members were before a change. */
struct before {
	unsigned nmp;		/* multipath members noted in rib->old_id */
	bool has_best;		/* old_id[0] is the best */
};

static void
note_before(struct rib *rib, struct rib_entry *e, struct before *b)
{
	const struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e);

	b->nmp = 0;
	b->has_best = n > 0 && (p[0].flags & RIB_PATH_BEST);
	for (unsigned i = 0; i < n; i++)
		if (p[i].flags & RIB_PATH_MULTIPATH)
			rib->old_id[b->nmp++] = ident_of(&p[i]);
}

/*
 * Decide the entry again and compare with what was noted. chg carries the
 * caller's RIB_CHG_PATHS; returns the full mask.
 */
static unsigned
redecide(struct rib *rib, struct rib_entry *e, const struct before *b, unsigned chg)
{
	struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e);

	if (n == 1) {
		uint8_t f = rib->nh[p->nexthop].reachable ?
		    RIB_PATH_ELIGIBLE | RIB_PATH_BEST | RIB_PATH_MULTIPATH : 0;
		if ((p->flags ^ f) & RIB_PATH_ELIGIBLE)
			chg |= RIB_CHG_PATHS;
		p->flags = f;
	} else if (n > 1) {
		struct decide_path *dp = rib->dp;
		uint32_t *order = rib->order, *mp = rib->mp;
		for (unsigned i = 0; i < n; i++)
			fill_decide(rib, &p[i], &dp[i]);
		decide_rank(dp, n, &rib->opts, order, rib->work);
		unsigned k = decide_multipath(dp, n, order, &rib->opts, mp);
		for (unsigned i = 0; i < n; i++) {
			uint8_t f = dp[i].flags & DP_ELIGIBLE ? RIB_PATH_ELIGIBLE : 0;
			if ((p[i].flags ^ f) & RIB_PATH_ELIGIBLE)
				chg |= RIB_CHG_PATHS;
			p[i].flags = f;
		}
		for (unsigned j = 0; j < k; j++)
			p[mp[j]].flags |= RIB_PATH_MULTIPATH;
		if (k > 0)
			p[order[0]].flags |= RIB_PATH_BEST;
		for (unsigned i = 0; i < n; i++)
			rib->tmp[i] = p[order[i]];
		memcpy(p, rib->tmp, n * sizeof(*p));
	}

	/* compare with before */
	bool has_best = n > 0 && (p[0].flags & RIB_PATH_BEST);
	if (has_best != b->has_best) {
		chg |= RIB_CHG_BEST;
	} else if (has_best) {
		struct ident now = ident_of(&p[0]);
		if (!ident_equal(&now, &rib->old_id[0]))
			chg |= RIB_CHG_BEST;
	}
	unsigned k = 0;
	bool mp_same = true;
	for (unsigned i = 0; i < n && mp_same; i++) {
		if (!(p[i].flags & RIB_PATH_MULTIPATH))
			continue;
		struct ident now = ident_of(&p[i]);
		if (k >= b->nmp || !ident_equal(&now, &rib->old_id[k]))
			mp_same = false;
		k++;
	}
	if (!mp_same || k != b->nmp)
		chg |= RIB_CHG_MULTIPATH;
	return chg;
}

/* Tell the owner; the prefix is the one stored (host bits cleared). */
static void
notify(struct rib *rib, const struct pt_table *t, const struct rib_entry *e, unsigned chg)
{
	if (chg == 0 || rib->on_change == NULL)
		return;
	struct prefix pp;
	pt_prefix(t, e, &pp);
	rib->on_change(rib->arg, &pp, e, chg);
}

/* Smallest local path id not in use in the entry (1..n+1). */
static uint16_t
new_tx_id(struct rib *rib, struct rib_entry *e)
{
	const struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e);
	uint32_t *bits = rib->work;	/* DECIDE_SCRATCH(n+1) words: plenty for n+2 bits */
	unsigned words = (n + 2 + 31) / 32;

	memset(bits, 0, words * sizeof(*bits));
	for (unsigned i = 0; i < n; i++)
		if (p[i].tx_id <= n + 1)
			bits[p[i].tx_id / 32] |= 1u << (p[i].tx_id % 32);
	for (unsigned id = 1;; id++)
		if (!(bits[id / 32] & 1u << (id % 32)))
			return (uint16_t)id;
}

/* Make room for one more path; false when out of memory. */
static bool
grow(struct rib *rib, struct rib_entry *e)
{
	unsigned n = npaths_of(e);

	if (n == 0)
		return true;
	if (n == 1) {
		struct rib_path *v = malloc(4 * sizeof(*v));
		if (v == NULL)
			return false;
		v[0] = e->u.one;
		memset(&e->u, 0, sizeof(e->u));
		e->u.many.v = v;
		e->u.many.n = 1;
		e->u.many.cap = 4;
		e->u.many.tag = RIB_PATH_MANY_TAG;
		rib->multi++;
		rib->array_bytes += 4 * sizeof(*v);
		return true;
	}
	if (n < e->u.many.cap)
		return true;
	uint32_t cap = 2 * e->u.many.cap;
	if (cap > MAX_PATHS)
		cap = MAX_PATHS;
	struct rib_path *v = realloc(e->u.many.v, cap * sizeof(*v));
	if (v == NULL)
		return false;
	rib->array_bytes += (cap - e->u.many.cap) * sizeof(*v);
	e->u.many.v = v;
	e->u.many.cap = cap;
	return true;
}

static void
append_path(struct rib_entry *e, const struct rib_path *np)
{
	if (!is_many(e))
		e->u.one = *np;
	else
		e->u.many.v[e->u.many.n++] = *np;
}

/* Remove path i keeping the order; back to the inline form at one path. */
static void
remove_path(struct rib *rib, struct rib_entry *e, unsigned i)
{
	struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e);

	attrset_unref(rib->attrs, p[i].attrs);
	nh_put(rib, p[i].nexthop);
	rib->peers[p[i].peer].npaths--;
	rib->paths--;
	if (!is_many(e)) {
		memset(&e->u, 0, sizeof(e->u));
		return;
	}
	memmove(&p[i], &p[i + 1], (n - i - 1) * sizeof(*p));
	e->u.many.n = --n;
	if (n == 1) {
		struct rib_path last = p[0];
		rib->array_bytes -= e->u.many.cap * sizeof(*p);
		rib->multi--;
		free(p);
		e->u.one = last;
	}
}

static void
free_paths(struct rib *rib, struct rib_entry *e)
{
	while (npaths_of(e) > 0)
		remove_path(rib, e, npaths_of(e) - 1);
}

static inline bool
pfx_ok(const struct prefix *p)
{
	return p->afs < AFS_COUNT && p->len <= 8 * afs_addr_len((enum afs)p->afs);
}

/* ---- public: setup ---- */

struct rib *
rib_new(struct attrset_table *attrs, const struct rib_config *cfg)
{
	struct rib *rib = calloc(1, sizeof(*rib));

	if (rib == NULL)
		return NULL;
	rib->attrs = attrs;
	rib->opts = cfg->decide;
	rib->on_change = cfg->on_change;
	rib->resolve = cfg->resolve;
	rib->arg = cfg->arg;
	rib->seed = cfg->seed;
	rib->last_slot = NO_SLOT;
	rib->last_nh_slot = NO_SLOT;
	for (unsigned a = 0; a < AFS_COUNT; a++)
		pt_init(&rib->tab[a], (enum afs)a, sizeof(struct rib_entry),
		    cfg->seed ^ (0x9e3779b97f4a7c15ull * (a + 1)));
	if (!scratch_reserve(rib, 16)) {
		rib_free(rib);
		return NULL;
	}
	return rib;
}

static bool
free_entry_cb(void *data, void *arg)
{
	free_paths(arg, data);
	return true;
}

void
rib_free(struct rib *rib)
{
	if (rib == NULL)
		return;
	for (unsigned a = 0; a < AFS_COUNT; a++) {
		pt_foreach(&rib->tab[a], free_entry_cb, rib);
		pt_destroy(&rib->tab[a]);
	}
	free(rib->peers);
	free(rib->peer_idx);
	free(rib->nh);
	free(rib->nh_idx);
	free(rib->dp);
	free(rib->order);
	free(rib->mp);
	free(rib->work);
	free(rib->tmp);
	free(rib->old_id);
	free(rib);
}

const struct decide_opts *
rib_decide_opts(const struct rib *rib)
{
	return &rib->opts;
}

/* ---- walks that re-decide ---- */

struct sweep {
	struct rib *rib;
	struct pt_table *t;
	enum { SWEEP_PEER_DOWN, SWEEP_PEER, SWEEP_NEXTHOP, SWEEP_ALL } what;
	uint32_t key;		/* peer slot or next hop slot */
	size_t left;		/* paths still to find (stop early at 0) */
	size_t done;		/* paths removed, or prefixes changed */
};

static bool
sweep_cb(void *data, void *arg)
{
	struct sweep *sw = arg;
	struct rib *rib = sw->rib;
	struct rib_entry *e = data;
	struct rib_path *p = paths_of(e);
	unsigned n = npaths_of(e), hits = 0;

	switch (sw->what) {
	case SWEEP_PEER_DOWN:
	case SWEEP_PEER:
		for (unsigned i = 0; i < n; i++)
			hits += p[i].peer == sw->key;
		break;
	case SWEEP_NEXTHOP:
		for (unsigned i = 0; i < n; i++)
			hits += p[i].nexthop == sw->key;
		break;
	case SWEEP_ALL:
		hits = n > 1;
		break;
	}
	if (hits == 0)
		return true;

	struct before b;
	note_before(rib, e, &b);
	unsigned chg = 0;
	if (sw->what == SWEEP_PEER_DOWN) {
		for (unsigned i = n; i-- > 0;)
			if (paths_of(e)[i].peer == sw->key)
				remove_path(rib, e, i);
		chg = RIB_CHG_PATHS;
		sw->done += hits;
	}
	chg = redecide(rib, e, &b, chg);
	if (sw->what != SWEEP_PEER_DOWN && (chg & (RIB_CHG_BEST | RIB_CHG_MULTIPATH)))
		sw->done++;
	notify(rib, sw->t, e, chg);
	if (npaths_of(e) == 0)
		pt_remove(sw->t, e);
	if (sw->what != SWEEP_ALL) {
		sw->left -= hits < sw->left ? hits : sw->left;
		return sw->left > 0;
	}
	return true;
}

static size_t
sweep(struct rib *rib, int what, uint32_t key, size_t left)
{
	struct sweep sw = { rib, NULL, what, key, left, 0 };

	for (unsigned a = 0; a < AFS_COUNT && (what == SWEEP_ALL || sw.left > 0); a++) {
		sw.t = &rib->tab[a];
		pt_foreach(sw.t, sweep_cb, &sw);
	}
	return sw.done;
}

/* ---- public: peers ---- */

int
rib_peer_set(struct rib *rib, uint32_t peer_id, const struct rib_peer_info *info)
{
	uint32_t s = peer_slot(rib, peer_id);

	if (s != NO_SLOT) {
		struct rib_peer *p = &rib->peers[s];
		bool differs = p->info.ebgp != info->ebgp ||
		    p->info.router_id != info->router_id ||
		    !addr_equal(&p->info.addr, &info->addr);
		p->info = *info;
		if (differs && p->npaths > 0)
			sweep(rib, SWEEP_PEER, s, p->npaths);
		return 0;
	}

	/* a free slot, or a new one */
	for (s = 0; s < rib->npeers_cap && rib->peers[s].used; s++)
		;
	if (s == rib->npeers_cap) {
		if (rib->npeers_cap >= MAX_PEERS)
			return -ENOSPC;
		uint32_t cap = rib->npeers_cap ? 2 * rib->npeers_cap : 8;
		if (cap > MAX_PEERS)
			cap = MAX_PEERS;
		struct rib_peer *v = realloc(rib->peers, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		memset(v + rib->npeers_cap, 0, (cap - rib->npeers_cap) * sizeof(*v));
		rib->peers = v;
		rib->npeers_cap = cap;
	}
	if (rib->peer_idx == NULL || 2 * (rib->npeers + 1) > rib->peer_mask + 1) {
		uint32_t want = rib->peer_idx == NULL ? 16 : 2 * (rib->peer_mask + 1);
		if (!peer_reindex(rib, want))
			return -ENOMEM;
	}
	struct rib_peer *p = &rib->peers[s];
	memset(p, 0, sizeof(*p));
	p->id = peer_id;
	p->used = true;
	p->info = *info;
	uint32_t i = peer_hash(peer_id) & rib->peer_mask;
	while (rib->peer_idx[i] != 0)
		i = (i + 1) & rib->peer_mask;
	rib->peer_idx[i] = s + 1;
	rib->npeers++;
	return 0;
}

size_t
rib_peer_down(struct rib *rib, uint32_t peer_id)
{
	uint32_t s = peer_slot(rib, peer_id);

	if (s == NO_SLOT || rib->peers[s].npaths == 0)
		return 0;
	return sweep(rib, SWEEP_PEER_DOWN, s, rib->peers[s].npaths);
}

void
rib_peer_remove(struct rib *rib, uint32_t peer_id)
{
	uint32_t s = peer_slot(rib, peer_id);

	if (s == NO_SLOT)
		return;
	rib_peer_down(rib, peer_id);
	/* out of the index, by backward shift */
	uint32_t i = peer_hash(peer_id) & rib->peer_mask;
	while (rib->peer_idx[i] != s + 1)
		i = (i + 1) & rib->peer_mask;
	uint32_t j = i;
	for (;;) {
		j = (j + 1) & rib->peer_mask;
		uint32_t m = rib->peer_idx[j];
		if (m == 0)
			break;
		uint32_t home = peer_hash(rib->peers[m - 1].id) & rib->peer_mask;
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (!stays) {
			rib->peer_idx[i] = m;
			i = j;
		}
	}
	rib->peer_idx[i] = 0;
	rib->peers[s].used = false;
	rib->npeers--;
	if (rib->last_slot == s)
		rib->last_slot = NO_SLOT;
}

const struct rib_peer_info *
rib_peer_get(const struct rib *rib, uint32_t peer_id)
{
	uint32_t s = peer_slot(rib, peer_id);
	return s == NO_SLOT ? NULL : &rib->peers[s].info;
}

size_t
rib_peer_paths(const struct rib *rib, uint32_t peer_id)
{
	uint32_t s = peer_slot(rib, peer_id);
	return s == NO_SLOT ? 0 : rib->peers[s].npaths;
}

/* ---- public: paths ---- */

int
rib_update(struct rib *rib, const struct prefix *pfx, uint32_t peer_id,
    uint32_t path_id, const struct attrset *attrs, const struct rib_addr *nexthop)
{
	if (!pfx_ok(pfx) || attrs == NULL || nexthop->afs >= AFS_COUNT)
		return -EINVAL;
	uint32_t ps = peer_slot_cached(rib, peer_id);
	if (ps == NO_SLOT)
		return -ENOENT;

	struct pt_table *t = &rib->tab[pfx->afs];
	bool created;
	struct rib_entry *e = pt_get(t, pfx, &created);
	if (e == NULL)
		return -ENOMEM;

	int idx = created ? -1 : find_path(e, (uint16_t)ps, path_id);
	unsigned n = npaths_of(e);
	struct before b;

	if (idx >= 0) {
		struct rib_path *p = &paths_of(e)[idx];
		if (p->attrs == attrs && addr_equal(&rib->nh[p->nexthop].addr, nexthop))
			return 0;	/* nothing new */
		uint32_t nh = nh_get(rib, nexthop);
		if (nh == NO_SLOT)
			return -ENOMEM;
		note_before(rib, e, &b);
		attrset_ref(rib->attrs, attrs);
		attrset_unref(rib->attrs, p->attrs);
		nh_put(rib, p->nexthop);
		p->attrs = attrs;
		p->nexthop = nh;
	} else {
		if (n >= MAX_PATHS)
			return -ENOSPC;
		uint32_t nh = nh_get(rib, nexthop);
		if (nh == NO_SLOT || !scratch_reserve(rib, n + 1) || !grow(rib, e)) {
			if (nh != NO_SLOT)
				nh_put(rib, nh);
			if (created)
				pt_remove(t, e);
			return -ENOMEM;
		}
		note_before(rib, e, &b);
		struct rib_path np = {
			.attrs = attrs,
			.path_id = path_id,
			.nexthop = nh,
			.peer = (uint16_t)ps,
			.tx_id = n == 0 ? 1 : new_tx_id(rib, e),
		};
		attrset_ref(rib->attrs, attrs);
		append_path(e, &np);
		rib->peers[ps].npaths++;
		rib->paths++;
	}
	unsigned chg = redecide(rib, e, &b, RIB_CHG_PATHS);
	notify(rib, t, e, chg);
	return (int)chg;
}

int
rib_withdraw(struct rib *rib, const struct prefix *pfx, uint32_t peer_id,
    uint32_t path_id)
{
	if (!pfx_ok(pfx))
		return -EINVAL;
	uint32_t ps = peer_slot_cached(rib, peer_id);
	if (ps == NO_SLOT)
		return 0;
	struct pt_table *t = &rib->tab[pfx->afs];
	struct rib_entry *e = pt_lookup(t, pfx);
	if (e == NULL)
		return 0;
	int idx = find_path(e, (uint16_t)ps, path_id);
	if (idx < 0)
		return 0;

	struct before b;
	note_before(rib, e, &b);
	remove_path(rib, e, (unsigned)idx);
	unsigned chg = redecide(rib, e, &b, RIB_CHG_PATHS);
	notify(rib, t, e, chg);
	if (npaths_of(e) == 0)
		pt_remove(t, e);
	return (int)chg;
}

size_t
rib_nexthop_set(struct rib *rib, const struct rib_addr *a, bool reachable,
    uint32_t igp_cost)
{
	uint32_t s = nh_find(rib, a, nh_hash(rib, a));

	if (s == NO_SLOT)
		return 0;
	struct rib_nh *n = &rib->nh[s];
	if (n->reachable == reachable && n->igp_cost == igp_cost)
		return 0;
	n->reachable = reachable;
	n->igp_cost = igp_cost;
	return sweep(rib, SWEEP_NEXTHOP, s, n->refcnt);
}

void
rib_set_decide_opts(struct rib *rib, const struct decide_opts *o)
{
	rib->opts = *o;
	if (rib->multi > 0)
		sweep(rib, SWEEP_ALL, 0, 0);
}

/* ---- public: lookups and walks ---- */

const struct rib_entry *
rib_lookup(const struct rib *rib, const struct prefix *pfx)
{
	if (!pfx_ok(pfx))
		return NULL;
	return pt_lookup(&rib->tab[pfx->afs], pfx);
}

const struct rib_entry *
rib_match(struct rib *rib, const struct prefix *pfx, struct prefix *found)
{
	if (!pfx_ok(pfx))
		return NULL;
	const struct rib_entry *e = pt_match(&rib->tab[pfx->afs], pfx);
	if (e != NULL && found != NULL)
		pt_prefix(&rib->tab[pfx->afs], e, found);
	return e;
}

uint32_t
rib_path_peer(const struct rib *rib, const struct rib_path *p)
{
	return rib->peers[p->peer].id;
}

const struct rib_addr *
rib_path_nexthop(const struct rib *rib, const struct rib_path *p)
{
	return &rib->nh[p->nexthop].addr;
}

void
rib_path_nexthop_state(const struct rib *rib, const struct rib_path *p,
    bool *reachable, uint32_t *igp_cost)
{
	*reachable = rib->nh[p->nexthop].reachable;
	*igp_cost = rib->nh[p->nexthop].igp_cost;
}

void
rib_path_decide(const struct rib *rib, const struct rib_path *p, struct decide_path *dp)
{
	fill_decide(rib, p, dp);
}

void
rib_iter_init(struct rib_iter *it, struct rib *rib, enum afs afs)
{
	pt_iter_init(&it->it, &rib->tab[afs]);
}

void
rib_iter_sub(struct rib_iter *it, struct rib *rib, const struct prefix *pfx)
{
	pt_iter_sub(&it->it, &rib->tab[pfx->afs], pfx);
}

void
rib_iter_after(struct rib_iter *it, struct rib *rib, const struct prefix *pfx)
{
	pt_iter_after(&it->it, &rib->tab[pfx->afs], pfx);
}

const struct rib_entry *
rib_iter_next(struct rib_iter *it, struct prefix *pfx)
{
	const struct rib_entry *e = pt_iter_next(&it->it);
	if (e != NULL && pfx != NULL)
		pt_prefix(it->it.t, e, pfx);
	return e;
}

size_t
rib_flush(struct rib *rib, size_t max)
{
	size_t left = 0;

	for (unsigned a = 0; a < AFS_COUNT; a++)
		left += pt_flush(&rib->tab[a], max);
	return left;
}

void
rib_get_stats(const struct rib *rib, struct rib_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned a = 0; a < AFS_COUNT; a++) {
		struct pt_stats ps;
		pt_stats(&rib->tab[a], &ps);
		st->prefixes[a] = ps.entries;
		st->glue[a] = ps.glue;
		st->pending[a] = ps.pending;
		st->bytes_prefixes[a] = ps.bytes;
		st->entry_size[a] = ps.entry_size;
		st->glue_size[a] = ps.glue_size;
	}
	st->paths = rib->paths;
	st->multi_prefixes = rib->multi;
	st->peers = rib->npeers;
	st->nexthops = rib->nh_count;
	st->bytes_paths = rib->array_bytes;
	st->bytes_other = sizeof(*rib) +
	    (size_t)rib->npeers_cap * sizeof(*rib->peers) +
	    (rib->peer_idx != NULL ? ((size_t)rib->peer_mask + 1) * sizeof(uint32_t) : 0) +
	    (size_t)rib->nh_cap * sizeof(*rib->nh) +
	    (rib->nh_idx != NULL ? ((size_t)rib->nh_mask + 1) * sizeof(uint32_t) : 0) +
	    (size_t)rib->scap * (sizeof(*rib->dp) + 2 * sizeof(uint32_t) +
	    sizeof(*rib->tmp) + sizeof(*rib->old_id)) +
	    DECIDE_SCRATCH(rib->scap) * sizeof(uint32_t);
}
