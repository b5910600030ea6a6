/*
 * attrset.c -- interned attribute sets (see attrset.h).
 *
 * Interning builds the candidate set in the table's scratch buffer (the
 * canonical key and the variable parts back to back), hashes key and parts
 * in one XXH3 call, and probes. A hit costs no allocation; a miss copies
 * the scratch image into a fresh allocation.
 */
#include "attrset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

_Static_assert(sizeof(struct attrset_key) == 72, "attrset_key has no padding");

#define MIN_SLOTS 64

struct attrset_table {
	uint64_t seed;
	struct attrset **slots;		/* NULL: empty */
	size_t mask;			/* slots - 1 */
	size_t count;
	size_t bytes;			/* of the sets */
	size_t refs;
	struct attrset *scratch;	/* candidate under construction */
	size_t scratch_cap;		/* octets of data[] it holds */
};

uint64_t
attrset_random_seed(void)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		return seed;
	/* no entropy yet (early boot): something that still differs per run */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 20 ^ (uint64_t)getpid() << 40;
}

struct attrset_table *
attrset_table_new(uint64_t seed)
{
	struct attrset_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->seed = seed;
	t->slots = calloc(MIN_SLOTS, sizeof(*t->slots));
	if (t->slots == NULL) {
		free(t);
		return NULL;
	}
	t->mask = MIN_SLOTS - 1;
	return t;
}

void
attrset_table_free(struct attrset_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i <= t->mask; i++)
		free(t->slots[i]);
	free(t->slots);
	free(t->scratch);
	free(t);
}

static inline size_t
set_size(const struct attrset *s)
{
	size_t n = sizeof(*s);
	for (unsigned i = 0; i < ATTRSET_NVAR; i++)
		n += s->k.len[i];
	return n;
}

static inline size_t
data_len(const struct attrset_key *k)
{
	size_t n = 0;
	for (unsigned i = 0; i < ATTRSET_NVAR; i++)
		n += k->len[i];
	return n;
}

/* Rehash into a table of nslots (a power of two above twice the count). */
static bool
resize(struct attrset_table *t, size_t nslots)
{
	struct attrset **s = calloc(nslots, sizeof(*s));

	if (s == NULL)
		return false;
	for (size_t i = 0; i <= t->mask; i++) {
		struct attrset *a = t->slots[i];
		if (a == NULL)
			continue;
		size_t j = a->hash & (nslots - 1);
		while (s[j] != NULL)
			j = (j + 1) & (nslots - 1);
		s[j] = a;
	}
	free(t->slots);
	t->slots = s;
	t->mask = nslots - 1;
	return true;
}

static bool
scratch_reserve(struct attrset_table *t, size_t dlen)
{
	if (t->scratch != NULL && dlen <= t->scratch_cap)
		return true;
	size_t cap = t->scratch_cap ? t->scratch_cap : 256;
	while (cap < dlen)
		cap *= 2;
	struct attrset *s = realloc(t->scratch, sizeof(*s) + cap);
	if (s == NULL)
		return false;
	t->scratch = s;
	t->scratch_cap = cap;
	return true;
}

/* The canonical key of a: only what is present, everything else zero. */
static void
make_key(const struct wire_attrs *a, struct attrset_key *k, struct wire_bytes *var)
{
	uint64_t pr = a->present & ~(ATTR_BIT(BGP_ATTR_MP_UNREACH) |
	    ATTR_BIT(BGP_ATTR_AS4_PATH) | ATTR_BIT(BGP_ATTR_AS4_AGGREGATOR));

	memset(k, 0, sizeof(*k));
	memset(var, 0, ATTRSET_NVAR * sizeof(*var));
	k->present = pr;
#define HAS(t) ((pr & ATTR_BIT(t)) != 0)
	if (HAS(BGP_ATTR_ORIGIN))
		k->origin = a->origin;
	if (HAS(BGP_ATTR_AS_PATH))
		var[ATTRSET_AS_PATH] = a->as_path;
	if (HAS(BGP_ATTR_NEXT_HOP))
		memcpy(k->next_hop, a->next_hop, 4);
	if (HAS(BGP_ATTR_MED))
		k->med = a->med;
	if (HAS(BGP_ATTR_LOCAL_PREF))
		k->local_pref = a->local_pref;
	if (HAS(BGP_ATTR_AGGREGATOR)) {
		k->aggregator_as = a->aggregator_as;
		k->aggregator_id = a->aggregator_id;
	}
	if (HAS(BGP_ATTR_COMMUNITIES))
		var[ATTRSET_COMMUNITIES] = a->communities;
	if (HAS(BGP_ATTR_ORIGINATOR_ID))
		k->originator_id = a->originator_id;
	if (HAS(BGP_ATTR_CLUSTER_LIST))
		var[ATTRSET_CLUSTER_LIST] = a->cluster_list;
	if (HAS(BGP_ATTR_EXT_COMMUNITIES))
		var[ATTRSET_EXT_COMMUNITIES] = a->ext_communities;
	if (HAS(BGP_ATTR_LARGE_COMMUNITIES))
		var[ATTRSET_LARGE_COMMUNITIES] = a->large_communities;
	if (HAS(BGP_ATTR_OTC))
		k->otc = a->otc;
	if (HAS(BGP_ATTR_MP_REACH)) {
		k->mp_afi = a->mp_reach.afi;
		k->mp_safi = a->mp_reach.safi;
		var[ATTRSET_MP_NEXTHOP].p = a->mp_reach.nexthop;
		var[ATTRSET_MP_NEXTHOP].len = a->mp_reach.nh_len <= sizeof(a->mp_reach.nexthop) ?
		    a->mp_reach.nh_len : (uint32_t)sizeof(a->mp_reach.nexthop);
	}
#undef HAS
	var[ATTRSET_UNKNOWN] = a->unknown;
	for (unsigned i = 0; i < ATTRSET_NVAR; i++) {
		if (var[i].p == NULL)
			var[i].len = 0;
		k->len[i] = var[i].len;
	}
}

static inline bool
same_set(const struct attrset *x, const struct attrset *y, size_t dlen)
{
	return x->hash == y->hash &&
	    memcmp(&x->k, &y->k, sizeof(x->k)) == 0 &&
	    memcmp(x->data, y->data, dlen) == 0;
}

const struct attrset *
attrset_intern(struct attrset_table *t, const struct wire_attrs *a)
{
	struct attrset_key k;
	struct wire_bytes var[ATTRSET_NVAR];

	make_key(a, &k, var);
	size_t dlen = data_len(&k);
	if (!scratch_reserve(t, dlen))
		return NULL;

	struct attrset *c = t->scratch;
	memset(c, 0, sizeof(*c));
	c->k = k;
	uint8_t *q = c->data;
	for (unsigned i = 0; i < ATTRSET_NVAR; i++) {
		if (var[i].len != 0)
			memcpy(q, var[i].p, var[i].len);
		q += var[i].len;
	}
	/* key and data are contiguous: one hash over both */
	_Static_assert(offsetof(struct attrset, data) == offsetof(struct attrset, k) +
	    sizeof(struct attrset_key), "data follows the key");
	c->hash = XXH3_64bits_withSeed(&c->k, sizeof(c->k) + dlen, t->seed);

	size_t i = c->hash & t->mask;
	for (struct attrset *s; (s = t->slots[i]) != NULL; i = (i + 1) & t->mask) {
		if (same_set(s, c, dlen)) {
			s->refcnt++;
			t->refs++;
			return s;
		}
	}

	/* a new set */
	if (2 * (t->count + 1) > t->mask + 1) {
		if (!resize(t, 2 * (t->mask + 1)))
			return NULL;
		i = c->hash & t->mask;
		while (t->slots[i] != NULL)
			i = (i + 1) & t->mask;
	}
	struct attrset *s = malloc(sizeof(*s) + dlen);
	if (s == NULL)
		return NULL;
	memcpy(s, c, sizeof(*s) + dlen);
	s->refcnt = 1;
	struct wire_bytes path = attrset_var(s, ATTRSET_AS_PATH);
	s->as_path_len = wire_aspath_length(path);
	if (!wire_aspath_first_as(path, &s->neighbor_as))
		s->neighbor_as = 0;
	s->cluster_len = s->k.len[ATTRSET_CLUSTER_LIST] / 4;
	t->slots[i] = s;
	t->count++;
	t->refs++;
	t->bytes += sizeof(*s) + dlen;
	return s;
}

void
attrset_ref(struct attrset_table *t, const struct attrset *s)
{
	((struct attrset *)(uintptr_t)s)->refcnt++;
	t->refs++;
}

void
attrset_unref(struct attrset_table *t, const struct attrset *cs)
{
	struct attrset *s = (struct attrset *)(uintptr_t)cs;

	if (s == NULL)
		return;
	if (s->refcnt == 0) {
		fprintf(stderr, "attrset: reference count underflow\n");
		abort();
	}
	t->refs--;
	if (--s->refcnt > 0)
		return;

	/* find the slot and close the gap by backward shift (no tombstones) */
	size_t i = s->hash & t->mask;
	while (t->slots[i] != s) {
		if (t->slots[i] == NULL) {
			fprintf(stderr, "attrset: set not in its table\n");
			abort();
		}
		i = (i + 1) & t->mask;
	}
	size_t j = i;
	for (;;) {
		j = (j + 1) & t->mask;
		struct attrset *m = t->slots[j];
		if (m == NULL)
			break;
		size_t home = m->hash & t->mask;
		/* m may move to i unless its home lies cyclically in (i, j] */
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (!stays) {
			t->slots[i] = m;
			i = j;
		}
	}
	t->slots[i] = NULL;
	t->count--;
	t->bytes -= set_size(s);
	free(s);

	/* shrink a mostly empty table (a peer with many sets went away) */
	if (t->mask + 1 > MIN_SLOTS && 8 * t->count < t->mask + 1)
		(void)resize(t, (t->mask + 1) / 2);
}

struct wire_bytes
attrset_var(const struct attrset *s, enum attrset_var v)
{
	size_t off = 0;
	for (unsigned i = 0; i < (unsigned)v; i++)
		off += s->k.len[i];
	struct wire_bytes b = { s->k.len[v] ? s->data + off : NULL, s->k.len[v] };
	return b;
}

void
attrset_view(const struct attrset *s, struct wire_attrs *a)
{
	struct wire_bytes var[ATTRSET_NVAR];
	const uint8_t *q = s->data;

	for (unsigned i = 0; i < ATTRSET_NVAR; i++) {
		var[i].p = s->k.len[i] ? q : NULL;
		var[i].len = s->k.len[i];
		q += s->k.len[i];
	}
	memset(a, 0, sizeof(*a));
	a->present = s->k.present;
	a->origin = s->k.origin;
	a->as_path = var[ATTRSET_AS_PATH];
	memcpy(a->next_hop, s->k.next_hop, 4);
	a->med = s->k.med;
	a->local_pref = s->k.local_pref;
	a->aggregator_as = s->k.aggregator_as;
	a->aggregator_id = s->k.aggregator_id;
	a->communities = var[ATTRSET_COMMUNITIES];
	a->originator_id = s->k.originator_id;
	a->cluster_list = var[ATTRSET_CLUSTER_LIST];
	a->ext_communities = var[ATTRSET_EXT_COMMUNITIES];
	a->large_communities = var[ATTRSET_LARGE_COMMUNITIES];
	a->otc = s->k.otc;
	a->unknown = var[ATTRSET_UNKNOWN];
	if (attrset_has(s, BGP_ATTR_MP_REACH)) {
		a->mp_reach.afi = s->k.mp_afi;
		a->mp_reach.safi = s->k.mp_safi;
		a->mp_reach.nh_len = (uint8_t)s->k.len[ATTRSET_MP_NEXTHOP];
		if (var[ATTRSET_MP_NEXTHOP].len)
			memcpy(a->mp_reach.nexthop, var[ATTRSET_MP_NEXTHOP].p,
			    var[ATTRSET_MP_NEXTHOP].len);
		int afs = afs_from_afi_safi(s->k.mp_afi, s->k.mp_safi);
		a->mp_reach.known = afs >= 0;
		a->mp_reach.nlri.afs = (uint8_t)(afs >= 0 ? afs : 0);
	}
}

void
attrset_table_stats(const struct attrset_table *t, struct attrset_stats *st)
{
	st->sets = t->count;
	st->refs = t->refs;
	st->slots = t->mask + 1;
	st->bytes = t->bytes + (t->mask + 1) * sizeof(*t->slots);
}
