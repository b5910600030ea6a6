/*
 * attrset.h -- interned path attribute sets.
 *
 * Every distinct set of path attributes is stored once, reference-counted,
 * and compared by pointer: two paths carry equal attributes iff their
 * struct attrset pointers are equal. attrset_intern() takes a decoded
 * struct wire_attrs (views into a message and a scratch arena) and COPIES
 * what it keeps into one allocation: every attribute but MP_REACH_NLRI's
 * prefixes and MP_UNREACH_NLRI (the MP_REACH next hop, AFI and SAFI are
 * kept). attrset_view() gives a struct wire_attrs back whose views point
 * into the set, so the UPDATE packer encodes an interned set directly.
 *
 * The table is an open-addressing hash (linear probing, at most half
 * full, deletion by backward shift) keyed by XXH3-64 with a per-table
 * seed: the attributes, and so the keys, are chosen by peers, and a fixed
 * hash would let one of them aim every set at one slot.
 *
 * Sets are immutable once interned. A set also carries what the decision
 * reads from it, computed once: AS_PATH length, neighbor AS, CLUSTER_LIST
 * length.
 *
 * Counters per table (sets, octets, references) feed `show rib summary`.
 */
#ifndef ECMPD_ATTRSET_H
#define ECMPD_ATTRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/* the variable-length parts, stored back to back in this order */
enum attrset_var {
	ATTRSET_AS_PATH,
	ATTRSET_COMMUNITIES,
	ATTRSET_CLUSTER_LIST,
	ATTRSET_EXT_COMMUNITIES,
	ATTRSET_LARGE_COMMUNITIES,
	ATTRSET_UNKNOWN,
	ATTRSET_MP_NEXTHOP,
	ATTRSET_NVAR
};

/*
 * The canonical form: what is hashed and compared, octet for octet. Fields
 * of absent attributes are zero; the struct has no padding.
 */
struct attrset_key {
	uint64_t present;		/* ATTR_BIT()s, MP_UNREACH never */
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;
	uint32_t aggregator_id;
	uint32_t originator_id;
	uint32_t otc;
	uint32_t len[ATTRSET_NVAR];	/* octets of each variable part */
	uint16_t mp_afi;		/* MP_REACH: AFI, SAFI (next hop is a variable part) */
	uint8_t mp_safi;
	uint8_t origin;
	uint8_t next_hop[4];
	uint8_t zero[4];
};

struct attrset {
	uint64_t hash;
	uint32_t refcnt;
	/* for the decision, derived once */
	uint32_t as_path_len;		/* wire_aspath_length() */
	uint32_t neighbor_as;		/* wire_aspath_first_as(), 0 if none */
	uint32_t cluster_len;		/* CLUSTER_LIST entries */
	struct attrset_key k;
	uint8_t data[];			/* the variable parts */
};

struct attrset_stats {
	size_t sets;
	size_t bytes;			/* the sets and the hash table */
	size_t refs;			/* sum of reference counts */
	size_t slots;			/* hash table size */
};

struct attrset_table;

/* A seed from the kernel's random source (getrandom), for attrset_table_new(). */
uint64_t attrset_random_seed(void);

struct attrset_table *attrset_table_new(uint64_t seed);
/* Free the table and every set still in it (references are the owners' to drop first). */
void attrset_table_free(struct attrset_table *t);

/*
 * The set equal to a, with one reference for the caller; NULL when out of
 * memory. a is copied; nothing is kept pointing into it.
 */
const struct attrset *attrset_intern(struct attrset_table *t, const struct wire_attrs *a);
/* Another reference to s. */
void attrset_ref(struct attrset_table *t, const struct attrset *s);
/* Drop a reference; the last one frees s. */
void attrset_unref(struct attrset_table *t, const struct attrset *s);

/* Fill a with views into s (valid while s lives), MP_REACH with its next hop and no prefixes. */
void attrset_view(const struct attrset *s, struct wire_attrs *a);
/* One variable part. */
struct wire_bytes attrset_var(const struct attrset *s, enum attrset_var v);

static inline bool
attrset_has(const struct attrset *s, unsigned type)
{
	return type < 64 && (s->k.present & ATTR_BIT(type)) != 0;
}

void attrset_table_stats(const struct attrset_table *t, struct attrset_stats *st);

#endif /* ECMPD_ATTRSET_H */
