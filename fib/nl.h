/*
 * nl.h -- netlink for the FIB writer: message encoders (nl_route.c,
 * nl_nexthop.c), lenient parsers of kernel messages (nl_parse.c), the
 * batched write socket and the dump socket (nl_batch.c).
 *
 * The encoders and parsers are pure: they write into, or read from, a
 * caller's buffer and are unit-tested attribute by attribute
 * (tests/unit/test_fib_nl.c). Only nl_batch.c touches sockets.
 */
#ifndef ECMPD_FIB_NL_H
#define ECMPD_FIB_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "wire.h"

#define NL_MAX_NH	256		/* FIB_MAX_NEXTHOPS */

/*
 * mnl_attr_put_check() that also zeroes the attribute's padding (libmnl
 * 1.0.4 leaves it as it was in the buffer: garbage on the wire).
 */
bool nl_attr_put(struct nlmsghdr *nlh, size_t cap, uint16_t type, size_t len, const void *data);

/* A gateway: address (family in afs) and output interface. */
struct nl_gw {
	uint8_t afs;
	uint8_t addr[16];
	uint32_t oif;
};

/* ---- routes (nl_route.c) ---- */
struct nl_route_req {
	uint16_t type;			/* RTM_NEWROUTE (create or replace) or RTM_DELROUTE */
	const struct prefix *pfx;
	uint32_t table;			/* > 255 goes in RTA_TABLE, as iproute2 does */
	uint8_t protocol;
	uint32_t metric;		/* RTA_PRIORITY */
	uint32_t nhid;			/* RTA_NH_ID when != 0 */
	size_t n_gw;			/* else: one gateway, or RTA_MULTIPATH for more */
	const struct nl_gw *gw;
};

/*
 * Write the message at buf (cap octets); NULL when it does not fit. Flags:
 * NLM_F_REQUEST | NLM_F_ACK, plus NLM_F_CREATE | NLM_F_REPLACE for
 * RTM_NEWROUTE (idempotent: creates or replaces atomically, no flap).
 */
struct nlmsghdr *nl_route_put(void *buf, size_t cap, uint32_t seq, const struct nl_route_req *rq);

/* A dump request for the routes of one family, table and protocol (kernel-side filtering). */
struct nlmsghdr *nl_route_dump_put(void *buf, size_t cap, uint32_t seq, int family,
    uint32_t table, uint8_t protocol);

/* ---- nexthop objects (nl_nexthop.c) ---- */
struct nl_nh_req {
	uint16_t type;			/* RTM_NEWNEXTHOP or RTM_DELNEXTHOP */
	uint16_t flags;			/* added to NLM_F_REQUEST | NLM_F_ACK */
	uint32_t id;			/* NHA_ID */
	uint8_t protocol;
	/* a single next hop: */
	const struct nl_gw *gw;		/* NHA_GATEWAY + NHA_OIF */
	bool blackhole;			/* NHA_BLACKHOLE (the probe) */
	/* or a group: */
	size_t n_grp;
	const uint32_t *grp;		/* member ids, weight 1 each */
	uint8_t grp_type;		/* NEXTHOP_GRP_TYPE_MPATH / _RES */
	uint16_t buckets;		/* resilient: NHA_RES_GROUP */
	uint32_t idle_timer;		/* seconds (sent in clock ticks) */
	uint32_t unbalanced_timer;
};
struct nlmsghdr *nl_nexthop_put(void *buf, size_t cap, uint32_t seq, const struct nl_nh_req *rq);
struct nlmsghdr *nl_nexthop_dump_put(void *buf, size_t cap, uint32_t seq);

#define NL_USER_HZ	100		/* clock_t units of the resilient timers */

/* ---- parsing what the kernel sends (nl_parse.c); unknown attributes are skipped ---- */
struct nl_route_info {
	uint16_t type;			/* RTM_NEWROUTE / RTM_DELROUTE */
	uint16_t nlflags;		/* nlmsg_flags (NLM_F_REPLACE on a replace notification) */
	uint8_t family, dst_len, protocol, rtm_type, scope;
	uint32_t rtm_flags;
	uint32_t table;			/* RTA_TABLE, else rtm_table */
	uint32_t metric;
	uint32_t nhid;
	uint8_t dst[16];
	size_t n_gw;			/* RTA_GATEWAY/RTA_VIA + RTA_OIF, or RTA_MULTIPATH entries */
	struct nl_gw gw[NL_MAX_NH];
	bool gw_truncated;		/* more than NL_MAX_NH */
};
bool nl_route_parse(const struct nlmsghdr *nlh, struct nl_route_info *ri);
/* The prefix of a parsed route; false when it is not IPv4/IPv6 unicast-shaped. */
bool nl_route_prefix(const struct nl_route_info *ri, struct prefix *p);

struct nl_nh_info {
	uint16_t type;			/* RTM_NEWNEXTHOP / RTM_DELNEXTHOP */
	uint8_t family, protocol;
	uint32_t nh_flags;
	uint32_t id;
	bool blackhole, fdb, is_group, has_gw;
	struct nl_gw gw;		/* has_gw: NHA_GATEWAY; gw.oif: NHA_OIF */
	uint32_t oif;
	size_t n_grp;
	uint32_t grp[NL_MAX_NH];
	uint8_t weight[NL_MAX_NH];	/* as the kernel counts: weight - 1 */
	bool grp_truncated;
	uint16_t grp_type;
	uint16_t buckets;
	uint32_t idle_timer, unbalanced_timer;	/* seconds */
};
bool nl_nexthop_parse(const struct nlmsghdr *nlh, struct nl_nh_info *ni);

/* An NLMSG_ERROR: the error (0 for an ACK) and the extended ACK's text and offset. */
struct nl_err {
	uint32_t seq;
	int err;			/* positive errno, 0 for an ACK */
	const char *msg;		/* NLMSGERR_ATTR_MSG, or NULL */
	uint32_t off;			/* NLMSGERR_ATTR_OFFS: offending attribute's offset */
	bool has_off;
};
bool nl_err_parse(const struct nlmsghdr *nlh, struct nl_err *e);

/* ---- the write socket: batches with ACKs (nl_batch.c) ---- */
struct nl_op {
	uint8_t kind;			/* the caller's (enum fib_op) */
	void *obj;
};

/* Called once per message sent: err 0 on success; msg is the kernel's text or NULL. */
typedef void nlb_ack_fn(void *arg, const struct nl_op *op, int err, const char *msg);

struct mnl_socket;
struct mnl_nlmsg_batch;
struct nlb {
	struct mnl_socket *sk;
	uint32_t portid;
	char *buf;
	size_t bufsz, limit;
	struct mnl_nlmsg_batch *b;
	uint32_t seq, first_seq;
	struct nl_op *ops;
	size_t n_ops, max_ops;
	char *rbuf;			/* recvmmsg slots */
	nlb_ack_fn *ack;
	void *arg;
	/*
	 * Called with true right before a send whose `quiet` (the caller's
	 * count of kernel notifications it will cause) reaches quiet_min, and
	 * with false right after: the FIB leaves the route notification groups
	 * for that one syscall, so the kernel does not build notifications
	 * nobody needs (see fib_monitor.c).
	 */
	void (*around)(void *arg, bool before);
	size_t quiet, quiet_min;
	uint64_t msgs, sends, errors, lost, quiet_sends;
};

int nlb_open(struct nlb *nb, nlb_ack_fn *ack, void *arg);
void nlb_close(struct nlb *nb);
/* Where the next message goes, and how much room is left. */
void *nlb_space(struct nlb *nb, size_t *cap);
/* The message just written at nlb_space(): give it a seq, remember op; may send. */
void nlb_add(struct nlb *nb, struct nlmsghdr *nlh, uint8_t kind, void *obj);
/* Send what is batched and run the ACK callback for each message. */
void nlb_flush(struct nlb *nb);
static inline size_t
nlb_queued(const struct nlb *nb)
{
	return nb->n_ops;
}

/* ---- the dump socket ---- */
typedef void nld_cb(void *arg, const struct nlmsghdr *nlh);
struct nld {
	struct mnl_socket *sk;
	uint32_t portid, seq;
	char *buf;
};
int nld_open(struct nld *nd);
void nld_close(struct nld *nd);
/*
 * Send the request at req (built by a *_dump_put) and call cb for each
 * message until NLMSG_DONE. Returns 0, or -1 with errno (EINTR when the
 * kernel flagged the dump inconsistent: NLM_F_DUMP_INTR).
 */
int nld_dump(struct nld *nd, struct nlmsghdr *req, nld_cb *cb, void *arg);

#endif /* ECMPD_FIB_NL_H */
