/*
 * decide.h -- the BGP decision process as a pure comparator, the ranking of
 * a prefix's paths and its multipath set.
 *
 * Pure code: no allocation, no globals, no I/O. A path is described by a
 * struct decide_path, a flat record of the facts the decision reads; the
 * RIB fills it from the interned attribute set, the peer and the next hop,
 * and the tests write it by hand. Callers pass scratch space.
 *
 * References: RFC 4271 §9.1.2.2 (the tie-breaking steps), RFC 4456 §9
 * (ORIGINATOR_ID in place of the BGP identifier, CLUSTER_LIST length),
 * RFC 7911 (several paths from one peer: the path identifier as a last
 * resort).
 */
#ifndef ECMPD_DECIDE_H
#define ECMPD_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An IPv4 or IPv6 address: afs is AFS_IPV4_UNICAST (4 octets used) or AFS_IPV6_UNICAST. */
struct rib_addr {
	uint8_t afs;
	uint8_t a[16];		/* network order; unused octets zero */
};

/*
 * The steps of the decision, in the order they are taken. decide_cmp()
 * returns the step that decided, signed: the magnitude is the step, the
 * sign says which path won.
 */
enum decide_step {
	DECIDE_EQUAL = 0,		/* same in every step: the same path */
	DECIDE_STEP_ELIGIBLE,		/* a usable path (next hop reachable) beats one that is not */
	DECIDE_STEP_LOCAL_PREF,		/* highest LOCAL_PREF */
	DECIDE_STEP_AS_PATH,		/* shortest AS_PATH (SET counts 1, confederation segments 0) */
	DECIDE_STEP_ORIGIN,		/* lowest ORIGIN: IGP < EGP < INCOMPLETE */
	DECIDE_STEP_MED,		/* lowest MED, same neighbor AS only unless always-compare */
	DECIDE_STEP_EBGP,		/* learned by eBGP beats learned by iBGP */
	DECIDE_STEP_IGP_COST,		/* lowest IGP cost to the next hop */
	DECIDE_STEP_ROUTER_ID,		/* lowest ORIGINATOR_ID, else peer BGP identifier */
	DECIDE_STEP_CLUSTER_LIST,	/* shortest CLUSTER_LIST */
	DECIDE_STEP_PEER_ADDR,		/* lowest peer address */
	DECIDE_STEP_PATH_ID,		/* lowest received path identifier (add-path) */
	DECIDE_STEP_TIE,		/* lowest tie value (the RIB's peer slot) */
	DECIDE_STEP_COUNT
};

/* flags of a decide_path */
#define DP_ELIGIBLE		0x01	/* next hop reachable: may be best or multipath */
#define DP_EBGP			0x02	/* learned from an external peer */
#define DP_HAS_LOCAL_PREF	0x04
#define DP_HAS_MED		0x08
#define DP_HAS_ORIGINATOR	0x10

#define DECIDE_IGP_UNKNOWN	UINT32_MAX

/* What the decision knows about one path. Values absent on the wire are 0 with their DP_HAS_ flag clear. */
struct decide_path {
	uint32_t local_pref;
	uint32_t med;
	uint32_t as_path_len;	/* wire_aspath_length(): RFC 4271 count */
	uint32_t neighbor_as;	/* first AS of the AS_PATH (confederations skipped), 0 if none */
	uint32_t igp_cost;	/* to the next hop; DECIDE_IGP_UNKNOWN when not known */
	uint32_t router_id;	/* BGP identifier of the peer it came from */
	uint32_t originator_id;	/* ORIGINATOR_ID when DP_HAS_ORIGINATOR */
	uint32_t cluster_len;	/* CLUSTER_LIST entries */
	uint32_t path_id;	/* as received (0 without add-path) */
	uint32_t tie;		/* last resort, distinct per peer (the RIB's peer slot) */
	struct rib_addr peer_addr;
	uint8_t origin;		/* enum bgp_origin */
	uint8_t flags;		/* DP_* */
};

struct decide_opts {
	uint32_t default_local_pref;	/* used where LOCAL_PREF is absent (100) */
	bool always_compare_med;	/* compare MED whatever the neighbor AS */
	bool med_missing_as_worst;	/* absent MED is UINT32_MAX instead of 0 */
	bool deterministic_med;		/* rank by neighbor AS group first (default on) */
	uint16_t mp_ibgp;		/* multipath: at most this many iBGP paths (0, 1: best only) */
	uint16_t mp_ebgp;		/* the same for eBGP */
	bool mp_as_path_relax;		/* eBGP multipath across neighbor ASes (equal AS_PATH length) */
};

/* LOCAL_PREF 100, MED compared per neighbor AS with deterministic ranking, no multipath. */
struct decide_opts decide_opts_default(void);

/*
 * decide_cmp -- compare two paths for the same prefix.
 *
 * Contract. Returns 0 when a and b agree in every step below, otherwise
 * -s when a is preferred and +s when b is, s being the enum decide_step
 * that decided. The steps, each reached only when all earlier ones tie:
 *
 *  1 ELIGIBLE    a path with DP_ELIGIBLE beats one without.
 *  2 LOCAL_PREF  higher wins; an absent LOCAL_PREF counts as
 *                o->default_local_pref (RFC 4271 §5.1.5: eBGP-learned
 *                paths normally carry none, import policy may set one).
 *  3 AS_PATH     lower as_path_len wins (AS_SET counts 1, confederation
 *                segments 0: the count wire_aspath_length() makes).
 *  4 ORIGIN      lower origin wins.
 *  5 MED         only when o->always_compare_med or both have the same
 *                neighbor_as; lower wins; an absent MED counts 0, or
 *                UINT32_MAX with o->med_missing_as_worst. Otherwise skipped.
 *  6 EBGP        DP_EBGP beats iBGP.
 *  7 IGP_COST    lower igp_cost wins; unknown (UINT32_MAX) is the highest
 *                cost, so the step decides only where a cost is known.
 *  8 ROUTER_ID   lower of originator_id (when DP_HAS_ORIGINATOR, RFC 4456
 *                §9) else router_id.
 *  9 CLUSTER_LIST shorter cluster_len wins.
 * 10 PEER_ADDR   lower peer address (IPv4 before IPv6, then octets).
 * 11 PATH_ID     lower received path id: several paths from one add-path
 *                peer stay in a fixed order.
 * 12 TIE         lower tie value: two sessions sharing one address.
 *
 * Multipath equivalence is part of the result: a and b are equal for
 * multipath purposes iff they tie through IGP_COST, i.e. the result is 0
 * or decided at ROUTER_ID or later (decide_mp_equal()).
 *
 * The comparator is a total order when MED is compared for every pair (always-compare-med, or all
 * paths from one neighbor AS). Otherwise it need not be transitive (the
 * MED step is skipped across neighbor ASes); decide_rank() deals with that.
 * a == b (the same record) gives 0.
 */
int decide_cmp(const struct decide_path *a, const struct decide_path *b,
    const struct decide_opts *o);

static inline bool
decide_mp_equal(int r)
{
	return r == 0 || r >= DECIDE_STEP_ROUTER_ID || r <= -DECIDE_STEP_ROUTER_ID;
}

static inline unsigned
decide_step_of(int r)
{
	return (unsigned)(r < 0 ? -r : r);
}

const char *decide_step_name(unsigned step);	/* "local-pref", ...; "equal" for 0 */

/* uint32_t scratch words decide_rank() needs for n paths */
#define DECIDE_SCRATCH(n) (4 * (size_t)(n) + 4)

/*
 * decide_rank -- order n paths best first.
 *
 * order[] receives the indices 0..n-1 of p[], best first; scratch holds
 * DECIDE_SCRATCH(n) words. The best path is order[0] when it is eligible
 * (ineligible paths rank after every eligible one).
 *
 * With deterministic_med (and MED not always compared) the paths are
 * grouped by neighbor AS, each group is sorted with decide_cmp() (within a
 * group it is a total order), and the groups are merged by repeatedly
 * taking the best group head: the k-th path is the best of what the first
 * k-1 leave. That is RFC 4271 §9.1.2.2 exactly (MED eliminates only within
 * a neighbor AS) and does not depend on the order of p[]. With
 * always_compare_med one sort does it. Without deterministic_med the paths
 * are merge-sorted in the order given, the way routers without that option
 * do: with MEDs from several neighbor ASes the outcome may depend on that
 * order.
 */
void decide_rank(const struct decide_path *p, unsigned n,
    const struct decide_opts *o, uint32_t *order, uint32_t *scratch);

/*
 * decide_multipath -- the multipath set of ranked paths.
 *
 * Writes into mp[] the indices of the members, best first, in rank order,
 * and returns their number: 0 when there is no eligible path; otherwise
 * the best and every other path c with
 *   - DP_ELIGIBLE,
 *   - the type (eBGP or iBGP) of the best,
 *   - decide_mp_equal(decide_cmp(best, c)): equal up to the IGP cost,
 *   - for eBGP the neighbor AS of the best, unless mp_as_path_relax (then
 *     the equal AS_PATH length of the comparison suffices),
 * taken in rank order up to mp_ebgp or mp_ibgp members (0 or 1: the best
 * alone).
 */
unsigned decide_multipath(const struct decide_path *p, unsigned n,
    const uint32_t *order, const struct decide_opts *o, uint32_t *mp);

#endif /* ECMPD_DECIDE_H */
