/*
 * nhgroup.c -- interned next hops, next-hop sets and kernel groups, and the
 * plan of a flush: which groups to create, replace in place or delete, and
 * which routes to write.
 *
 * Pure: no I/O, no clock, no logging; fib.c carries the plan out over
 * netlink. See fib_int.h for the ownership rules.
 *
 * The coalescing decision (nhg_plan): the dirty routes are grouped by the
 * kernel group they point at now. When the routes of a group G move to one
 * target set T, G itself is given T (RTM_NEWNEXTHOP with NLM_F_REPLACE on
 * G's id) instead of moving each route: 100,000 prefixes losing a load
 * balancer cost one message, and with a resilient group the flows of the
 * remaining next hops stay where they are. nhg_replace_in_place() weighs
 * this against moving the routes when only part of G changes. A group all
 * of whose routes are withdrawn is deleted, which deletes its routes in the
 * kernel with it.
 */
#include "config.h"

#include "fib_int.h"

/* ---- hashing ---- */
static uint32_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

static uint32_t
nh_key_hash(uint8_t afs, const uint8_t *addr, uint32_t hint)
{
	uint64_t a, b;
	memcpy(&a, addr, 8);
	memcpy(&b, addr + 8, 8);
	return mix64(a * 31 + b * 0x9e3779b97f4a7c15ull + ((uint64_t)hint << 8 | afs));
}

static uint32_t
set_hash(struct fib_nh *const *nh, size_t n)
{
	uint64_t h = n;
	for (size_t i = 0; i < n; i++)
		h = h * 0x100000001b3ull ^ (uint64_t)(uintptr_t)nh[i];
	return mix64(h);
}

/* ---- ids ---- */
static bool
idmap_grow(struct idmap *m)
{
	size_t mask = m->mask ? m->mask * 2 + 1 : 255;
	if (m->live * 4 < (m->mask + 1))
		mask = m->mask ? m->mask : 255;	/* mostly tombstones: rehash in place */
	struct idmap_ent *e = calloc(mask + 1, sizeof(*e));
	if (e == NULL)
		return false;
	for (size_t i = 0; m->e != NULL && i <= m->mask; i++) {
		if (m->e[i].kind == ID_FREE || m->e[i].kind == ID_TOMB)
			continue;
		size_t j = mix64(m->e[i].id) & mask;
		while (e[j].kind != ID_FREE)
			j = (j + 1) & mask;
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->mask = mask;
	m->used = m->live;
	return true;
}

struct idmap_ent *
idmap_get(const struct idmap *m, uint32_t id)
{
	if (m->e == NULL)
		return NULL;
	for (size_t j = mix64(id) & m->mask;; j = (j + 1) & m->mask) {
		struct idmap_ent *x = &m->e[j];
		if (x->kind == ID_FREE)
			return NULL;
		if (x->kind != ID_TOMB && x->id == id)
			return x;
	}
}

bool
idmap_put(struct idmap *m, uint32_t id, uint8_t kind, void *p)
{
	struct idmap_ent *x = idmap_get(m, id);
	if (x != NULL) {
		x->kind = kind;
		x->p = p;
		return true;
	}
	if ((m->used + 1) * 2 > m->mask + 1 && !idmap_grow(m))
		return false;
	size_t j = mix64(id) & m->mask;
	while (m->e[j].kind != ID_FREE && m->e[j].kind != ID_TOMB)
		j = (j + 1) & m->mask;
	if (m->e[j].kind == ID_FREE)
		m->used++;
	m->e[j] = (struct idmap_ent){ id, kind, p };
	m->live++;
	return true;
}

void
idmap_del(struct idmap *m, uint32_t id)
{
	struct idmap_ent *x = idmap_get(m, id);
	if (x != NULL) {
		x->kind = ID_TOMB;
		x->p = NULL;
		m->live--;
	}
}

uint32_t
nhtab_alloc_id(struct nhtab *t)
{
	for (uint32_t i = 0; i < t->id_count; i++) {
		uint32_t id = t->id_base + t->id_next;
		t->id_next = (t->id_next + 1) % t->id_count;
		if (idmap_get(&t->ids, id) == NULL)
			return id;
	}
	return 0;
}

struct fib_nhg *
nhg_by_id(const struct nhtab *t, uint32_t id)
{
	struct idmap_ent *x = idmap_get(&t->ids, id);
	return x != NULL && x->kind == ID_GRP ? x->p : NULL;
}

struct fib_nh *
nh_by_id(const struct nhtab *t, uint32_t id)
{
	struct idmap_ent *x = idmap_get(&t->ids, id);
	return x != NULL && x->kind == ID_NH ? x->p : NULL;
}

/* ---- the table ---- */
bool
nhtab_init(struct nhtab *t, bool objects, uint32_t id_base, uint32_t id_count)
{
	memset(t, 0, sizeof(*t));
	t->objects = objects;
	t->id_base = id_base;
	t->id_count = id_count;
	t->type = NHG_T_RES;
	t->buckets = 128;
	t->idle_timer = 120;
	t->nh_mask = 63;
	t->set_mask = 63;
	t->nh_b = calloc(t->nh_mask + 1, sizeof(*t->nh_b));
	t->set_b = calloc(t->set_mask + 1, sizeof(*t->set_b));
	t->gen = 1;
	if (t->nh_b == NULL || t->set_b == NULL || !idmap_grow(&t->ids)) {
		nhtab_free(t);
		return false;
	}
	return true;
}

void
nhtab_free(struct nhtab *t)
{
	while (t->groups != NULL) {
		struct fib_nhg *g = t->groups;
		t->groups = g->next;
		free(g->fail);
		free(g);
	}
	for (size_t i = 0; t->set_b != NULL && i <= t->set_mask; i++) {
		struct fib_nhset *s = t->set_b[i], *nx;
		for (; s != NULL; s = nx) {
			nx = s->hnext;
			free(s);
		}
	}
	for (size_t i = 0; t->nh_b != NULL && i <= t->nh_mask; i++) {
		struct fib_nh *nh = t->nh_b[i], *nx;
		for (; nh != NULL; nh = nx) {
			nx = nh->hnext;
			free(nh->fail);
			free(nh);
		}
	}
	free(t->set_b);
	free(t->nh_b);
	free(t->ids.e);
	pvec_free(&t->gc);
	pvec_free(&t->gc_nh);
	pvec_free(&t->grp_write);
	memset(t, 0, sizeof(*t));
}

/* ---- next hops ---- */
int
nh_cmp(const struct fib_nh *a, const struct fib_nh *b)
{
	if (a->afs != b->afs)
		return a->afs < b->afs ? -1 : 1;
	int c = memcmp(a->addr, b->addr, 16);
	if (c != 0)
		return c;
	return a->hint < b->hint ? -1 : a->hint > b->hint ? 1 : 0;
}

static void
nh_norm(const struct fib_nexthop *x, uint8_t addr[16])
{
	memset(addr, 0, 16);
	memcpy(addr, x->addr, x->afs == AFS_IPV4_UNICAST ? 4 : 16);
}

struct fib_nh *
nh_find(const struct nhtab *t, const struct fib_nexthop *x)
{
	uint8_t addr[16];
	nh_norm(x, addr);
	uint32_t h = nh_key_hash(x->afs, addr, x->ifindex);
	for (struct fib_nh *nh = t->nh_b[h & t->nh_mask]; nh != NULL; nh = nh->hnext)
		if (nh->afs == x->afs && nh->hint == x->ifindex && !memcmp(nh->addr, addr, 16))
			return nh;
	return NULL;
}

static void
nh_grow(struct nhtab *t)
{
	size_t mask = t->nh_mask * 2 + 1;
	struct fib_nh **b = calloc(mask + 1, sizeof(*b));
	if (b == NULL)
		return;
	for (size_t i = 0; i <= t->nh_mask; i++) {
		struct fib_nh *nh = t->nh_b[i], *nx;
		for (; nh != NULL; nh = nx) {
			nx = nh->hnext;
			size_t j = nh_key_hash(nh->afs, nh->addr, nh->hint) & mask;
			nh->hnext = b[j];
			b[j] = nh;
		}
	}
	free(t->nh_b);
	t->nh_b = b;
	t->nh_mask = mask;
}

struct fib_nh *
nh_intern(struct nhtab *t, const struct fib_nexthop *x)
{
	struct fib_nh *nh = nh_find(t, x);
	if (nh != NULL)
		return nh;
	if ((nh = calloc(1, sizeof(*nh))) == NULL)
		return NULL;
	nh->afs = x->afs;
	nh_norm(x, nh->addr);
	nh->hint = x->ifindex;
	nh->reason = NH_UNRESOLVED;
	nh->flags = NH_NEW;
	if (t->n_nh >= t->nh_mask)
		nh_grow(t);
	size_t j = nh_key_hash(nh->afs, nh->addr, nh->hint) & t->nh_mask;
	nh->hnext = t->nh_b[j];
	t->nh_b[j] = nh;
	t->n_nh++;
	return nh;
}

void
nh_release(struct nhtab *t, struct fib_nh *nh)
{
	if (nh->refcnt != 0 || (nh->flags & (NH_IN_KERNEL | NH_GCQ)))
		return;	/* in use, in the kernel, or on the gc list (which releases it) */
	struct fib_nh **pp = &t->nh_b[nh_key_hash(nh->afs, nh->addr, nh->hint) & t->nh_mask];
	for (; *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == nh) {
			*pp = nh->hnext;
			t->n_nh--;
			break;
		}
	}
	if (nh->id != 0) {
		struct idmap_ent *x = idmap_get(&t->ids, nh->id);
		if (x != NULL && x->p == nh)
			idmap_del(&t->ids, nh->id);
	}
	free(nh->fail);
	free(nh);
}

/* An unused next hop: free it, or queue its kernel object for deletion. */
static void
nh_unused(struct nhtab *t, struct fib_nh *nh)
{
	if (nh->flags & NH_IN_KERNEL) {
		if (!(nh->flags & NH_GCQ) && pvec_push(&t->gc_nh, nh))
			nh->flags |= NH_GCQ;
		return;
	}
	if (!(nh->flags & NH_GCQ))
		nh_release(t, nh);
}

/* ---- sets ---- */
static int
nhp_cmp(const void *a, const void *b)
{
	return nh_cmp(*(struct fib_nh *const *)a, *(struct fib_nh *const *)b);
}

static void
set_grow(struct nhtab *t)
{
	size_t mask = t->set_mask * 2 + 1;
	struct fib_nhset **b = calloc(mask + 1, sizeof(*b));
	if (b == NULL)
		return;
	for (size_t i = 0; i <= t->set_mask; i++) {
		struct fib_nhset *s = t->set_b[i], *nx;
		for (; s != NULL; s = nx) {
			nx = s->hnext;
			s->hnext = b[s->hash & mask];
			b[s->hash & mask] = s;
		}
	}
	free(t->set_b);
	t->set_b = b;
	t->set_mask = mask;
}

/* Look up or create the set of nh[0..n), which is sorted and without duplicates. */
static struct fib_nhset *
set_get_sorted(struct nhtab *t, struct fib_nh *const *nh, size_t n)
{
	uint32_t h = set_hash(nh, n);
	for (struct fib_nhset *s = t->set_b[h & t->set_mask]; s != NULL; s = s->hnext) {
		if (s->hash == h && s->n == n && !memcmp(s->nh, nh, n * sizeof(*nh))) {
			s->refcnt++;
			return s;
		}
	}
	struct fib_nhset *s = calloc(1, sizeof(*s) + n * sizeof(s->nh[0]));
	if (s == NULL)
		return NULL;
	s->hash = h;
	s->n = (uint16_t)n;
	s->refcnt = 1;
	memcpy(s->nh, nh, n * sizeof(*nh));
	for (size_t i = 0; i < n; i++)
		if (nh[i]->refcnt++ == 0)
			nh[i]->flags |= NH_NEW;	/* used again: resolve it afresh */
	if (t->n_sets >= t->set_mask)
		set_grow(t);
	s->hnext = t->set_b[h & t->set_mask];
	t->set_b[h & t->set_mask] = s;
	t->n_sets++;
	return s;
}

struct fib_nhset *
nhset_get(struct nhtab *t, struct fib_nh *const *nh, size_t n)
{
	if (n == 0 || n > FIB_MAX_NEXTHOPS)
		return NULL;
	struct fib_nh *v[FIB_MAX_NEXTHOPS];
	memcpy(v, nh, n * sizeof(*nh));
	qsort(v, n, sizeof(v[0]), nhp_cmp);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return set_get_sorted(t, v, k);
}

void
nhset_ref(struct fib_nhset *s)
{
	s->refcnt++;
}

void
nhset_unref(struct nhtab *t, struct fib_nhset *s)
{
	if (s == NULL || --s->refcnt > 0)
		return;
	struct fib_nhset **pp = &t->set_b[s->hash & t->set_mask];
	for (; *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == s) {
			*pp = s->hnext;
			t->n_sets--;
			break;
		}
	}
	if (s->eff != NULL && s->eff != s)
		nhset_unref(t, s->eff);
	for (size_t i = 0; i < s->n; i++)
		if (--s->nh[i]->refcnt == 0)
			nh_unused(t, s->nh[i]);
	free(s);
}

bool
nhset_has(const struct fib_nhset *s, const struct fib_nh *nh)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->nh[i] == nh)
			return true;
	return false;
}

struct fib_nhset *
nhset_eff(struct nhtab *t, struct fib_nhset *s)
{
	if (s->eff_gen == t->gen)
		return s->eff;
	struct fib_nh *v[FIB_MAX_NEXTHOPS];
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (nh_usable(s->nh[i]))
			v[k++] = s->nh[i];
	struct fib_nhset *eff = k == s->n ? s : k == 0 ? NULL : set_get_sorted(t, v, k);
	if (s->eff != NULL && s->eff != s)
		nhset_unref(t, s->eff);
	s->eff = eff;
	s->eff_gen = t->gen;
	return eff;
}

size_t
nhtab_touch(struct nhtab *t)
{
	size_t n = 0;
	t->gen++;
	for (size_t i = 0; i <= t->set_mask; i++) {
		for (struct fib_nhset *s = t->set_b[i]; s != NULL; s = s->hnext) {
			for (size_t k = 0; k < s->n; k++) {
				if (s->nh[k]->flags & NH_TOUCHED) {
					s->flags |= SET_TOUCHED;
					n++;
					break;
				}
			}
		}
	}
	return n;
}

void
nhtab_untouch(struct nhtab *t)
{
	for (size_t i = 0; i <= t->set_mask; i++)
		for (struct fib_nhset *s = t->set_b[i]; s != NULL; s = s->hnext)
			s->flags &= (uint16_t)~SET_TOUCHED;
	for (size_t i = 0; i <= t->nh_mask; i++)
		for (struct fib_nh *nh = t->nh_b[i]; nh != NULL; nh = nh->hnext)
			nh->flags &= (uint16_t)~NH_TOUCHED;
}

/* ---- groups ---- */
struct fib_nhg *
nhg_new(struct nhtab *t, struct fib_nhset *members, uint32_t id, uint8_t type)
{
	struct fib_nhg *g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	if (id != 0 && !idmap_put(&t->ids, id, ID_GRP, g)) {
		free(g);
		return NULL;
	}
	g->id = id;
	g->type = type;
	g->buckets = t->buckets;
	g->idle_timer = t->idle_timer;
	g->unbalanced_timer = t->unbalanced_timer;
	nhset_ref(members);
	g->members = members;
	if (members->grp == NULL)
		members->grp = g;
	g->next = t->groups;
	if (t->groups != NULL)
		t->groups->prev = g;
	t->groups = g;
	t->n_groups++;
	return g;
}

void
nhg_free(struct nhtab *t, struct fib_nhg *g)
{
	if (g->prev != NULL)
		g->prev->next = g->next;
	else
		t->groups = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
	t->n_groups--;
	if (g->id != 0) {
		struct idmap_ent *x = idmap_get(&t->ids, g->id);
		if (x != NULL && x->p == g)
			idmap_del(&t->ids, g->id);
	}
	if (g->members->grp == g)
		g->members->grp = NULL;
	nhset_unref(t, g->members);
	if (g->old_members != NULL)
		nhset_unref(t, g->old_members);
	free(g->fail);
	free(g);
}

void
nhg_set_members(struct nhtab *t, struct fib_nhg *g, struct fib_nhset *s)
{
	struct fib_nhset *old = g->members;
	nhset_ref(s);
	if (old->grp == g)
		old->grp = NULL;
	g->members = s;
	if (s->grp == NULL && !(g->flags & NHG_MISMATCH))
		s->grp = g;
	nhset_unref(t, old);
}

void
nhg_maybe_gc(struct nhtab *t, struct fib_nhg *g)
{
	if (g->nroutes == 0 && g->nplanned == 0 && !(g->flags & NHG_GCQ)) {
		if (pvec_push(&t->gc, g))
			g->flags |= NHG_GCQ;
	}
}

bool
nhg_reusable(const struct nhtab *t, const struct fib_nhg *g, uint64_t now)
{
	if (g->flags & (NHG_MISMATCH | NHG_KILL))
		return false;
	if (g->fail != NULL && now < g->fail->next_try)
		return false;	/* its last write failed: not again before the back-off */
	return t->objects ? g->id != 0 : g->id == 0;
}

/* ---- route references ---- */
void
route_set_grp(struct nhtab *t, struct fib_route *r, struct fib_nhg *g)
{
	struct fib_nhg *old = r->grp;
	if (g != NULL)
		g->nroutes++;
	r->grp = g;
	if (old != NULL) {
		old->nroutes--;
		nhg_maybe_gc(t, old);
	}
}

void
route_set_tgt(struct nhtab *t, struct fib_route *r, struct fib_nhg *g)
{
	struct fib_nhg *old = r->tgt;
	if (g != NULL)
		g->nplanned++;
	r->tgt = g;
	if (old != NULL) {
		old->nplanned--;
		nhg_maybe_gc(t, old);
	}
}

void
route_set_want(struct nhtab *t, struct fib_route *r, struct fib_nhset *s)
{
	struct fib_nhset *old = r->want;
	r->want = s;
	if (old != NULL)
		nhset_unref(t, old);
}

/* ---- the plan ---- */
struct move {
	struct fib_route *r;
	struct fib_nhset *T;		/* target set; NULL: delete */
};

struct pair {
	struct fib_nhg *g;
	struct fib_nhset *T;
	size_t n;
};

struct pairtab {
	struct pair *e;
	size_t mask, used;
};

static uint32_t
pair_hash(const struct fib_nhg *g, const struct fib_nhset *T)
{
	return mix64((uint64_t)(uintptr_t)g * 31 ^ (uint64_t)(uintptr_t)T);
}

static bool
pair_inc(struct pairtab *pt, struct fib_nhg *g, struct fib_nhset *T)
{
	if ((pt->used + 1) * 2 > pt->mask + 1) {
		size_t mask = pt->mask ? pt->mask * 2 + 1 : 63;
		struct pair *e = calloc(mask + 1, sizeof(*e));
		if (e == NULL)
			return false;
		for (size_t i = 0; pt->e != NULL && i <= pt->mask; i++) {
			if (pt->e[i].g == NULL)
				continue;
			size_t j = pair_hash(pt->e[i].g, pt->e[i].T) & mask;
			while (e[j].g != NULL)
				j = (j + 1) & mask;
			e[j] = pt->e[i];
		}
		free(pt->e);
		pt->e = e;
		pt->mask = mask;
	}
	size_t j = pair_hash(g, T) & pt->mask;
	for (;; j = (j + 1) & pt->mask) {
		struct pair *x = &pt->e[j];
		if (x->g == NULL) {
			*x = (struct pair){ g, T, 1 };
			pt->used++;
			return true;
		}
		if (x->g == g && x->T == T) {
			x->n++;
			return true;
		}
	}
}

static bool
move_push(struct move **mv, size_t *n, size_t *cap, struct fib_route *r, struct fib_nhset *T)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		struct move *m = realloc(*mv, c * sizeof(*m));
		if (m == NULL)
			return false;
		*mv = m;
		*cap = c;
	}
	(*mv)[(*n)++] = (struct move){ r, T };
	r->flags |= R_PLANNED;
	return true;
}

/* The group routes with target set T should point at: the set's primary, or a new one. */
static struct fib_nhg *
group_for(struct nhtab *t, struct fib_nhset *T, struct fib_plan *p, uint64_t now)
{
	struct fib_nhg *g = T->grp;
	if (g != NULL && !(g->flags & (NHG_MISMATCH | NHG_KILL)) && (g->id != 0) == t->objects) {
		/* a create that failed is retried after its back-off; its routes wait */
		bool backoff = (g->flags & NHG_FAILED) && g->fail != NULL && now < g->fail->next_try;
		if (t->objects && !(g->flags & (NHG_IN_KERNEL | NHG_WRITE)) && !backoff) {
			/* lost, or its create failed: write it again */
			if (!pvec_push(&p->grp_write, g))
				return NULL;
			g->flags |= NHG_WRITE;
		}
		return g;
	}
	uint32_t id = 0;
	if (t->objects && (id = nhtab_alloc_id(t)) == 0)
		return NULL;
	if ((g = nhg_new(t, T, id, t->objects ? t->type : NHG_T_VIRTUAL)) == NULL)
		return NULL;
	T->grp = g;
	if (t->objects) {
		g->flags |= NHG_FRESH;
		if (!pvec_push(&p->grp_write, g)) {
			nhg_free(t, g);
			return NULL;
		}
		g->flags |= NHG_WRITE;
	}
	return g;
}

static void
settle(struct fib_route *r)
{
	fib_fail_clear(&r->fail);
	r->flags &= (uint8_t)~R_KUNKNOWN;
	if (r->want != NULL)
		r->flags &= (uint8_t)~R_STALE;
}

bool
nhg_plan(struct nhtab *t, struct rtab *rt, struct pvec *dirty, struct fib_plan *p, uint64_t now)
{
	size_t nm = 0, cap = dirty->n;
	struct move *mv = cap > 0 ? malloc(cap * sizeof(*mv)) : NULL;
	if (mv == NULL)
		cap = 0;
	struct pairtab pt = { 0 };
	struct pvec touched = { 0 };
	bool ok = false;

	/* 1: each dirty route: settled, refused/forgotten, or a move from its group */
	for (size_t i = 0; i < dirty->n; i++) {
		struct fib_route *r = dirty->v[i];
		r->flags &= (uint8_t)~R_DIRTY;
		if (r->flags & (R_QUEUED | R_PLANNED))
			continue;
		struct fib_nhset *T = r->want != NULL ? nhset_eff(t, r->want) : NULL;
		struct fib_nhg *G = r->grp;
		if (G != NULL && G->members == T && !(r->flags & R_KUNKNOWN) &&
		    !(G->flags & NHG_MISMATCH)) {
			settle(r);
			p->settled++;
			continue;
		}
		if (G == NULL && T == NULL && !(r->flags & R_KUNKNOWN)) {
			if (r->want == NULL) {
				route_set_tgt(t, r, NULL);
				rtab_del(rt, r);
				p->freed++;
			} else {
				fib_fail_clear(&r->fail);
				p->refused++;
			}
			continue;
		}
		if (!move_push(&mv, &nm, &cap, r, T))
			goto out;
		if (G != NULL && G->id != 0 && (G->flags & NHG_IN_KERNEL)) {
			if (!(G->flags & NHG_PLAN)) {
				if (!pvec_push(&touched, G))
					goto out;
				G->flags |= NHG_PLAN;
				G->p_moves = 0;
				G->p_best = NULL;
				G->p_best_n = 0;
			}
			G->p_moves++;
			if (T != NULL && !pair_inc(&pt, G, T))
				goto out;
		}
	}

	/* 2: per group: the most common target; replace in place, or delete with its routes */
	for (size_t i = 0; pt.e != NULL && i <= pt.mask; i++) {
		struct pair *x = &pt.e[i];
		if (x->g != NULL && x->n > x->g->p_best_n) {
			x->g->p_best = x->T;
			x->g->p_best_n = (uint32_t)x->n;
		}
	}
	for (size_t i = 0; i < touched.n; i++) {
		struct fib_nhg *G = touched.v[i];
		size_t stay = G->nroutes - G->p_moves;
		if (G->p_best == NULL) {
			if (stay == 0 && t->objects) {
				if (!pvec_push(&p->grp_kill, G))
					goto out;
				G->flags |= NHG_KILL;
				if (G->members->grp == G)
					G->members->grp = NULL;
			}
			continue;
		}
		if (!t->objects || !nhg_reusable(t, G, now) || G->old_members != NULL)
			continue;
		struct fib_nhset *S = G->members, *T = G->p_best;
		bool stay_has = S->grp != NULL && S->grp != G && nhg_reusable(t, S->grp, now);
		bool tgt_has = T->grp != NULL && nhg_reusable(t, T->grp, now);
		if (!nhg_replace_in_place(G->p_best_n, stay, stay_has, tgt_has))
			continue;
		if (!(G->flags & NHG_WRITE) && !pvec_push(&p->grp_write, G))
			goto out;
		G->flags |= NHG_WRITE;
		nhset_ref(S);
		G->old_members = S;
		nhg_set_members(t, G, T);
		p->inplace++;
		if (stay > 0) {
			/* the routes of G that did not change keep S: they move */
			size_t b;
			struct fib_route *r, *nx;
			RTAB_FOREACH(rt, b, r, nx) {
				if (r->grp == G && !(r->flags & (R_PLANNED | R_QUEUED)) &&
				    !move_push(&mv, &nm, &cap, r, S))
					goto out;
			}
		}
	}

	/* 3: the route writes */
	for (size_t i = 0; i < nm; i++) {
		struct fib_route *r = mv[i].r;
		struct fib_nhset *T = mv[i].T;
		struct fib_nhg *G = r->grp;
		if (G != NULL && (G->flags & NHG_KILL)) {
			if (!pvec_push(&p->killed, r))
				goto out;
			r->flags |= R_KILL | R_QUEUED;
			continue;
		}
		if (T == NULL) {
			if (!pvec_push(&p->routes, r))
				goto out;
			r->flags |= R_QUEUED | R_DEL;
			continue;
		}
		if (G != NULL && G->members == T && !(r->flags & R_KUNKNOWN) &&
		    !(G->flags & NHG_MISMATCH)) {
			settle(r);	/* its group was replaced in place */
			p->settled++;
			continue;
		}
		struct fib_nhg *TG = group_for(t, T, p, now);
		if (TG == NULL || !pvec_push(&p->routes, r))
			goto out;
		route_set_tgt(t, r, TG);
		r->flags |= R_QUEUED;
	}
	ok = true;
out:
	for (size_t i = 0; i < nm; i++)
		mv[i].r->flags &= (uint8_t)~R_PLANNED;
	for (size_t i = 0; i < touched.n; i++)
		((struct fib_nhg *)touched.v[i])->flags &= (uint16_t)~NHG_PLAN;
	free(mv);
	free(pt.e);
	pvec_free(&touched);
	return ok;
}

void
fib_plan_reset(struct fib_plan *p)
{
	p->grp_write.n = p->grp_kill.n = p->killed.n = p->routes.n = 0;
	p->pos = p->settled = p->inplace = p->refused = p->freed = 0;
}

void
fib_plan_free(struct fib_plan *p)
{
	pvec_free(&p->grp_write);
	pvec_free(&p->grp_kill);
	pvec_free(&p->killed);
	pvec_free(&p->routes);
	memset(p, 0, sizeof(*p));
}
