/*
 * fib_priv.h -- struct fib and what its I/O files (fib.c, fib_sync.c,
 * fib_monitor.c, fib_show.c) share. The pure parts are in fib_int.h.
 */
#ifndef ECMPD_FIB_PRIV_H
#define ECMPD_FIB_PRIV_H

#include "fib_int.h"
#include "link_cache.h"
#include "nl.h"

struct event;

/* What a message in flight is about (struct nl_op.kind). */
enum fib_op {
	OP_NH_NEW,		/* obj: struct fib_nh */
	OP_NH_DEL,
	OP_GRP_NEW,		/* obj: struct fib_nhg (create or replace) */
	OP_GRP_DEL,		/* gc */
	OP_GRP_KILL,		/* delete with its routes */
	OP_RT_SET,		/* obj: struct fib_route */
	OP_RT_DEL,
	OP_STALE_DEL,		/* obj: struct stale (left by an earlier run), freed on ACK */
	OP_EXIT,		/* shutdown deletes: obj unused */
};

/* A kernel object or route of ours found at start-up that nothing adopted. */
struct stale {
	bool route;
	bool group;		/* a nexthop group (deleted before single next hops) */
	uint32_t id;		/* nexthop id */
	struct prefix pfx;	/* route: prefix, metric */
	uint32_t metric;
};

struct fib {
	struct event_base *base;
	struct fib_config cfg;
	enum fib_nhg_mode mode;
	struct nhtab t;
	struct rtab rt;
	struct pvec dirty;		/* routes to plan */
	struct fib_plan plan;
	bool in_routes;			/* a flush is writing plan.routes (it yields) */
	bool flush_scheduled;
	bool links_changed;
	bool sync_done;
	bool need_audit;		/* the monitor lost events: read everything again */
	bool work_since_idle;
	struct nlb nb;
	struct nld nd;
	struct link_cache *lc;
	struct mnl_socket *mon;		/* kernel monitor (fib_monitor.c) */
	char *mon_buf;
	struct event *flush_ev, *retry_ev, *mon_ev;
	uint64_t retry_at;		/* when retry_ev fires; 0: not armed */
	uint64_t flush_start, flush_planned;	/* for the debug log */
	struct pvec stale;		/* struct stale *: delete after fib_sync_done() */
	struct pvec nh_eexist;		/* next hops whose fresh id was taken: new id, resend */
	struct pvec grp_eexist;
	void (*idle_cb)(void *);
	void *idle_arg;
	/* logging of failures, limited per flush */
	unsigned log_budget;
	size_t log_dropped;
	struct fib_stats st;
	/* the last next hops fib_route_set() was given, and their set (referenced) */
	struct fib_nexthop last_in[8];
	size_t last_n;
	struct fib_nhset *last_set;
};

/* fib.c */
void fib_schedule(struct fib *f);
void fib_yield(struct fib *f);	/* schedule after the loop has polled its sockets */
void fib_mark_dirty(struct fib *f, struct fib_route *r);
void fib_fail_note(struct fib *f, struct fib_fail *fl);	/* arm the retry timer */
void fib_log_fail(struct fib *f, const char *what, int err, const char *msg);
const char *fib_nh_reason(struct fib *f, const struct fib_nh *nh, char *buf, size_t len);
void fib_ack(void *arg, const struct nl_op *op, int err, const char *msg);
void fib_send_nh(struct fib *f, struct fib_nh *nh);
void fib_send_grp(struct fib *f, struct fib_nhg *g, uint8_t op);

/* fib_sync.c */
int fib_sync_start(struct fib *f);
void fib_sync_audit(struct fib *f);
void fib_sync_stale_flush(struct fib *f);
void fib_sync_exit(struct fib *f);

/* fib_monitor.c */
int fib_monitor_open(struct fib *f);
void fib_monitor_close(struct fib *f);
void fib_monitor_drain(struct fib *f);
void fib_monitor_quiet(void *arg, bool before);
/* Group g is gone from the kernel with its routes: restore them (pid: who did it). */
void fib_group_lost(struct fib *f, struct fib_nhg *g, uint32_t pid, bool log);

#endif
