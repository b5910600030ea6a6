/*
 * ctl_daemon.c -- the daemon's control commands: show summary / neighbor /
 * status, neighbor enable|disable|reset|refresh, reload, log level. Each
 * handler renders through struct ctl_out, so text and JSON come from the
 * same calls (see ctl_out.h for the JSON conventions).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ctl_daemon.h"
#include "ctl_server.h"
#include "log.h"
#include "peer.h"
#include "rib.h"
#include "fib.h"
#include "session.h"

bool bgpd_reload(struct bgpd *d, bool dry_run, struct sbuf *out);

static time_t
wall_of(const struct bgpd *d, double mono)
{
	double now = bgpd_now();
	return time(NULL) - (time_t)(now - mono);
}

static const char *
state_text(const struct peer *p)
{
	if (p->admin_down && peer_state(p) == FSM_IDLE)
		return "Idle(Admin)";
	return fsm_state_name(peer_state(p));
}

static uint64_t
sum6(const uint64_t v[6])
{
	return v[1] + v[2] + v[3] + v[4] + v[5];
}

static const struct ctl_col summary_cols[] = {
	{ "neighbor", "Neighbor", 0, 15 },
	{ "as", "AS", CTL_COL_RIGHT, 0 },
	{ "state", "State", 0, 11 },
	{ "state_secs", "Up/Down", CTL_COL_RIGHT, 0 },
	{ "prefixes_received", "PfxRcvd", CTL_COL_RIGHT, 0 },
	{ "announcements", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "withdrawals", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "prefixes_sent", "PfxSent", CTL_COL_RIGHT, 0 },
	{ "messages_received", "MsgRcvd", CTL_COL_RIGHT, 0 },
	{ "messages_sent", "MsgSent", CTL_COL_RIGHT, 0 },
	{ "output_queue", "OutQ", CTL_COL_RIGHT, 0 },
	{ "description", "Description", 0, 0 },
};

static void
summary_row(struct ctl_out *o, const struct peer *p)
{
	double now = bgpd_now();
	ctl_out_row(o, (struct ctl_val[]){
		CTL_STR(p->name),
		peer_as(p) ? CTL_U64(peer_as(p)) : CTL_NULL(),
		CTL_STR(state_text(p)),
		CTL_DUR((int64_t)(now - p->state_since)),
		CTL_U64(p->in_rib ? rib_peer_paths(p->d->rib, p->rib_id) : 0),
		CTL_U64(p->cnt.prefixes_announced),
		CTL_U64(p->cnt.prefixes_withdrawn),
		CTL_U64(0),	/* nothing is exported before the RIB exists */
		CTL_U64(sum6(p->cnt.msgs_in)),
		CTL_U64(sum6(p->cnt.msgs_out)),
		CTL_U64(conn_outq(p->cur)),
		p->cfg.description ? CTL_STR(p->cfg.description) : CTL_NULL(),
	}, sizeof(summary_cols) / sizeof(summary_cols[0]));
}

static enum ctl_step
cmd_show_summary(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct ctl_out *o = req->out;
	const size_t ncols = sizeof(summary_cols) / sizeof(summary_cols[0]);
	struct peer *p;
	char rid[16];
	uint32_t r = d->conf->router_id;

	ctl_out_kv_strf(o, "router_id", "router id", "%s, local AS %u", wire_id_format(r, rid), d->conf->as);
	ctl_out_table_begin(o, "neighbors", NULL, summary_cols, ncols);
	TAILQ_FOREACH(p, &d->peers, entry)
		if (p->range == NULL && !p->dead)
			summary_row(o, p);
	ctl_out_table_end(o);

	ctl_out_list_begin(o, "dynamic_ranges", NULL);
	for (size_t i = 0; i < d->conf->n_dynamic; i++) {
		const struct dyn_range *dr = &d->ranges[i];
		struct sbuf sb;
		sb_init(&sb);
		prefix_print(&dr->conf->prefix, &sb);
		ctl_out_section_begin(o, NULL, NULL);
		ctl_out_kv_strf(o, NULL, "dynamic neighbors", "%s (peer group %s): %u of %u sessions, %llu refused",
		    sb.p, dr->conf->peer.peer_group ? dr->conf->peer.peer_group : "-",
		    dr->active, dr->conf->limit, (unsigned long long)dr->refused);
		if (ctl_out_is_json(o)) {	/* the line above says it all in text */
			ctl_out_kv_str(o, "prefix", NULL, sb.p);
			if (dr->conf->peer.peer_group)
				ctl_out_kv_str(o, "peer_group", NULL, dr->conf->peer.peer_group);
			ctl_out_kv_u64(o, "sessions", NULL, dr->active);
			ctl_out_kv_u64(o, "limit", NULL, dr->conf->limit);
			ctl_out_kv_u64(o, "refused", NULL, dr->refused);
		}
		ctl_out_table_begin(o, "neighbors", NULL, summary_cols, ncols);
		TAILQ_FOREACH(p, &d->peers, entry)
			if (p->range == dr && !p->dead)
				summary_row(o, p);
		ctl_out_table_end(o);
		ctl_out_section_end(o);
		sb_free(&sb);
	}
	ctl_out_list_end(o);
	return CTL_DONE;
}

static struct peer *
find_arg(struct bgpd *d, struct ctl_req *req, const char *text)
{
	struct conf_addr a;
	struct peer *p;
	if (!conf_addr_parse(text, &a)) {
		ctl_req_fail(req, 2, "'%s' is not an IPv4 or IPv6 address", text);
		return NULL;
	}
	p = peer_find(d, &a);
	if (p == NULL)
		ctl_req_fail(req, 1, "no neighbor %s", text);
	return p;
}

static void
caps_section(struct ctl_out *o, const char *key, const char *title, const struct wire_open *w)
{
	ctl_out_section_begin(o, key, title);
	ctl_out_kv_bool(o, "four_octet_as", "4-octet AS", w->as4_present);
	ctl_out_kv_bool(o, "route_refresh", "route refresh", w->route_refresh);
	ctl_out_kv_bool(o, "enhanced_route_refresh", "enhanced route refresh", w->enhanced_rr);
	ctl_out_kv_bool(o, "extended_message", "extended message", w->ext_msg);
	ctl_out_kv_bool(o, "graceful_restart", "graceful restart", w->gr.present);
	for (int i = 0; i < AFS_COUNT; i++) {
		char key2[48], label[48];
		snprintf(key2, sizeof(key2), "%s", afs_name((enum afs)i));
		snprintf(label, sizeof(label), "%s", afs_name((enum afs)i));
		ctl_out_kv_strf(o, key2, label, "%s%s%s", w->mp[i] ? "multiprotocol" : "no",
		    (w->addpath[i] & ADDPATH_RX) ? ", add-path receive" : "",
		    (w->addpath[i] & ADDPATH_TX) ? ", add-path send" : "");
	}
	ctl_out_section_end(o);
}

static enum ctl_step
cmd_show_neighbor(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct ctl_out *o = req->out;
	struct peer *p = find_arg(d, req, req->args[0]);
	if (p == NULL)
		return CTL_DONE;
	const struct conn *c = p->cur;
	double now = bgpd_now();
	static const char *const types[] = { NULL, "open", "update", "notification", "keepalive", "route_refresh" };

	ctl_out_section_begin(o, "neighbor", NULL);
	ctl_out_kv_str(o, "address", "neighbor", p->name);
	if (peer_as(p))
		ctl_out_kv_u64(o, "as", "remote AS", peer_as(p));
	else
		ctl_out_kv_null(o, "as", "remote AS");
	if (p->cfg.description)
		ctl_out_kv_str(o, "description", "description", p->cfg.description);
	ctl_out_kv_str(o, "type", "type", p->cfg.as == d->conf->as ? "internal" : "external");
	if (p->range) {
		struct sbuf sb;
		sb_init(&sb);
		prefix_print(&p->range->conf->prefix, &sb);
		ctl_out_kv_str(o, "dynamic_range", "dynamic range", sb.p);
		sb_free(&sb);
	}
	ctl_out_kv_str(o, "state", "state", state_text(p));
	ctl_out_kv_duration(o, "state_secs", "for", (int64_t)(now - p->state_since));
	if (ctl_out_is_json(o))
		ctl_out_kv_time(o, "state_since", NULL, wall_of(d, p->state_since));
	ctl_out_kv_bool(o, "passive", "passive", p->fcfg.passive);
	ctl_out_kv_bool(o, "admin_down", "administratively down", p->admin_down);
	ctl_out_kv_bool(o, "tcp_md5", "TCP MD5", p->cfg.password != NULL);
	if (p->cfg.ttl_security)
		ctl_out_kv_u64(o, "ttl_security_hops", "GTSM hops", p->cfg.ttl_security);
	if (c->fsm.state >= FSM_OPENCONFIRM) {
		char rid[16];
		ctl_out_kv_str(o, "router_id", "remote router id", wire_id_format(c->fsm.peer_id, rid));
		ctl_out_kv_u64(o, "hold_time", "hold time", c->fsm.hold_time);
		ctl_out_kv_u64(o, "keepalive_time", "keepalive time", c->fsm.keepalive_time);
		ctl_out_kv_str(o, "connection", "connection", c->outgoing ? "outgoing" : "incoming");
		ctl_out_section_begin(o, "negotiated", "negotiated");
		ctl_out_kv_bool(o, "four_octet_as", "4-octet AS", c->fsm.wctx.as4);
		ctl_out_kv_bool(o, "extended_message", "extended message", c->fsm.wctx.ext_msg);
		for (int i = 0; i < AFS_COUNT; i++) {
			char key[48];
			snprintf(key, sizeof(key), "add_path_%s", afs_name((enum afs)i));
			ctl_out_kv_strf(o, key, afs_name((enum afs)i), "add-path %s",
			    c->fsm.wctx.addpath_rx[i] && c->fsm.wctx.addpath_tx[i] ? "send and receive" :
			    c->fsm.wctx.addpath_rx[i] ? "receive" : c->fsm.wctx.addpath_tx[i] ? "send" : "no");
		}
		ctl_out_section_end(o);
	} else {
		ctl_out_kv_u64(o, "hold_time_configured", "hold time (configured)", p->cfg.hold_time);
	}
	caps_section(o, "capabilities_sent", "capabilities sent", &p->fcfg.open);
	if (p->has_peer_open)
		caps_section(o, "capabilities_received", "capabilities received", &p->peer_open);

	ctl_out_section_begin(o, "messages", "messages");
	for (int t = 1; t <= 5; t++) {
		char label[64];
		snprintf(label, sizeof(label), "%s received/sent", types[t]);
		if (!ctl_out_is_json(o)) {
			ctl_out_kv_strf(o, NULL, label, "%llu / %llu",
			    (unsigned long long)p->cnt.msgs_in[t], (unsigned long long)p->cnt.msgs_out[t]);
			continue;
		}
		ctl_out_section_begin(o, types[t], NULL);
		ctl_out_kv_u64(o, "received", NULL, p->cnt.msgs_in[t]);
		ctl_out_kv_u64(o, "sent", NULL, p->cnt.msgs_out[t]);
		ctl_out_section_end(o);
	}
	ctl_out_section_end(o);
	ctl_out_kv_u64(o, "prefixes_received", "paths received (Adj-RIB-In)",
	    p->in_rib ? rib_peer_paths(p->d->rib, p->rib_id) : 0);
	if (p->cfg.max_prefix)
		ctl_out_kv_u64(o, "max_prefix", "max-prefix", p->cfg.max_prefix);
	ctl_out_kv_u64(o, "announcements", "announcements received", p->cnt.prefixes_announced);
	ctl_out_kv_u64(o, "withdrawals", "withdrawals received", p->cnt.prefixes_withdrawn);
	ctl_out_kv_u64(o, "rejected", "refused (loops)", p->rejected);
	ctl_out_kv_u64(o, "treat_as_withdraw", "treat-as-withdraw", p->cnt.treat_as_withdraw);
	ctl_out_kv_u64(o, "established_transitions", "sessions established", p->cnt.established_count);
	ctl_out_kv_u64(o, "output_queue", "output queue", conn_outq(c));

	if (p->has_last_error) {
		const struct fsm_down_reason *e = &p->last_error;
		ctl_out_section_begin(o, "last_error", "last error");
		ctl_out_kv_str(o, "event", "event", fsm_event_name(e->event));
		ctl_out_kv_str(o, "state", "in state", fsm_state_name(e->from));
		if (e->cause != FSM_DOWN_EVENT) {
			ctl_out_kv_str(o, "direction", "NOTIFICATION", e->cause == FSM_DOWN_NOTIF_SENT ? "sent" : "received");
			if (ctl_out_is_json(o)) {
				ctl_out_kv_u64(o, "code", NULL, e->code);
				ctl_out_kv_u64(o, "subcode", NULL, e->subcode);
			}
			ctl_out_kv_strf(o, "notification", "error", "%s / %s (%u/%u)", wire_err_code_name(e->code),
			    wire_err_subcode_name(e->code, e->subcode), e->code, e->subcode);
		}
		if (e->text[0])
			ctl_out_kv_str(o, "message", "message", e->text);
		ctl_out_section_end(o);
	}
	ctl_out_section_end(o);
	return CTL_DONE;
}

static enum ctl_step
cmd_show_status(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct ctl_out *o = req->out;
	unsigned up = 0;
	struct peer *p;
	uint32_t r = d->conf->router_id;
	TAILQ_FOREACH(p, &d->peers, entry)
		if (peer_state(p) == FSM_ESTABLISHED)
			up++;
	ctl_out_kv_str(o, "version", "version", PACKAGE_VERSION);
	char rid[16];
	ctl_out_kv_str(o, "router_id", "router id", wire_id_format(r, rid));
	ctl_out_kv_u64(o, "as", "AS", d->conf->as);
	ctl_out_kv_time(o, "started", "started", d->started_wall);
	ctl_out_kv_duration(o, "uptime_secs", "uptime", (int64_t)(time(NULL) - d->started_wall));
	ctl_out_kv_str(o, "config_file", "configuration", d->conf_path);
	ctl_out_kv_u64(o, "neighbors", "neighbors", d->n_peers);
	ctl_out_kv_u64(o, "established", "established", up);
	ctl_out_kv_u64(o, "refused_connections", "refused connections", d->refused_connections);
	ctl_out_kv_str(o, "log_level", "log level", log_level_name(log_get_level()));
	if (d->last_reload) {
		ctl_out_kv_time(o, "last_reload", "last reload", d->last_reload);
		ctl_out_kv_bool(o, "last_reload_ok", "last reload ok", d->last_reload_ok);
		ctl_out_kv_str(o, "last_reload_result", "last reload result", d->last_reload_msg);
	} else {
		ctl_out_kv_null(o, "last_reload", "last reload");
	}
	return CTL_DONE;
}

static enum ctl_step
cmd_neighbor_enable(struct ctl_req *req, void *arg)
{
	struct peer *p = find_arg(arg, req, req->args[0]);
	if (p == NULL)
		return CTL_DONE;
	if (!p->admin_down) {
		ctl_out_kv_strf(req->out, "result", NULL, "neighbor %s is already enabled", p->name);
		return CTL_DONE;
	}
	p->admin_down = false;
	peer_start(p);
	log_peer(LOG_NOTICE, p->name, peer_as(p), peer_descr(p), "enabled by uid %u", (unsigned)req->uid);
	ctl_out_kv_strf(req->out, "result", NULL, "neighbor %s enabled", p->name);
	return CTL_DONE;
}

static enum ctl_step
cmd_neighbor_disable(struct ctl_req *req, void *arg)
{
	struct peer *p = find_arg(arg, req, req->args[0]);
	if (p == NULL)
		return CTL_DONE;
	const char *msg = req->nargs > 1 ? ctl_req_join(req, 1) : NULL;
	p->admin_down = true;
	log_peer(LOG_NOTICE, p->name, peer_as(p), peer_descr(p), "disabled by uid %u%s%s",
	    (unsigned)req->uid, msg ? ": " : "", msg ? msg : "");
	peer_stop(p, BGP_CEASE_ADMIN_SHUTDOWN, msg);
	ctl_out_kv_strf(req->out, "result", NULL, "neighbor %s disabled", p->name);
	return CTL_DONE;
}

static enum ctl_step
cmd_neighbor_reset(struct ctl_req *req, void *arg)
{
	struct peer *p = find_arg(arg, req, req->args[0]);
	if (p == NULL)
		return CTL_DONE;
	const char *msg = req->nargs > 1 ? ctl_req_join(req, 1) : NULL;
	log_peer(LOG_NOTICE, p->name, peer_as(p), peer_descr(p), "reset by uid %u%s%s",
	    (unsigned)req->uid, msg ? ": " : "", msg ? msg : "");
	peer_stop(p, BGP_CEASE_ADMIN_RESET, msg);
	if (p->range == NULL)
		peer_start(p);
	ctl_out_kv_strf(req->out, "result", NULL, "neighbor %s reset", p->name);
	return CTL_DONE;
}

static enum ctl_step
cmd_neighbor_refresh(struct ctl_req *req, void *arg)
{
	struct peer *p = find_arg(arg, req, req->args[0]);
	if (p == NULL)
		return CTL_DONE;
	struct conn *c = p->cur;
	if (c->fsm.state != FSM_ESTABLISHED || !p->has_peer_open || !p->peer_open.route_refresh) {
		ctl_req_fail(req, 1, "neighbor %s: %s", p->name, c->fsm.state != FSM_ESTABLISHED ?
		    "session is not established" : "the neighbor did not advertise route refresh");
		return CTL_DONE;
	}
	unsigned sent = 0;
	for (int i = 0; i < AFS_COUNT; i++) {
		if (!p->fcfg.open.mp[i] || !p->peer_open.mp[i])
			continue;
		uint8_t buf[32];
		struct wbuf wb = wb_init(buf, sizeof(buf));
		struct wire_route_refresh rr = { afs_afi((enum afs)i), BGP_RR_NORMAL, afs_safi((enum afs)i) };
		if (wire_route_refresh_encode(&rr, &wb) && conn_send(c, buf, wb.len))
			sent++;
	}
	ctl_out_kv_strf(req->out, "result", NULL, "neighbor %s: %u ROUTE-REFRESH sent", p->name, sent);
	return CTL_DONE;
}

static enum ctl_step
cmd_reload(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct sbuf sb;
	sb_init(&sb);
	log_msg(LOG_NOTICE, "reload%s requested by uid %u", req->dry_run ? " (dry run)" : "",
	    (unsigned)req->uid);
	bool ok = bgpd_reload(d, req->dry_run, &sb);
	if (!ok) {
		while (sb.len > 0 && sb.p[sb.len - 1] == '\n')
			sb.p[--sb.len] = '\0';
		ctl_req_fail(req, 1, "%s", sb.p);
	} else {
		ctl_out_kv_str(req->out, "changes", NULL, sb.len ? sb.p : "no changes\n");
		if (!req->dry_run)
			ctl_out_kv_str(req->out, "result", NULL, d->last_reload_msg);
	}
	sb_free(&sb);
	return CTL_DONE;
}

static enum ctl_step
cmd_log_level(struct ctl_req *req, void *arg)
{
	(void)arg;
	int level = log_level_from_name(req->args[0]);
	if (level < 0) {
		ctl_req_fail(req, 2, "unknown log level '%s': err, warning, notice, info or debug", req->args[0]);
		return CTL_DONE;
	}
	log_set_level(level);
	log_msg(LOG_NOTICE, "log level set to %s by uid %u", log_level_name(level), (unsigned)req->uid);
	ctl_out_kv_strf(req->out, "result", NULL, "log level %s", log_level_name(level));
	return CTL_DONE;
}


/* ---- show rib [PREFIX] ---- */

static const struct ctl_col rib_cols[] = {
	{ "prefix", "Prefix", 0, 18 },
	{ "flags", "", 0, 2 },
	{ "best", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "multipath", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "eligible", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "neighbor", "Neighbor", 0, 15 },
	{ "path_id", "PathId", CTL_COL_RIGHT, 0 },
	{ "next_hop", "Next hop", 0, 15 },
	{ "local_pref", "LocPrf", CTL_COL_RIGHT, 0 },
	{ "med", "MED", CTL_COL_RIGHT, 0 },
	{ "as_path", "AS path", 0, 0 },
	{ "origin", "Origin", 0, 0 },
	{ "originator_id", "Originator", 0, 0 },
	{ "cluster_list", "Cluster list", 0, 0 },
};

static const char *
peer_name_by_rib_id(struct bgpd *d, uint32_t id)
{
	struct peer *p;
	TAILQ_FOREACH(p, &d->peers, entry)
		if (p->rib_id == id)
			return p->name;
	return "?";
}

static void
rib_rows(struct bgpd *d, struct ctl_out *o, const struct prefix *pfx, const struct rib_entry *e)
{
	static const char *const origins[] = { "igp", "egp", "incomplete" };
	const struct rib_path *paths = rib_entry_paths(e);
	struct sbuf pf, nh, ap, cl;
	sb_init(&pf);
	prefix_print(pfx, &pf);
	for (unsigned i = 0; i < rib_entry_npaths(e); i++) {
		const struct rib_path *rp = &paths[i];
		struct wire_attrs a;
		attrset_view(rp->attrs, &a);
		const struct rib_addr *n = rib_path_nexthop(d->rib, rp);
		struct prefix np = { .afs = n->afs, .len = (uint8_t)(afs_addr_len((enum afs)n->afs) * 8) };
		memcpy(np.addr, n->a, sizeof(np.addr));
		sb_init(&nh);
		prefix_print(&np, &nh);
		char *slash = strchr(nh.p, '/');
		if (slash)
			*slash = '\0';
		sb_init(&ap);
		wire_aspath_print(a.as_path, &ap);
		sb_init(&cl);
		for (uint32_t off = 0; off + 4 <= a.cluster_list.len; off += 4) {
			char cid[16];
			sb_printf(&cl, "%s%s", off ? " " : "", wire_id_format(get_u32(a.cluster_list.p + off), cid));
		}
		char orig[16] = "";
		if (wire_attr_has(&a, BGP_ATTR_ORIGINATOR_ID))
			wire_id_format(a.originator_id, orig);
		char flags[3] = { (rp->flags & RIB_PATH_BEST) ? '>' : (rp->flags & RIB_PATH_ELIGIBLE) ? '*' : ' ',
			(rp->flags & RIB_PATH_MULTIPATH) ? '=' : ' ', 0 };
		ctl_out_row(o, (struct ctl_val[]){
			CTL_STR(i == 0 || ctl_out_is_json(o) ? pf.p : ""),
			CTL_STR(flags),
			CTL_BOOL((rp->flags & RIB_PATH_BEST) != 0),
			CTL_BOOL((rp->flags & RIB_PATH_MULTIPATH) != 0),
			CTL_BOOL((rp->flags & RIB_PATH_ELIGIBLE) != 0),
			CTL_STR(peer_name_by_rib_id(d, rib_path_peer(d->rib, rp))),
			CTL_U64(rp->path_id),
			CTL_STR(nh.p),
			wire_attr_has(&a, BGP_ATTR_LOCAL_PREF) ? CTL_U64(a.local_pref) : CTL_NULL(),
			wire_attr_has(&a, BGP_ATTR_MED) ? CTL_U64(a.med) : CTL_NULL(),
			CTL_STR(ap.p),
			CTL_STR(a.origin <= 2 ? origins[a.origin] : "?"),
			orig[0] ? CTL_STR(orig) : CTL_NULL(),
			cl.len ? CTL_STR(cl.p) : CTL_NULL(),
		}, sizeof(rib_cols) / sizeof(rib_cols[0]));
		sb_free(&nh);
		sb_free(&ap);
		sb_free(&cl);
	}
	sb_free(&pf);
}

/* Walk state kept between calls: the family and the last prefix shown. */
struct rib_walk {
	int afs;
	bool started;
	struct prefix last;
};

static enum ctl_step
cmd_show_rib(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct ctl_out *o = req->out;
	const size_t ncols = sizeof(rib_cols) / sizeof(rib_cols[0]);

	if (req->nargs >= 1 && req->args[0] != NULL) {
		struct prefix pfx;
		if (!prefix_parse(req->args[0], &pfx)) {
			ctl_req_fail(req, 2, "'%s' is not a prefix (10.1.1.0/24, 2001:db8::/32)", req->args[0]);
			return CTL_DONE;
		}
		const struct rib_entry *e = rib_lookup(d->rib, &pfx);
		ctl_out_table_begin(o, "paths", NULL, rib_cols, ncols);
		if (e != NULL)
			rib_rows(d, o, &pfx, e);
		ctl_out_table_end(o);
		if (e == NULL)
			ctl_req_fail(req, 1, "%s is not in the RIB", req->args[0]);
		return CTL_DONE;
	}
	struct rib_walk *w = req->state;
	if (w == NULL) {
		w = calloc(1, sizeof(*w));
		if (w == NULL) {
			ctl_req_fail(req, 1, "out of memory");
			return CTL_DONE;
		}
		req->state = w;
		req->state_free = free;
		ctl_out_table_begin(o, "paths", NULL, rib_cols, ncols);
	}
	while (w->afs < AFS_COUNT) {
		struct rib_iter it;
		struct prefix pfx;
		const struct rib_entry *e;
		if (w->started)
			rib_iter_after(&it, d->rib, &w->last);
		else
			rib_iter_init(&it, d->rib, (enum afs)w->afs);
		w->started = true;
		while ((e = rib_iter_next(&it, &pfx)) != NULL) {
			rib_rows(d, o, &pfx, e);
			w->last = pfx;
			if (ctl_req_should_yield(req))
				return CTL_MORE;	/* resume after w->last: the RIB may change meanwhile */
		}
		w->afs++;
		w->started = false;
	}
	ctl_out_table_end(o);
	return CTL_DONE;
}


/* ---- show fib [PREFIX] ---- */

static const struct ctl_col fib_group_cols[] = {
	{ "id", "Group", CTL_COL_RIGHT, 0 },
	{ "type", "Type", 0, 0 },
	{ "buckets", "Buckets", CTL_COL_RIGHT, 0 },
	{ "routes", "Routes", CTL_COL_RIGHT, 0 },
	{ "members", "Members (as asked)", 0, 0 },
	{ "kernel_members", "In kernel", CTL_COL_RIGHT, 0 },
	{ "state", "State", 0, 0 },
	{ "error", "Last error", 0, 0 },
};

static const struct ctl_col fib_route_cols[] = {
	{ "prefix", "Prefix", 0, 18 },
	{ "state", "State", 0, 0 },
	{ "group", "Group", CTL_COL_RIGHT, 0 },
	{ "next_hops", "Next hops (as asked)", 0, 0 },
	{ "kernel_next_hops", "In kernel", 0, 0 },
	{ "reason", "Reason / last error", 0, 0 },
	{ "attempts", "Attempts", CTL_COL_RIGHT, 0 },
};

static void
nh_list(struct sbuf *sb, const struct fib_show_nh *v, size_t n, bool reasons)
{
	for (size_t i = 0; i < n; i++) {
		struct prefix p = { .afs = v[i].nh.afs, .len = (uint8_t)(afs_addr_len((enum afs)v[i].nh.afs) * 8) };
		memcpy(p.addr, v[i].nh.addr, sizeof(p.addr));
		struct sbuf t;
		sb_init(&t);
		prefix_print(&p, &t);
		char *slash = strchr(t.p, '/');
		if (slash)
			*slash = '\0';
		sb_printf(sb, "%s%s", i ? " " : "", t.p);
		if (v[i].ifname[0])
			sb_printf(sb, "@%s", v[i].ifname);
		if (reasons && !v[i].usable && v[i].reason)
			sb_printf(sb, " (unusable: %s)", v[i].reason);
		sb_free(&t);
	}
}

static void
fib_group_row(void *arg, const struct fib_show_group *g)
{
	struct ctl_out *o = arg;
	struct sbuf m;
	sb_init(&m);
	nh_list(&m, g->members, g->n_members, false);
	ctl_out_row(o, (struct ctl_val[]){
		g->id ? CTL_U64(g->id) : CTL_NULL(),
		CTL_STR(g->type),
		CTL_U64(g->buckets),
		CTL_U64(g->routes),
		CTL_STR(m.p),
		g->k_present ? CTL_U64(g->k_n_members) : CTL_NULL(),
		CTL_STR(g->state),
		g->error ? CTL_STR(g->error) : CTL_NULL(),
	}, sizeof(fib_group_cols) / sizeof(fib_group_cols[0]));
	sb_free(&m);
}

static void
fib_route_row(void *arg, const struct fib_show_route *r)
{
	struct ctl_out *o = arg;
	struct sbuf pf, want, kern;
	sb_init(&pf);
	sb_init(&want);
	sb_init(&kern);
	prefix_print(r->pfx, &pf);
	nh_list(&want, r->want, r->n_want, true);
	nh_list(&kern, r->kernel, r->n_kernel, false);
	ctl_out_row(o, (struct ctl_val[]){
		CTL_STR(pf.p),
		CTL_STR(fib_route_state_name(r->state)),
		r->group ? CTL_U64(r->group) : CTL_NULL(),
		CTL_STR(want.p),
		CTL_STR(kern.p),
		r->reason ? CTL_STR(r->reason) : CTL_NULL(),
		CTL_U64(r->attempts),
	}, sizeof(fib_route_cols) / sizeof(fib_route_cols[0]));
	sb_free(&pf);
	sb_free(&want);
	sb_free(&kern);
}

static enum ctl_step
cmd_show_fib(struct ctl_req *req, void *arg)
{
	struct bgpd *d = arg;
	struct ctl_out *o = req->out;
	struct prefix filter, *fp = NULL;

	if (d->fib == NULL) {
		ctl_req_fail(req, 1, "no FIB: the configuration has no fib: section");
		return CTL_DONE;
	}
	if (req->nargs >= 1 && req->args[0] != NULL) {
		if (!prefix_parse(req->args[0], &filter)) {
			ctl_req_fail(req, 2, "'%s' is not a prefix", req->args[0]);
			return CTL_DONE;
		}
		fp = &filter;
	}
	/* groups first (the kernel's view read now), then the routes */
	ctl_out_table_begin(o, "groups", NULL, fib_group_cols,
	    sizeof(fib_group_cols) / sizeof(fib_group_cols[0]));
	fib_show(d->fib, fp, &(struct fib_show_ops){ .group = fib_group_row }, o);
	ctl_out_table_end(o);
	ctl_out_table_begin(o, "routes", NULL, fib_route_cols,
	    sizeof(fib_route_cols) / sizeof(fib_route_cols[0]));
	size_t n = fib_show(d->fib, fp, &(struct fib_show_ops){ .route = fib_route_row }, o);
	ctl_out_table_end(o);
	if (fp != NULL && n == 0)
		ctl_req_fail(req, 1, "%s is not in the FIB", req->args[0]);
	return CTL_DONE;
}

static const struct {
	const char *pattern;
	unsigned flags;
	ctl_handler_fn fn;
} commands[] = {
	{ "show summary", CTL_READONLY_OK | CTL_PREFER, cmd_show_summary },
	{ "show neighbor PEER", CTL_READONLY_OK, cmd_show_neighbor },
	{ "show status", CTL_READONLY_OK, cmd_show_status },
	{ "show rib [PREFIX]", CTL_READONLY_OK, cmd_show_rib },
	{ "show fib [PREFIX]", CTL_READONLY_OK, cmd_show_fib },
	{ "neighbor PEER enable", 0, cmd_neighbor_enable },
	{ "neighbor PEER disable [MESSAGE...]", 0, cmd_neighbor_disable },
	{ "neighbor PEER reset [MESSAGE...]", 0, cmd_neighbor_reset },
	{ "neighbor PEER refresh", 0, cmd_neighbor_refresh },
	{ "reload", CTL_DRY_RUN_OK, cmd_reload },
	{ "log level LEVEL", 0, cmd_log_level },
};

/* Make the socket's directory when it is missing (systemd's RuntimeDirectory does it otherwise). */
static void
make_parent_dir(const char *path)
{
	char dir[256];
	const char *slash = strrchr(path, '/');
	if (slash == NULL || slash == path || (size_t)(slash - path) >= sizeof(dir))
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		log_msg(LOG_WARNING, "cannot create %s: %s", dir, strerror(errno));
}

struct ctl_server *
ctl_daemon_open(struct bgpd *d)
{
	struct ctl_server *srv = ctl_server_new(d->base);
	if (srv == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		ctl_register(srv, commands[i].pattern, commands[i].flags, commands[i].fn, d);
	make_parent_dir(d->conf->control.socket);
	if (ctl_server_listen(srv, d->conf->control.socket, d->conf->control.mode, false) != 0) {
		log_msg(LOG_ERR, "cannot open the control socket %s: %s", d->conf->control.socket,
		    strerror(errno));
		ctl_server_free(srv);
		return NULL;
	}
	if (d->conf->control.readonly_socket != NULL &&
	    ctl_server_listen(srv, d->conf->control.readonly_socket, 0666, true) != 0) {
		log_msg(LOG_ERR, "cannot open the read-only control socket %s: %s",
		    d->conf->control.readonly_socket, strerror(errno));
		ctl_server_free(srv);
		return NULL;
	}
	log_msg(LOG_INFO, "control socket %s%s%s", d->conf->control.socket,
	    d->conf->control.readonly_socket ? ", read-only socket " : "",
	    d->conf->control.readonly_socket ? d->conf->control.readonly_socket : "");
	return srv;
}
