/*
 * decide.c -- the decision comparator, ranking and multipath set; the
 * contract is in decide.h above each function.
 */
#include "decide.h"

#include <string.h>

struct decide_opts
decide_opts_default(void)
{
	struct decide_opts o;

	memset(&o, 0, sizeof(o));
	o.default_local_pref = 100;
	o.deterministic_med = true;
	o.mp_ibgp = 1;
	o.mp_ebgp = 1;
	return o;
}

static const char *const step_names[DECIDE_STEP_COUNT] = {
	[DECIDE_EQUAL] = "equal",
	[DECIDE_STEP_ELIGIBLE] = "eligible",
	[DECIDE_STEP_LOCAL_PREF] = "local-pref",
	[DECIDE_STEP_AS_PATH] = "as-path",
	[DECIDE_STEP_ORIGIN] = "origin",
	[DECIDE_STEP_MED] = "med",
	[DECIDE_STEP_EBGP] = "ebgp",
	[DECIDE_STEP_IGP_COST] = "igp-cost",
	[DECIDE_STEP_ROUTER_ID] = "router-id",
	[DECIDE_STEP_CLUSTER_LIST] = "cluster-list",
	[DECIDE_STEP_PEER_ADDR] = "peer-address",
	[DECIDE_STEP_PATH_ID] = "path-id",
	[DECIDE_STEP_TIE] = "tie",
};

const char *
decide_step_name(unsigned step)
{
	return step < DECIDE_STEP_COUNT ? step_names[step] : "unknown";
}

/* lower value wins: a lower gives -step */
#define LOWER_WINS(x, y, step) do {			\
	if ((x) != (y))					\
		return (x) < (y) ? -(step) : (step);	\
} while (0)

static inline uint32_t
eff_local_pref(const struct decide_path *p, const struct decide_opts *o)
{
	return p->flags & DP_HAS_LOCAL_PREF ? p->local_pref : o->default_local_pref;
}

static inline uint32_t
eff_med(const struct decide_path *p, const struct decide_opts *o)
{
	if (p->flags & DP_HAS_MED)
		return p->med;
	return o->med_missing_as_worst ? UINT32_MAX : 0;
}

static inline uint32_t
eff_router_id(const struct decide_path *p)
{
	return p->flags & DP_HAS_ORIGINATOR ? p->originator_id : p->router_id;
}

int
decide_cmp(const struct decide_path *a, const struct decide_path *b,
    const struct decide_opts *o)
{
	if (a == b)
		return DECIDE_EQUAL;

	/* 1: usable first (a usable path has the flag: "lower" is flag set) */
	LOWER_WINS(!(a->flags & DP_ELIGIBLE), !(b->flags & DP_ELIGIBLE),
	    DECIDE_STEP_ELIGIBLE);
	/* 2: highest LOCAL_PREF */
	LOWER_WINS(~eff_local_pref(a, o), ~eff_local_pref(b, o),
	    DECIDE_STEP_LOCAL_PREF);
	/* 3: shortest AS_PATH */
	LOWER_WINS(a->as_path_len, b->as_path_len, DECIDE_STEP_AS_PATH);
	/* 4: lowest ORIGIN */
	LOWER_WINS(a->origin, b->origin, DECIDE_STEP_ORIGIN);
	/* 5: lowest MED, same neighbor AS unless always compared */
	if (o->always_compare_med || a->neighbor_as == b->neighbor_as)
		LOWER_WINS(eff_med(a, o), eff_med(b, o), DECIDE_STEP_MED);
	/* 6: eBGP over iBGP */
	LOWER_WINS(!(a->flags & DP_EBGP), !(b->flags & DP_EBGP),
	    DECIDE_STEP_EBGP);
	/* 7: lowest IGP cost to the next hop (unknown = highest) */
	LOWER_WINS(a->igp_cost, b->igp_cost, DECIDE_STEP_IGP_COST);
	/* 8: lowest ORIGINATOR_ID or BGP identifier */
	LOWER_WINS(eff_router_id(a), eff_router_id(b), DECIDE_STEP_ROUTER_ID);
	/* 9: shortest CLUSTER_LIST */
	LOWER_WINS(a->cluster_len, b->cluster_len, DECIDE_STEP_CLUSTER_LIST);
	/* 10: lowest peer address, IPv4 first */
	LOWER_WINS(a->peer_addr.afs, b->peer_addr.afs, DECIDE_STEP_PEER_ADDR);
	int c = memcmp(a->peer_addr.a, b->peer_addr.a, sizeof(a->peer_addr.a));
	if (c != 0)
		return c < 0 ? -DECIDE_STEP_PEER_ADDR : DECIDE_STEP_PEER_ADDR;
	/* 11: lowest path id, 12: the caller's tie value */
	LOWER_WINS(a->path_id, b->path_id, DECIDE_STEP_PATH_ID);
	LOWER_WINS(a->tie, b->tie, DECIDE_STEP_TIE);
	return DECIDE_EQUAL;
}

#undef LOWER_WINS

/* ---- ranking ---- */

struct sort_ctx {
	const struct decide_path *p;
	const struct decide_opts *o;
	bool by_group;		/* neighbor AS first */
};

static inline bool
sort_before(const struct sort_ctx *c, uint32_t i, uint32_t j)
{
	const struct decide_path *a = &c->p[i], *b = &c->p[j];

	if (c->by_group && a->neighbor_as != b->neighbor_as)
		return a->neighbor_as < b->neighbor_as;
	/* stable: an equal pair keeps its order */
	return decide_cmp(a, b, c->o) < 0;
}

/* Bottom-up stable merge sort of v[0..n) using tmp[0..n). */
static void
merge_sort(uint32_t *v, uint32_t *tmp, unsigned n, const struct sort_ctx *c)
{
	uint32_t *src = v, *dst = tmp;

	/* short runs by insertion first: most prefixes have a handful of paths */
	enum { RUN = 8 };
	for (unsigned lo = 0; lo < n; lo += RUN) {
		unsigned hi = lo + RUN < n ? lo + RUN : n;
		for (unsigned i = lo + 1; i < hi; i++) {
			uint32_t x = v[i];
			unsigned j = i;
			while (j > lo && sort_before(c, x, v[j - 1])) {
				v[j] = v[j - 1];
				j--;
			}
			v[j] = x;
		}
	}
	for (unsigned w = RUN; w < n; w *= 2) {
		for (unsigned lo = 0; lo < n; lo += 2 * w) {
			unsigned mid = lo + w < n ? lo + w : n;
			unsigned hi = lo + 2 * w < n ? lo + 2 * w : n;
			unsigned i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = sort_before(c, src[j], src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/* heap of run numbers, ordered by the path at each run's head */
struct merge {
	const struct sort_ctx *c;
	const uint32_t *v;	/* the grouped, sorted order */
	uint32_t *pos;		/* per run: next index into v */
	uint32_t *end;		/* per run: end index */
	uint32_t *heap;
	unsigned len;
};

static inline bool
run_before(const struct merge *m, uint32_t r, uint32_t s)
{
	int c = decide_cmp(&m->c->p[m->v[m->pos[r]]], &m->c->p[m->v[m->pos[s]]], m->c->o);
	return c < 0 || (c == 0 && r < s);
}

static void
heap_down(struct merge *m, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, best = i;
		if (l < m->len && run_before(m, m->heap[l], m->heap[best]))
			best = l;
		if (r < m->len && run_before(m, m->heap[r], m->heap[best]))
			best = r;
		if (best == i)
			return;
		uint32_t t = m->heap[i];
		m->heap[i] = m->heap[best];
		m->heap[best] = t;
		i = best;
	}
}

void
decide_rank(const struct decide_path *p, unsigned n,
    const struct decide_opts *o, uint32_t *order, uint32_t *scratch)
{
	struct sort_ctx c = { p, o, o->deterministic_med && !o->always_compare_med };

	for (unsigned i = 0; i < n; i++)
		order[i] = i;
	if (n < 2)
		return;
	merge_sort(order, scratch, n, &c);
	if (!c.by_group)
		return;

	/* the runs of equal neighbor AS */
	uint32_t *out = scratch, *pos = scratch + n, *end = pos + n, *heap = end + n;
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		if (i == 0 || p[order[i]].neighbor_as != p[order[i - 1]].neighbor_as) {
			if (k > 0)
				end[k - 1] = i;
			pos[k++] = i;
		}
	}
	end[k - 1] = n;
	if (k == 1)
		return;

	/* merge: each time the best head of all groups (MED is skipped between them) */
	struct merge m = { &c, order, pos, end, heap, k };
	for (unsigned r = 0; r < k; r++)
		heap[r] = r;
	for (unsigned i = k / 2; i-- > 0;)
		heap_down(&m, i);
	for (unsigned i = 0; i < n; i++) {
		uint32_t r = heap[0];
		out[i] = order[pos[r]++];
		if (pos[r] == end[r])
			heap[0] = heap[--m.len];
		if (m.len > 0)
			heap_down(&m, 0);
	}
	memcpy(order, out, n * sizeof(*order));
}

unsigned
decide_multipath(const struct decide_path *p, unsigned n,
    const uint32_t *order, const struct decide_opts *o, uint32_t *mp)
{
	if (n == 0 || !(p[order[0]].flags & DP_ELIGIBLE))
		return 0;

	const struct decide_path *best = &p[order[0]];
	bool ebgp = (best->flags & DP_EBGP) != 0;
	unsigned max = ebgp ? o->mp_ebgp : o->mp_ibgp;
	unsigned k = 0;

	if (max == 0)
		max = 1;
	mp[k++] = order[0];
	for (unsigned i = 1; i < n && k < max; i++) {
		const struct decide_path *c = &p[order[i]];
		if (!(c->flags & DP_ELIGIBLE))
			continue;
		if (((c->flags & DP_EBGP) != 0) != ebgp)
			continue;
		if (!decide_mp_equal(decide_cmp(best, c, o)))
			continue;
		if (ebgp && !o->mp_as_path_relax && c->neighbor_as != best->neighbor_as)
			continue;
		mp[k++] = order[i];
	}
	return k;
}
