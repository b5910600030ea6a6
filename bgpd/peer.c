/*
 * peer.c -- peers: creation from the config or a dynamic range, the FSM
 * configuration, state changes and their log lines, connection collisions.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "originate.h"
#include "peer.h"
#include "rib.h"
#include "session.h"

#define PLOG(prio, p, ...) \
	log_peer((prio), (p)->name, peer_as(p), peer_descr(p), __VA_ARGS__)

bool
conf_addr_to_sockaddr(const struct conf_addr *a, uint16_t port,
    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->afs == AFS_IPV4_UNICAST) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->addr, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->addr, 16);
		*len = sizeof(*sin6);
	}
	return true;
}

bool
sockaddr_to_conf_addr(const struct sockaddr *sa, struct conf_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		a->afs = AFS_IPV4_UNICAST;
		memcpy(a->addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *in6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(in6)) {
			a->afs = AFS_IPV4_UNICAST;
			memcpy(a->addr, &in6->s6_addr[12], 4);
		} else {
			a->afs = AFS_IPV6_UNICAST;
			memcpy(a->addr, in6, 16);
		}
		return true;
	}
	return false;
}

uint32_t
peer_as(const struct peer *p)
{
	if (p->cfg.as != 0)
		return p->cfg.as;
	return p->has_peer_open ? wire_open_peer_as(&p->peer_open) : 0;
}

const char *
peer_descr(const struct peer *p)
{
	return p->cfg.description;
}

enum fsm_state
peer_state(const struct peer *p)
{
	return p->cur->fsm.state;
}

/* FNV-1a over the address, seeded: accept() must not degrade to a list walk. */
static uint32_t
addr_hash(const struct bgpd *d, const struct conf_addr *a)
{
	uint32_t h = 2166136261u ^ d->peer_hash_seed;
	unsigned n = a->afs == AFS_IPV4_UNICAST ? 4 : 16;
	h = (h ^ a->afs) * 16777619u;
	for (unsigned i = 0; i < n; i++)
		h = (h ^ a->addr[i]) * 16777619u;
	return h ^ (h >> 15);
}

static void
hash_insert(struct bgpd *d, struct peer *p)
{
	if (d->n_peers + 1 > d->peer_hash_size) {
		/* grow: keep the load factor at or under one */
		uint32_t size = d->peer_hash_size ? d->peer_hash_size * 2 : 64;
		struct peer **t = calloc(size, sizeof(*t));
		if (t != NULL) {
			for (uint32_t i = 0; i < d->peer_hash_size; i++) {
				struct peer *q, *next;
				for (q = d->peer_hash[i]; q != NULL; q = next) {
					next = q->hash_next;
					uint32_t b = addr_hash(d, &q->addr) & (size - 1);
					q->hash_next = t[b];
					t[b] = q;
				}
			}
			free(d->peer_hash);
			d->peer_hash = t;
			d->peer_hash_size = size;
		}
	}
	if (d->peer_hash_size == 0)
		return;		/* out of memory: the peer still works, accept() will not find it */
	uint32_t b = addr_hash(d, &p->addr) & (d->peer_hash_size - 1);
	p->hash_next = d->peer_hash[b];
	d->peer_hash[b] = p;
}

static void
hash_remove(struct bgpd *d, struct peer *p)
{
	if (d->peer_hash_size == 0)
		return;
	uint32_t b = addr_hash(d, &p->addr) & (d->peer_hash_size - 1);
	for (struct peer **pp = &d->peer_hash[b]; *pp != NULL; pp = &(*pp)->hash_next) {
		if (*pp == p) {
			*pp = p->hash_next;
			return;
		}
	}
}

struct peer *
peer_find(struct bgpd *d, const struct conf_addr *addr)
{
	if (d->peer_hash_size == 0)
		return NULL;
	uint32_t b = addr_hash(d, addr) & (d->peer_hash_size - 1);
	for (struct peer *p = d->peer_hash[b]; p != NULL; p = p->hash_next)
		if (!p->dead && conf_addr_equal(&p->addr, addr))
			return p;
	return NULL;
}

/* The OPEN we send and the session rules, from the settings. */
static void
peer_fsm_config(struct peer *p)
{
	const struct conf *conf = p->d->conf;
	struct fsm_config *f = &p->fcfg;
	struct wire_open *o = &f->open;

	fsm_config_defaults(f);
	memset(o, 0, sizeof(*o));
	o->version = BGP_VERSION;
	o->my_as = conf->as > 0xffff ? BGP_AS_TRANS : (uint16_t)conf->as;
	o->hold_time = p->cfg.hold_time;
	o->bgp_id = conf->router_id;
	for (int i = 0; i < AFS_COUNT; i++) {
		o->mp[i] = (p->cfg.families >> i) & 1;
		if (!o->mp[i])
			continue;
		if (p->cfg.addpath_receive)
			o->addpath[i] |= ADDPATH_RX;
		if (p->cfg.addpath_send.mode != CONF_ADDPATH_NONE)
			o->addpath[i] |= ADDPATH_TX;
	}
	o->route_refresh = true;
	o->enhanced_rr = true;
	o->ext_msg = p->cfg.ext_msg;
	o->as4_present = true;
	o->as4 = conf->as;
	if (p->cfg.gr_enabled) {
		o->gr.present = true;
		o->gr.restart_time = p->cfg.gr_restart_time;
		o->gr.notification = true;
		for (int i = 0; i < AFS_COUNT; i++)
			o->gr.afs[i] = o->mp[i];
	}
	/*
	 * A session for IPv6 only is useless without the peer's IPv6 MP
	 * capability: insist on it (OPEN / Unsupported Capability, RFC 5492),
	 * as FRR does when no family is common. IPv4 unicast needs nothing: a
	 * peer without capabilities speaks it (RFC 4760 §8).
	 */
	f->require.mp[AFS_IPV6_UNICAST] =
	    p->cfg.families == (1u << AFS_IPV6_UNICAST);
	f->peer_as = p->cfg.as;		/* 0 for a dynamic range without one: any */
	f->keepalive_time = p->cfg.keepalive;
	f->connect_retry_time = p->cfg.connect_retry;
	f->passive = p->cfg.passive || p->range != NULL;
	f->auto_restart = p->range == NULL;
}

struct peer *
peer_new(struct bgpd *d, const struct conf_addr *addr,
    const struct conf_peer *cfg, struct dyn_range *range)
{
	struct peer *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->d = d;
	p->addr = *addr;
	p->cfg = *cfg;
	p->range = range;
	conf_addr_format(addr, p->name, sizeof(p->name));
	conf_addr_to_sockaddr(addr, cfg->port, &p->sa, &p->sa_len);
	peer_fsm_config(p);
	for (int i = 0; i < 2; i++) {
		conn_init(&p->conns[i], p);
		fsm_init(&p->conns[i].fsm, &p->fcfg, &session_fsm_ops, &p->conns[i]);
	}
	p->cur = &p->conns[0];
	p->rib_id = ++d->next_rib_id;
	p->state_since = bgpd_now();
	p->admin_down = cfg->shutdown;
	hash_insert(d, p);
	TAILQ_INSERT_TAIL(&d->peers, p, entry);
	d->n_peers++;
	if (range)
		range->active++;
	return p;
}

void
peer_set_cfg(struct peer *p, const struct conf_peer *cfg)
{
	p->cfg = *cfg;
	peer_fsm_config(p);
	for (int i = 0; i < 2; i++)
		p->conns[i].fsm.cfg = p->fcfg;
}

void
peer_start(struct peer *p)
{
	if (p->admin_down || p->dead)
		return;
	fsm_event(&p->cur->fsm, p->fcfg.passive ? FSM_EV_MANUAL_START_PASSIVE :
	    FSM_EV_MANUAL_START);
}

void
peer_stop(struct peer *p, uint8_t cease_subcode, const char *msg)
{
	for (int i = 0; i < 2; i++)
		if (p->conns[i].fsm.state != FSM_IDLE || p->conns[i].fsm.timers)
			fsm_stop(&p->conns[i].fsm, FSM_EV_MANUAL_STOP, cease_subcode, msg);
}

void
peer_remove(struct peer *p, uint8_t cease_subcode, const char *msg)
{
	if (p->dead)
		return;
	peer_stop(p, cease_subcode, msg);
	p->dead = true;
	event_active(p->d->reaper, 0, 0);
}

void
peer_free(struct peer *p)
{
	hash_remove(p->d, p);
	TAILQ_REMOVE(&p->d->peers, p, entry);
	p->d->n_peers--;
	if (p->range)
		p->range->active--;
	for (int i = 0; i < 2; i++)
		conn_destroy(&p->conns[i]);
	free(p->peer_open_msg);
	free(p);
}

/* An incoming connection for a known peer. */
void
peer_accept(struct peer *p, int fd)
{
	struct conn *c = p->cur;
	enum fsm_state st = c->fsm.state;

	if (p->admin_down || p->dead) {
		PLOG(LOG_INFO, p, "connection refused: neighbor is administratively down");
		listen_reject(fd);
		return;
	}
	if (st == FSM_IDLE && !c->fsm.auto_start) {
		close(fd);
		return;
	}
	if (st == FSM_IDLE || st == FSM_CONNECT || st == FSM_ACTIVE) {
		/* take it: an outgoing attempt in flight is dropped */
		conn_abort(c);
		if (st == FSM_IDLE)
			fsm_event(&c->fsm, FSM_EV_AUTOMATIC_START_PASSIVE);
		if (!conn_attach(c, fd, false))
			return;
		fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_CONFIRMED);
		return;
	}
	/* a collision: run the newcomer in the other slot; the OPENs decide */
	struct conn *alt = c == &p->conns[0] ? &p->conns[1] : &p->conns[0];
	if (alt->fsm.state != FSM_IDLE) {
		PLOG(LOG_INFO, p, "connection refused: already two connections in progress");
		close(fd);
		return;
	}
	alt->fsm.cfg = p->fcfg;
	fsm_event(&alt->fsm, FSM_EV_AUTOMATIC_START_PASSIVE);
	if (!conn_attach(alt, fd, false))
		return;
	fsm_event(&alt->fsm, FSM_EV_TCP_CONNECTION_CONFIRMED);
}

/*
 * The peer's OPEN arrived on c. If the other slot is also past OpenSent,
 * RFC 4271 §6.8 decides which connection stays; the loser gets Cease /
 * Connection Collision Resolution.
 */
void peer_open_received(struct conn *c, const uint8_t *msg, size_t len,
    const struct wire_open *o);
void
peer_open_received(struct conn *c, const uint8_t *msg, size_t len,
    const struct wire_open *o)
{
	struct peer *p = c->peer;
	struct conn *other = c == &p->conns[0] ? &p->conns[1] : &p->conns[0];

	/* keep the OPEN for show neighbor (the struct points into the copy) */
	uint8_t *copy = malloc(len);
	if (copy != NULL) {
		memcpy(copy, msg, len);
		if (wire_open_decode(copy + BGP_HEADER_LEN, len - BGP_HEADER_LEN,
		    &p->peer_open, &(struct wire_err){ 0 })) {
			free(p->peer_open_msg);
			p->peer_open_msg = copy;
			p->has_peer_open = true;
		} else {
			free(copy);
		}
	}

	if (other->fsm.state == FSM_OPENCONFIRM || other->fsm.state == FSM_ESTABLISHED) {
		struct conn *loser;
		if (other->fsm.state == FSM_ESTABLISHED) {
			loser = c;	/* §6.8: an Established session wins */
		} else {
			enum fsm_conn close_which = fsm_collision_close(p->d->conf->router_id,
			    p->d->conf->as, o->bgp_id, wire_open_peer_as(o));
			loser = (close_which == FSM_CONN_OUTGOING) == c->outgoing ? c : other;
		}
		PLOG(LOG_INFO, p, "connection collision: closing the %s connection",
		    loser->outgoing ? "outgoing" : "incoming");
		if (loser == c) {
			fsm_event(&c->fsm, FSM_EV_OPEN_COLLISION_DUMP);
			return;
		}
		fsm_event(&other->fsm, FSM_EV_OPEN_COLLISION_DUMP);
		p->cur = c;
	}
	fsm_open_received(&c->fsm, o);
	if (c->fsm.state == FSM_OPENCONFIRM && p->cur != c && p->cur->fsm.state < FSM_OPENSENT)
		p->cur = c;
}

void peer_established(struct conn *c);
void
peer_established(struct conn *c)
{
	struct peer *p = c->peer;
	p->cur = c;
	struct rib_peer_info info;
	memset(&info, 0, sizeof(info));
	info.ebgp = !c->fsm.wctx.ibgp;
	info.router_id = c->fsm.peer_id;
	info.addr.afs = p->addr.afs;
	memcpy(info.addr.a, p->addr.addr, afs_addr_len((enum afs)p->addr.afs));
	if (rib_peer_set(p->d->rib, p->rib_id, &info) == 0)
		p->in_rib = true;
	else
		PLOG(LOG_ERR, p, "cannot register with the RIB: too many peers or out of memory");
	p->cnt.established_count++;
	double now = bgpd_now();
	double down_for = now - p->state_since;
	p->state_since = now;
	char local[64] = "?";
	struct conf_addr la;
	if (sockaddr_to_conf_addr((struct sockaddr *)&c->local, &la))
		conf_addr_format(&la, local, sizeof(local));
	/* add-path per family: "rx", "tx", "rxtx" or "-" */
	static const char *const ap[4] = { "-", "rx", "tx", "rxtx" };
	const struct wire_ctx *w = &c->fsm.wctx;
	PLOG(LOG_INFO, p, "session up (Established, %s connection, local address %s, hold time %u, "
	    "4-octet AS %s, add-path ipv4 %s ipv6 %s), after %.0f s down",
	    c->outgoing ? "outgoing" : "incoming", local, c->fsm.hold_time,
	    w->as4 ? "yes" : "no",
	    ap[w->addpath_rx[0] | w->addpath_tx[0] << 1],
	    ap[w->addpath_rx[1] | w->addpath_tx[1] << 1], down_for);
	unsigned n_orig = originate_send_all(c);
	if (n_orig)
		PLOG(LOG_INFO, p, "%u configured networks announced", n_orig);
	/* End-of-RIB for each family (RFC 4724) after the initial routes */
	uint8_t buf[64];
	for (int i = 0; i < AFS_COUNT; i++) {
		if (!p->fcfg.open.mp[i] || !p->has_peer_open || !p->peer_open.mp[i])
			continue;
		struct wbuf wb = wb_init(buf, sizeof(buf));
		if (wire_eor_encode((enum afs)i, &wb))
			conn_send(c, buf, wb.len);
	}
}

static void
describe_down(const struct fsm_down_reason *why, struct sbuf *sb)
{
	switch (why->cause) {
	case FSM_DOWN_NOTIF_SENT:
		sb_printf(sb, "sent %s / %s (%u/%u)", wire_err_code_name(why->code),
		    wire_err_subcode_name(why->code, why->subcode), why->code, why->subcode);
		break;
	case FSM_DOWN_NOTIF_RCVD:
		sb_printf(sb, "received %s / %s (%u/%u)", wire_err_code_name(why->code),
		    wire_err_subcode_name(why->code, why->subcode), why->code, why->subcode);
		break;
	case FSM_DOWN_EVENT:
		sb_printf(sb, "%s", fsm_event_name(why->event));
		break;
	}
	if (why->text[0]) {
		sb_puts(sb, ": \"");
		sb_escaped(sb, why->text, strlen(why->text));
		sb_putc(sb, '"');
	}
}

void peer_down(struct conn *c, const struct fsm_down_reason *why);
void
peer_down(struct conn *c, const struct fsm_down_reason *why)
{
	struct peer *p = c->peer;
	if (c != p->cur && why->from != FSM_ESTABLISHED)
		return;		/* the loser of a collision, or a second attempt */
	p->last_error = *why;
	p->has_last_error = true;
	struct sbuf sb;
	sb_init(&sb);
	describe_down(why, &sb);
	if (why->from == FSM_ESTABLISHED) {
		double now = bgpd_now();
		p->cnt.dropped++;
		PLOG(LOG_INFO, p, "session down (was Established for %.0f s): %s",
		    now - p->state_since, sb.p);
		p->state_since = now;
	} else {
		PLOG(LOG_INFO, p, "session attempt failed in %s: %s",
		    fsm_state_name(why->from), sb.p);
	}
	sb_free(&sb);
}

void peer_release(struct conn *c);
void
peer_release(struct conn *c)
{
	struct peer *p = c->peer;
	/* dynamic peers leave with their session */
	if (p->range != NULL && c == p->cur && !p->dead) {
		p->dead = true;
		event_active(p->d->reaper, 0, 0);
	}
	if (c == p->cur && p->in_rib) {
		size_t n = rib_peer_down(p->d->rib, p->rib_id);
		rib_peer_remove(p->d->rib, p->rib_id);
		p->in_rib = false;
		if (n)
			PLOG(LOG_INFO, p, "%zu path%s withdrawn with the session", n, n == 1 ? "" : "s");
	}
}

void peer_state_change(struct conn *c, enum fsm_state from, enum fsm_state to,
    enum fsm_event ev);
void
peer_state_change(struct conn *c, enum fsm_state from, enum fsm_state to,
    enum fsm_event ev)
{
	struct peer *p = c->peer;
	if (fsm_transition_is_noise(from, to))
		return;
	PLOG(LOG_DEBUG, p, "%s -> %s (%s)", fsm_state_name(from), fsm_state_name(to),
	    fsm_event_name(ev));
	/* a collision winner in the other slot that fails leaves the main slot to restart */
	if (to == FSM_IDLE && c == p->cur && c != &p->conns[0] && !p->dead) {
		p->cur = &p->conns[0];
		if (!p->admin_down && p->conns[0].fsm.state == FSM_IDLE)
			peer_start(p);
	}
}

void peer_update_received(struct conn *c, const struct wire_update *u);

/* Our AS in the path of an eBGP route, or our cluster/router id in the reflection attributes: a loop. */
static const char *
route_loop(const struct peer *p, const struct wire_attrs *a, bool ibgp)
{
	const struct conf *conf = p->d->conf;
	if (!ibgp) {
		struct wire_bytes ap = a->as_path;
		for (uint32_t off = 0; off + 2 <= ap.len;) {
			unsigned n = ap.p[off + 1];
			for (unsigned i = 0; i < n && off + 2 + 4 * i + 4 <= ap.len; i++)
				if (get_u32(ap.p + off + 2 + 4 * i) == conf->as)
					return "our AS is in the AS_PATH";
			off += 2 + 4 * n;
		}
	}
	if (wire_attr_has(a, BGP_ATTR_ORIGINATOR_ID) && a->originator_id == conf->router_id)
		return "ORIGINATOR_ID is our router id";
	for (uint32_t off = 0; off + 4 <= a->cluster_list.len; off += 4)
		if (get_u32(a->cluster_list.p + off) == conf->cluster_id)
			return "our cluster id is in the CLUSTER_LIST";
	return NULL;
}

static void
withdraw_view(struct peer *p, const struct wire_nlri_view *v)
{
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;
	while (wire_nlri_next(&it, &n))
		rib_withdraw(p->d->rib, &n.pfx, p->rib_id, n.path_id);
}

static void
update_view(struct peer *p, const struct wire_nlri_view *v, const struct attrset *set,
    const struct rib_addr *nh)
{
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;
	while (wire_nlri_next(&it, &n)) {
		/* the change mask is >= 0; a negative value is an errno */
		int rc = rib_update(p->d->rib, &n.pfx, p->rib_id, n.path_id, set, nh);
		if (rc < 0)
			PLOG(LOG_ERR, p, "RIB: cannot store a path: %s", strerror(-rc));
	}
}

/* Max-prefix (RFC 4486 Cease 1): stop the session, restart after the configured minutes or never. */
static void
check_max_prefix(struct conn *c)
{
	struct peer *p = c->peer;
	size_t held = rib_peer_paths(p->d->rib, p->rib_id);
	if (p->cfg.max_prefix == 0 || held <= p->cfg.max_prefix)
		return;
	PLOG(LOG_WARNING, p, "max-prefix %u exceeded (%zu paths): closing the session%s",
	    p->cfg.max_prefix, held, p->cfg.max_prefix_restart ? "" : " until it is reset");
	uint8_t data[7];
	/* RFC 4486 §4: AFI, SAFI and the upper bound */
	put_u16(data, BGP_AFI_IPV4);
	data[2] = BGP_SAFI_UNICAST;
	put_u32(data + 3, p->cfg.max_prefix);
	struct fsm_input in;
	memset(&in, 0, sizeof(in));
	in.event = FSM_EV_AUTOMATIC_STOP;
	in.cease_subcode = BGP_CEASE_MAX_PREFIX;
	in.data = data;
	in.data_len = sizeof(data);
	in.restart = p->cfg.max_prefix_restart ? FSM_RESTART_AFTER : FSM_RESTART_NEVER;
	in.restart_after = (uint32_t)p->cfg.max_prefix_restart * 60;
	in.why = "max-prefix exceeded";
	fsm_input(&c->fsm, &in);
}

void
peer_update_received(struct conn *c, const struct wire_update *u)
{
	struct peer *p = c->peer;
	const struct wire_attrs *a = &u->attrs;
	bool withdraw = u->action == WIRE_TREAT_AS_WITHDRAW;
	bool mp_reach = wire_attr_has(a, BGP_ATTR_MP_REACH) && a->mp_reach.known;
	uint64_t ann = u->nlri.count, wd = u->withdrawn.count;

	if (!p->in_rib || u->eor_afs >= 0)
		return;
	if (mp_reach)
		ann += a->mp_reach.nlri.count;
	if (wire_attr_has(a, BGP_ATTR_MP_UNREACH) && a->mp_unreach.known) {
		wd += a->mp_unreach.nlri.count;
		withdraw_view(p, &a->mp_unreach.nlri);
	}
	withdraw_view(p, &u->withdrawn);
	const char *loop = ann && !withdraw ? route_loop(p, a, c->fsm.wctx.ibgp) : NULL;
	if (loop != NULL) {
		p->rejected += ann;
		PLOG(LOG_DEBUG, p, "%llu prefixes refused: %s", (unsigned long long)ann, loop);
		withdraw = true;
	}
	if (withdraw) {
		/* RFC 7606 treat-as-withdraw, or a loop: the prefixes leave the RIB */
		withdraw_view(p, &u->nlri);
		if (mp_reach)
			withdraw_view(p, &a->mp_reach.nlri);
		wd += ann;
		ann = 0;
	} else if (ann) {
		const struct attrset *set = attrset_intern(p->d->attrs, a);
		if (set == NULL) {
			PLOG(LOG_ERR, p, "RIB: out of memory interning attributes");
			return;
		}
		struct rib_addr nh;
		if (u->nlri.count) {
			memset(&nh, 0, sizeof(nh));
			nh.afs = AFS_IPV4_UNICAST;
			memcpy(nh.a, a->next_hop, 4);
			update_view(p, &u->nlri, set, &nh);
		}
		if (mp_reach) {
			memset(&nh, 0, sizeof(nh));
			int afs = afs_from_afi_safi(a->mp_reach.afi, a->mp_reach.safi);
			nh.afs = (uint8_t)afs;
			/* the global address; a link-local second half is for the FIB later */
			memcpy(nh.a, a->mp_reach.nexthop, a->mp_reach.nh_len >= 16 ? 16 : a->mp_reach.nh_len);
			if (a->mp_reach.nh_len == 4)
				nh.afs = AFS_IPV4_UNICAST;
			update_view(p, &a->mp_reach.nlri, set, &nh);
		}
		attrset_unref(p->d->attrs, set);	/* the RIB holds its own references */
	}
	p->cnt.prefixes_announced += ann;
	p->cnt.prefixes_withdrawn += wd;
	check_max_prefix(c);
}
