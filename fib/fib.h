/*
 * fib.h -- the FIB writer: puts the RIB's multipath routes into the Linux
 * kernel, and keeps them there.
 *
 * The RIB calls fib_route_set() whenever the multipath set of a prefix
 * changes. Changes are coalesced per prefix and written once per turn of
 * the event loop, so a prefix whose paths arrive one by one is written once.
 * Every distinct next hop becomes one kernel nexthop object and every
 * distinct set one nexthop group shared by all the prefixes that use it;
 * routes point at the group id. When every prefix of a group changes the
 * same way (a load balancer leaves), the group is replaced in place: one
 * netlink message, however many prefixes use it, and with resilient groups
 * no flow of the remaining next hops moves. Where the kernel has no nexthop
 * objects (or the config says `nexthop-groups: none`) each route carries
 * its next hops (RTA_MULTIPATH).
 *
 * All writes go over one libmnl socket in large batches with ACKs, extended
 * ACKs and capped ACKs; an error names the route or next hop and carries
 * the kernel's reason. A failed write is kept, shown by fib_show() and
 * retried with back-off. Next hops must be on a connected network of an up
 * interface (libnl-route-3 link and address caches); others are refused
 * with the reason. Recursive next hops are not resolved yet.
 *
 * Start-up: fib_new() reads the routes and nexthops of our protocol in our
 * table and adopts them: a prefix the RIB asks for again with the same next
 * hops costs no message and does not flap. fib_sync_done() (End-of-RIB from
 * every peer, or the RIB's timer) deletes whatever was not asked for again.
 * A kernel monitor restores a route or nexthop of ours that someone else
 * deletes or changes. fib_free() deletes our routes and nexthops, or leaves
 * them in place when the config says retain.
 *
 * Everything runs on the daemon's one struct event_base; nothing here
 * blocks for long (a big flush yields to the loop every few milliseconds).
 */
#ifndef ECMPD_FIB_H
#define ECMPD_FIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"	/* struct prefix, enum afs */

struct event_base;
struct fib;

#define FIB_MAX_NEXTHOPS	256	/* next hops in one set (CONF_MULTIPATH_MAX) */
#define FIB_ERR_TEXT		160	/* an error kept for show: the kernel's words */

/* Same values, same order as conf.h's enum conf_nhgroups. */
enum fib_nhg_mode {
	FIB_NHG_RESILIENT = 0,		/* nexthop objects, resilient groups */
	FIB_NHG_HASH_THRESHOLD = 1,	/* nexthop objects, hash-threshold groups */
	FIB_NHG_NONE = 2,		/* RTA_MULTIPATH on every route */
};
const char *fib_nhg_mode_name(enum fib_nhg_mode m);	/* "resilient", ... */

/*
 * The `fib:` section of the config, plus what only the daemon knows.
 * From struct conf: table, protocol, metric, nexthop_groups (same enum
 * values), buckets, idle_timer, unbalanced_timer.
 */
struct fib_config {
	uint32_t table;			/* 254 is main; tables > 255 go in RTA_TABLE */
	uint8_t protocol;		/* rtm_protocol and nh_protocol of all we write */
	uint32_t metric;		/* RTA_PRIORITY */
	enum fib_nhg_mode mode;		/* asked for; the start-up probe may step down */
	uint16_t buckets;		/* resilient groups */
	uint32_t idle_timer;		/* seconds */
	uint32_t unbalanced_timer;	/* seconds */
	bool retain;			/* fib_free() leaves our routes in the kernel */
	bool no_monitor;		/* do not watch the kernel (benchmarks only) */
	uint32_t nhid_base;		/* first nexthop id we use; 0: protocol * 1000000 */
};

/* Defaults as conf.h's: main table, protocol 186, metric 20, resilient, 128 buckets. */
void fib_config_default(struct fib_config *c);

/* One next hop as the RIB gives it. */
struct fib_nexthop {
	uint8_t afs;			/* AFS_IPV4_UNICAST or AFS_IPV6_UNICAST: family of addr */
	uint8_t addr[16];		/* network order; 4 octets used for IPv4 */
	uint32_t ifindex;		/* 0: the interface whose connected network holds addr */
};

/*
 * Create the FIB writer: open the netlink sockets, probe what the kernel
 * supports, load the link and address caches, read and adopt what our
 * protocol left in our table, and start the kernel monitor. NULL on failure
 * (logged), e.g. no CAP_NET_ADMIN.
 */
struct fib *fib_new(struct event_base *base, const struct fib_config *cfg);

/*
 * Stop: without `retain`, delete our routes and nexthops (deleting a group
 * takes its routes with it, so this is a handful of messages); with it,
 * leave them for the next start to adopt. Writes still pending are dropped.
 */
void fib_free(struct fib *fib);

/*
 * The multipath set of a prefix is now nhs[0..n); n == 0 withdraws it.
 * Duplicates are ignored, the order does not matter. Returns 0, or -1 with
 * errno EINVAL (bad prefix, family, count) or ENOMEM.
 */
int fib_route_set(struct fib *fib, const struct prefix *pfx,
    const struct fib_nexthop *nhs, size_t n);

/*
 * The RIB has given the full table once: delete routes and nexthops of our
 * protocol found at start-up that were not asked for again.
 */
void fib_sync_done(struct fib *fib);

/* Nothing pending, in flight or queued for deletion (failed writes waiting for a retry do not count). */
bool fib_idle(const struct fib *fib);
/* Called each time the FIB becomes idle after work (tests, benchmarks). */
void fib_set_idle_cb(struct fib *fib, void (*cb)(void *arg), void *arg);

/* The mode in use after the probe. */
enum fib_nhg_mode fib_mode(const struct fib *fib);

struct fib_stats {
	uint64_t msgs;			/* netlink messages written */
	uint64_t sends;			/* sendmsg() calls (batches) */
	uint64_t route_msgs;		/* RTM_NEWROUTE/DELROUTE */
	uint64_t nexthop_msgs;		/* RTM_NEWNEXTHOP/DELNEXTHOP */
	uint64_t errors;		/* negative ACKs */
	uint64_t retries;		/* writes retried after a failure */
	uint64_t restored;		/* routes or nexthops restored after someone else's change */
	uint64_t monitor_events;	/* kernel notifications from others */
	uint64_t resyncs;		/* full reads after a monitor overrun */
	uint64_t inplace;		/* groups replaced in place */
	size_t routes;			/* prefixes known */
	size_t installed;		/* routes the kernel holds as we asked */
	size_t pending;			/* waiting to be written or in flight */
	size_t failed;			/* last write failed; a retry is scheduled */
	size_t refused;			/* no usable next hop (see fib_show) */
	size_t stale;			/* found at start-up, not asked for (yet) */
	size_t nexthops;		/* next-hop objects (or next hops, without objects) */
	size_t groups;			/* nexthop groups */
};
void fib_get_stats(const struct fib *fib, struct fib_stats *st);

/* ---- fib_show: a plain iteration for the CLI (rendering lives there) ---- */

enum fib_route_state {
	FIB_RS_INSTALLED,		/* the kernel holds what we asked for */
	FIB_RS_PENDING,			/* to be written, or in flight */
	FIB_RS_FAILED,			/* the kernel refused the last write: error, retry */
	FIB_RS_REFUSED,			/* no usable next hop: not installed, see reason */
	FIB_RS_STALE,			/* found at start-up, not asked for (yet) */
};
const char *fib_route_state_name(enum fib_route_state s);

struct fib_show_nh {
	struct fib_nexthop nh;		/* as asked for */
	uint32_t id;			/* kernel nexthop object id; 0: none */
	uint32_t oif;			/* interface it resolved to; 0: none */
	char ifname[16];
	bool usable;
	const char *reason;		/* why not usable ("next hop 10.9.9.9 is not on a connected network") */
};

struct fib_show_group {
	uint32_t id;			/* 0: no object (RTA_MULTIPATH routes) */
	const char *type;		/* "resilient", "hash-threshold", "multipath" */
	uint16_t buckets;
	uint32_t idle_timer, unbalanced_timer;	/* seconds */
	size_t routes;			/* prefixes pointing at it */
	size_t n_members;
	const struct fib_show_nh *members;	/* as we asked for */
	const char *state;		/* "installed", "pending", "failed", "stale" */
	const char *error;		/* last error, NULL if none */
	/* read back from the kernel for this call (id != 0) */
	bool k_present;
	const char *k_type;
	uint16_t k_buckets;
	size_t k_n_members;
	const uint32_t *k_members;	/* nexthop ids */
};

struct fib_show_route {
	const struct prefix *pfx;
	enum fib_route_state state;
	size_t n_want;
	const struct fib_show_nh *want;	/* what the RIB asked for, with resolution */
	uint32_t group;			/* group id the kernel route points at; 0: none or multipath */
	uint32_t pending_group;		/* group id being written, if any */
	size_t n_kernel;
	const struct fib_show_nh *kernel; /* next hops the kernel route has (as we wrote them) */
	const char *reason;		/* refusal reason or the kernel's last error */
	uint32_t attempts;		/* failed writes so far */
	uint32_t retry_in_ms;		/* next retry, for FIB_RS_FAILED */
};

struct fib_show_ops {
	void (*group)(void *arg, const struct fib_show_group *g);
	void (*route)(void *arg, const struct fib_show_route *r);
};

/*
 * Call ops->group for each nexthop group (the kernel's view read now), then
 * ops->route for each prefix (or only `filter`, when not NULL). Either
 * callback may be NULL. Returns the number of routes shown.
 */
size_t fib_show(struct fib *fib, const struct prefix *filter,
    const struct fib_show_ops *ops, void *arg);

#endif /* ECMPD_FIB_H */
