/*
 * fsm.c -- the BGP FSM of RFC 4271 §8.2.2 as one table [state][event] ->
 * {action, next}, with the FSM error subcodes of RFC 6608, the session
 * checks of a received OPEN (RFC 4271 §6.2, RFC 6286, RFC 5492), hold time
 * negotiation (§4.2), jitter (§10) and collision resolution (§6.8).
 *
 * Pure: every effect goes through struct fsm_ops (see fsm.h for the contract
 * with the session layer).
 *
 * Where ecmpd departs from the letter of §8.2.2, the row says so:
 *  - Connect + TcpConnectionFails (18) goes to Active with the
 *    ConnectRetryTimer restarted (the RFC's DelayOpen branch; OpenBGPD and
 *    FRR do the same), not to Idle: a peer that is still down is retried
 *    every ConnectRetryTime while we listen, instead of having its own
 *    connection refused while we sit in Idle.
 *  - A NOTIFICATION is never answered with one: §8.2.2 OpenSent lists
 *    NotifMsg (25) among the FSM-error events, but the peer closes right
 *    after sending it (§4.5), OpenConfirm and Established treat 25 as a
 *    plain close, and RFC 6608 §4 names KEEPALIVE, UPDATE and ROUTE-REFRESH
 *    as the unexpected messages.
 *  - FSM errors follow RFC 6608: subcode 1, 2 or 3 (by state) with the
 *    message type as data for an unexpected message (events 19, 22, 26,
 *    27, 28, 29); subcode 0 (Unspecified) without data for an event that is
 *    no message (a timer that should not be running).
 *  - BGPHeaderErr (21) in Established sends the Message Header Error the
 *    codec found (§6.1), not the FSM error of the Established event list.
 *  - An OPEN in OpenConfirm or Established that is not resolved as a
 *    collision by the session layer is an unexpected message (RFC 6608).
 *  - Passive peers run no ConnectRetry timer and never connect (fsm.h).
 *  - IdleHoldTimer_Expires in Idle restarts the session, in Established it
 *    resets the back-off (fsm.h); the RFC leaves damping open.
 *  - Active + TcpConnectionFails stops the ConnectRetryTimer where the RFC
 *    restarts it: the next state is Idle, which ignores that timer.
 */
#include "fsm.h"

#include <stdio.h>
#include <string.h>

/* An action returns the state to go to, or FSM_ROW_NEXT for the row's. */
#define FSM_ROW_NEXT FSM_STATE_COUNT

typedef enum fsm_state fsm_action(struct fsm *f, const struct fsm_input *in);

struct fsm_row {
	fsm_action *action;
	enum fsm_state next;
};

/* A NOTIFICATION we send. */
struct notify {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	size_t len;
	const char *text;	/* for the down reason */
	size_t text_len;
};

enum count_op { COUNT_INC, COUNT_KEEP, COUNT_RESET };

/* How a session falls to Idle. */
struct fall {
	const struct notify *sent;		/* or NULL */
	const struct wire_notification *rcvd;	/* or NULL */
	enum count_op count;
	enum fsm_restart restart;
	uint32_t restart_after;
};

/* ---- names ---- */

static const char *const state_names[FSM_STATE_COUNT] = {
	[FSM_IDLE] = "Idle",
	[FSM_CONNECT] = "Connect",
	[FSM_ACTIVE] = "Active",
	[FSM_OPENSENT] = "OpenSent",
	[FSM_OPENCONFIRM] = "OpenConfirm",
	[FSM_ESTABLISHED] = "Established",
};

static const char *const event_names[FSM_EV_COUNT] = {
	[FSM_EV_MANUAL_START] = "ManualStart",
	[FSM_EV_MANUAL_STOP] = "ManualStop",
	[FSM_EV_AUTOMATIC_START] = "AutomaticStart",
	[FSM_EV_MANUAL_START_PASSIVE] = "ManualStart_with_PassiveTcpEstablishment",
	[FSM_EV_AUTOMATIC_START_PASSIVE] = "AutomaticStart_with_PassiveTcpEstablishment",
	[6] = "AutomaticStart_with_DampPeerOscillations",
	[7] = "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment",
	[FSM_EV_AUTOMATIC_STOP] = "AutomaticStop",
	[FSM_EV_CONNECT_RETRY_EXPIRES] = "ConnectRetryTimer_Expires",
	[FSM_EV_HOLD_EXPIRES] = "HoldTimer_Expires",
	[FSM_EV_KEEPALIVE_EXPIRES] = "KeepaliveTimer_Expires",
	[12] = "DelayOpenTimer_Expires",
	[FSM_EV_IDLE_HOLD_EXPIRES] = "IdleHoldTimer_Expires",
	[FSM_EV_TCP_CONNECTION_VALID] = "TcpConnection_Valid",
	[FSM_EV_TCP_CR_INVALID] = "Tcp_CR_Invalid",
	[FSM_EV_TCP_CR_ACKED] = "Tcp_CR_Acked",
	[FSM_EV_TCP_CONNECTION_CONFIRMED] = "TcpConnectionConfirmed",
	[FSM_EV_TCP_CONNECTION_FAILS] = "TcpConnectionFails",
	[FSM_EV_BGP_OPEN] = "BGPOpen",
	[20] = "BGPOpen_with_DelayOpenTimer_running",
	[FSM_EV_BGP_HEADER_ERR] = "BGPHeaderErr",
	[FSM_EV_BGP_OPEN_MSG_ERR] = "BGPOpenMsgErr",
	[FSM_EV_OPEN_COLLISION_DUMP] = "OpenCollisionDump",
	[FSM_EV_NOTIF_MSG_VER_ERR] = "NotifMsgVerErr",
	[FSM_EV_NOTIF_MSG] = "NotifMsg",
	[FSM_EV_KEEPALIVE_MSG] = "KeepAliveMsg",
	[FSM_EV_UPDATE_MSG] = "UpdateMsg",
	[FSM_EV_UPDATE_MSG_ERR] = "UpdateMsgErr",
	[FSM_EV_ROUTE_REFRESH_MSG] = "RouteRefreshMsg",
};

static const char *const timer_names[FSM_TIMER_COUNT] = {
	[FSM_TIMER_CONNECT_RETRY] = "ConnectRetry",
	[FSM_TIMER_HOLD] = "Hold",
	[FSM_TIMER_KEEPALIVE] = "Keepalive",
	[FSM_TIMER_IDLE_HOLD] = "IdleHold",
};

const char *
fsm_state_name(enum fsm_state s)
{
	return (unsigned)s < FSM_STATE_COUNT ? state_names[s] : "unknown";
}

const char *
fsm_event_name(enum fsm_event ev)
{
	if ((unsigned)ev < FSM_EV_COUNT && event_names[ev] != NULL)
		return event_names[ev];
	return "unknown";
}

const char *
fsm_timer_name(enum fsm_timer t)
{
	return (unsigned)t < FSM_TIMER_COUNT ? timer_names[t] : "unknown";
}

bool
fsm_transition_is_noise(enum fsm_state from, enum fsm_state to)
{
	if (from == to)
		return true;
	if ((from == FSM_CONNECT && to == FSM_ACTIVE) ||
	    (from == FSM_ACTIVE && to == FSM_CONNECT))
		return true;
	return from == FSM_IDLE && (to == FSM_CONNECT || to == FSM_ACTIVE);
}

enum fsm_event
fsm_timer_event(enum fsm_timer t)
{
	switch (t) {
	case FSM_TIMER_CONNECT_RETRY:
		return FSM_EV_CONNECT_RETRY_EXPIRES;
	case FSM_TIMER_HOLD:
		return FSM_EV_HOLD_EXPIRES;
	case FSM_TIMER_KEEPALIVE:
		return FSM_EV_KEEPALIVE_EXPIRES;
	case FSM_TIMER_IDLE_HOLD:
		return FSM_EV_IDLE_HOLD_EXPIRES;
	case FSM_TIMER_COUNT:
		break;
	}
	return FSM_EV_NONE;
}

/* The timer whose expiry ev is, or -1. */
static int
event_timer(enum fsm_event ev)
{
	switch (ev) {
	case FSM_EV_CONNECT_RETRY_EXPIRES:
		return FSM_TIMER_CONNECT_RETRY;
	case FSM_EV_HOLD_EXPIRES:
		return FSM_TIMER_HOLD;
	case FSM_EV_KEEPALIVE_EXPIRES:
		return FSM_TIMER_KEEPALIVE;
	case FSM_EV_IDLE_HOLD_EXPIRES:
		return FSM_TIMER_IDLE_HOLD;
	default:
		return -1;
	}
}

/* ---- pure helpers ---- */

uint16_t
fsm_hold_time(uint16_t ours, uint16_t peers)
{
	return ours < peers ? ours : peers;
}

uint16_t
fsm_keepalive_time(const struct fsm_config *cfg, uint16_t hold)
{
	uint32_t ka;

	if (hold == 0)
		return 0;
	if (cfg->keepalive_time == 0 || cfg->open.hold_time == 0)
		ka = hold / 3u;
	else if (hold < cfg->open.hold_time)
		ka = (uint32_t)cfg->keepalive_time * hold / cfg->open.hold_time;
	else
		ka = cfg->keepalive_time;
	if (ka > hold)
		ka = hold;
	return (uint16_t)(ka == 0 ? 1 : ka);
}

uint32_t
fsm_jitter(uint32_t seconds, uint32_t random)
{
	/* seconds * (0.75 + 0.25 * random / 2^32), rounded: (s * (3*2^32 + r) + 2^33) / 2^34 */
	uint64_t f = ((uint64_t)3 << 32) + random;
	uint64_t j = ((uint64_t)seconds * f + ((uint64_t)1 << 33)) >> 34;

	if (j == 0 && seconds > 0)
		j = 1;
	return (uint32_t)j;
}

enum fsm_conn
fsm_collision_close(uint32_t local_id, uint32_t local_as, uint32_t peer_id,
    uint32_t peer_as)
{
	/* §6.8: keep the connection initiated by the higher BGP Identifier */
	if (local_id != peer_id)
		return local_id < peer_id ? FSM_CONN_OUTGOING : FSM_CONN_INCOMING;
	/* RFC 6286 §2.3: equal identifiers, keep the one from the larger AS */
	if (local_as != peer_as)
		return local_as < peer_as ? FSM_CONN_OUTGOING : FSM_CONN_INCOMING;
	return FSM_CONN_INCOMING;
}

/* Append prefix and s to a NUL-terminated fixed buffer, cutting quietly. */
static void
text_append(char *buf, size_t cap, const char *prefix, const char *s)
{
	size_t len = strlen(buf);

	if (len < cap)
		snprintf(buf + len, cap - len, "%s%s", prefix, s);
}

static void
put_cap(struct fsm_open_error *e, uint8_t code, const uint8_t *val,
    uint8_t len, const char *name)
{
	if ((size_t)e->data_len + 2u + len > sizeof(e->data))
		return;		/* cannot happen: data holds every capability we require */
	e->data[e->data_len++] = code;
	e->data[e->data_len++] = len;
	if (len > 0)
		memcpy(e->data + e->data_len, val, len);
	e->data_len = (uint16_t)(e->data_len + len);
	text_append(e->reason, sizeof(e->reason),
	    e->reason[0] == '\0' ? "required capabilities missing: " : ", ",
	    name);
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
check_caps(const struct fsm_config *cfg, const struct wire_open *peer,
    struct fsm_open_error *e)
{
	const struct fsm_required_caps *rq = &cfg->require;
	uint8_t v[4];
	char name[48];

	if (rq->as4 && !peer->as4_present) {
		put_be32(v, wire_open_peer_as(&cfg->open));
		put_cap(e, BGP_CAP_AS4, v, 4, "4-octet AS");
	}
	for (int i = 0; i < AFS_COUNT; i++) {
		if (!rq->mp[i] || peer->mp[i])
			continue;
		put_be16(v, afs_afi((enum afs)i));
		v[2] = 0;
		v[3] = afs_safi((enum afs)i);
		snprintf(name, sizeof(name), "multiprotocol %s", afs_name((enum afs)i));
		put_cap(e, BGP_CAP_MP, v, 4, name);
	}
	if (rq->route_refresh && !peer->route_refresh)
		put_cap(e, BGP_CAP_ROUTE_REFRESH, NULL, 0, "route refresh");
	if (rq->enhanced_rr && !peer->enhanced_rr)
		put_cap(e, BGP_CAP_ENHANCED_RR, NULL, 0, "enhanced route refresh");
	if (rq->ext_msg && !peer->ext_msg)
		put_cap(e, BGP_CAP_EXT_MSG, NULL, 0, "extended message");
	for (int i = 0; i < AFS_COUNT; i++) {
		uint8_t want = rq->addpath[i] & (ADDPATH_RX | ADDPATH_TX);
		uint8_t has = peer->addpath[i];

		if (want == 0)
			continue;
		/* our receive needs the peer's send, and the other way round */
		if ((!(want & ADDPATH_RX) || (has & ADDPATH_TX)) &&
		    (!(want & ADDPATH_TX) || (has & ADDPATH_RX)))
			continue;
		put_be16(v, afs_afi((enum afs)i));
		v[2] = afs_safi((enum afs)i);
		v[3] = want;
		snprintf(name, sizeof(name), "add-path %s", afs_name((enum afs)i));
		/* add-path is one capability listing families (RFC 7911 §4); one tuple each here */
		put_cap(e, BGP_CAP_ADDPATH, v, 4, name);
	}
}

static void
id_text(uint32_t id, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
}

bool
fsm_open_check(const struct fsm_config *cfg, const struct wire_open *peer,
    struct fsm_open_error *e)
{
	uint32_t local_as = wire_open_peer_as(&cfg->open);
	uint32_t peer_as = wire_open_peer_as(peer);

	memset(e, 0, sizeof(*e));

	/* RFC 4271 §6.2: Bad Peer AS; data: the My Autonomous System field as sent */
	if (cfg->peer_as != 0 && peer_as != cfg->peer_as) {
		e->code = BGP_ERR_OPEN;
		e->subcode = BGP_ERR_OPEN_BAD_AS;
		put_be16(e->data, peer->my_as);
		e->data_len = 2;
		snprintf(e->reason, sizeof(e->reason),
		    "peer AS %u, expected %u", peer_as, cfg->peer_as);
		return false;
	}

	/*
	 * §6.2 Unacceptable Hold Time: 1 and 2 are refused by the codec; any
	 * other value is negotiated (§4.2), so nothing to check here.
	 */

	/* RFC 6286 §2.2: equal identifiers are an error on internal sessions only */
	if (peer_as == local_as && peer->bgp_id == cfg->open.bgp_id) {
		char id[16];

		e->code = BGP_ERR_OPEN;
		e->subcode = BGP_ERR_OPEN_BAD_ID;
		id_text(peer->bgp_id, id, sizeof(id));
		snprintf(e->reason, sizeof(e->reason),
		    "BGP identifier %s is ours, on an internal session", id);
		return false;
	}

	/* RFC 5492 §5: every missing required capability, as we would encode it */
	check_caps(cfg, peer, e);
	if (e->data_len > 0) {
		e->code = BGP_ERR_OPEN;
		e->subcode = BGP_ERR_OPEN_CAPABILITY;
		return false;
	}
	return true;
}

/* ---- configuration ---- */

void
fsm_config_defaults(struct fsm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->open.version = BGP_VERSION;
	cfg->open.hold_time = FSM_HOLD_TIME;
	cfg->connect_retry_time = FSM_CONNECT_RETRY_TIME;
	cfg->open_hold_time = FSM_OPEN_HOLD_TIME;
	cfg->idle_hold_time = FSM_IDLE_HOLD_TIME;
	cfg->idle_hold_max = FSM_IDLE_HOLD_MAX;
	cfg->auto_restart = true;
}

bool
fsm_init(struct fsm *f, const struct fsm_config *cfg,
    const struct fsm_ops *ops, void *ctx)
{
	if (ops == NULL || ops->connect_start == NULL ||
	    ops->connection_close == NULL || ops->send_open == NULL ||
	    ops->send_keepalive == NULL || ops->send_notification == NULL ||
	    ops->timer_start == NULL || ops->timer_stop == NULL ||
	    ops->established == NULL || ops->down == NULL ||
	    ops->release_resources == NULL)
		return false;
	memset(f, 0, sizeof(*f));
	f->state = FSM_IDLE;
	f->cfg = *cfg;
	if (f->cfg.idle_hold_max < f->cfg.idle_hold_time)
		f->cfg.idle_hold_max = f->cfg.idle_hold_time;
	f->ops = ops;
	f->ctx = ctx;
	f->idle_hold = f->cfg.idle_hold_time;
	return true;
}

const struct wire_ctx *
fsm_wire_ctx(const struct fsm *f)
{
	return f->state >= FSM_OPENCONFIRM ? &f->wctx : NULL;
}

/* ---- effects ---- */

static void
timer_start(struct fsm *f, enum fsm_timer t, uint32_t seconds)
{
	f->timers |= 1u << t;
	f->ops->timer_start(f->ctx, t, seconds);
}

static void
timer_stop(struct fsm *f, enum fsm_timer t)
{
	if (f->timers & (1u << t)) {
		f->timers &= ~(1u << t);
		f->ops->timer_stop(f->ctx, t);
	}
}

static uint32_t
jittered(struct fsm *f, uint32_t seconds)
{
	if (f->ops->random == NULL)
		return seconds;
	return fsm_jitter(seconds, f->ops->random(f->ctx));
}

static void
start_connect_retry(struct fsm *f)
{
	timer_start(f, FSM_TIMER_CONNECT_RETRY, jittered(f, f->cfg.connect_retry_time));
}

static void
start_keepalive(struct fsm *f)
{
	if (f->keepalive_time != 0)
		timer_start(f, FSM_TIMER_KEEPALIVE, jittered(f, f->keepalive_time));
}

static void
restart_hold(struct fsm *f)
{
	if (f->hold_time != 0)
		timer_start(f, FSM_TIMER_HOLD, f->hold_time);
}

static void
send_notify(struct fsm *f, const struct notify *n)
{
	f->ops->send_notification(f->ctx, n->code, n->subcode, n->data, n->len);
}

/* Hand the down reason to the session layer and keep it. */
static void
report_down(struct fsm *f, const struct fsm_input *in, const struct notify *sent,
    const struct wire_notification *rcvd)
{
	struct fsm_down_reason *r = &f->last_down;

	memset(r, 0, sizeof(*r));
	r->event = in->event;
	r->from = f->state;
	if (sent != NULL) {
		r->cause = FSM_DOWN_NOTIF_SENT;
		r->code = sent->code;
		r->subcode = sent->subcode;
		if (sent->text != NULL)
			snprintf(r->text, sizeof(r->text), "%.*s",
			    (int)sent->text_len, sent->text);
	} else if (rcvd != NULL) {
		r->cause = FSM_DOWN_NOTIF_RCVD;
		r->code = rcvd->code;
		r->subcode = rcvd->subcode;
		if (rcvd->has_shutdown_msg)
			snprintf(r->text, sizeof(r->text), "%s", rcvd->shutdown_msg);
	}
	if (r->text[0] == '\0' && in->why != NULL)
		snprintf(r->text, sizeof(r->text), "%s", in->why);
	f->has_last_down = true;
	f->ops->down(f->ctx, r);
}

/*
 * The common way to Idle (RFC 4271 §8.2.2, every state): send the
 * NOTIFICATION if any, stop the timers ("sets the ConnectRetryTimer to zero";
 * the others mean nothing in Idle), drop the connection, count, tell the
 * session layer (from OpenSent on), release resources ("deletes all routes
 * associated with this connection"), then arm the restart.
 */
static enum fsm_state
fall_to_idle(struct fsm *f, const struct fsm_input *in, const struct fall *d)
{
	if (d->sent != NULL)
		send_notify(f, d->sent);
	for (int t = 0; t < FSM_TIMER_COUNT; t++)
		timer_stop(f, (enum fsm_timer)t);
	f->ops->connection_close(f->ctx);
	switch (d->count) {
	case COUNT_INC:
		f->connect_retry_counter++;
		break;
	case COUNT_RESET:
		f->connect_retry_counter = 0;
		break;
	case COUNT_KEEP:
		break;
	}
	if (f->state >= FSM_OPENSENT)
		report_down(f, in, d->sent, d->rcvd);
	f->ops->release_resources(f->ctx);

	switch (d->restart) {
	case FSM_RESTART_NEVER:
		f->auto_start = false;
		break;
	case FSM_RESTART_AFTER:
		if (f->auto_start)
			timer_start(f, FSM_TIMER_IDLE_HOLD, d->restart_after);
		break;
	case FSM_RESTART_BACKOFF:
		if (f->auto_start && f->cfg.auto_restart) {
			uint64_t next = (uint64_t)f->idle_hold * 2;

			timer_start(f, FSM_TIMER_IDLE_HOLD, f->idle_hold);
			f->idle_hold = (uint32_t)(next > f->cfg.idle_hold_max ?
			    f->cfg.idle_hold_max : next);
		}
		break;
	}
	return FSM_IDLE;
}

/* RFC 9003 §2 data: length octet, then at most 255 octets cut on a UTF-8 boundary. */
static size_t
shutdown_data(const char *msg, uint8_t *out)
{
	size_t n = strlen(msg);

	if (n > BGP_SHUTDOWN_MSG_MAX) {
		n = BGP_SHUTDOWN_MSG_MAX;
		while (n > 0 && ((uint8_t)msg[n] & 0xc0) == 0x80)
			n--;
	}
	out[0] = (uint8_t)n;
	memcpy(out + 1, msg, n);
	return n + 1;
}

/* The Cease a stop sends (RFC 4486 subcodes). buf holds 1 + 255 octets. */
static void
stop_cease(const struct fsm_input *in, uint8_t dflt, uint8_t *buf,
    struct notify *n)
{
	memset(n, 0, sizeof(*n));
	n->code = BGP_ERR_CEASE;
	n->subcode = in->cease_subcode != 0 ? in->cease_subcode : dflt;
	if (in->shutdown_msg != NULL && (n->subcode == BGP_CEASE_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_CEASE_ADMIN_RESET)) {
		n->len = shutdown_data(in->shutdown_msg, buf);
		n->data = buf;
		n->text = (const char *)buf + 1;
		n->text_len = buf[0];
	} else {
		n->data = in->data;
		n->len = in->data_len;
	}
}

/* RFC 6608 §4: the message type an unexpected message event stands for, or 0. */
static uint8_t
event_msg_type(enum fsm_event ev)
{
	switch (ev) {
	case FSM_EV_BGP_OPEN:
	case FSM_EV_BGP_OPEN_MSG_ERR:
		return BGP_MSG_OPEN;
	case FSM_EV_NOTIF_MSG_VER_ERR:
	case FSM_EV_NOTIF_MSG:
		return BGP_MSG_NOTIFICATION;
	case FSM_EV_KEEPALIVE_MSG:
		return BGP_MSG_KEEPALIVE;
	case FSM_EV_UPDATE_MSG:
	case FSM_EV_UPDATE_MSG_ERR:
		return BGP_MSG_UPDATE;
	case FSM_EV_ROUTE_REFRESH_MSG:
		return BGP_MSG_ROUTE_REFRESH;
	default:
		return 0;
	}
}

/* ---- actions ---- */

static enum fsm_state
act_ignore(struct fsm *f, const struct fsm_input *in)
{
	(void)f;
	(void)in;
	return FSM_ROW_NEXT;
}

/* Idle refuses connections (§8.2.2 Idle). */
static enum fsm_state
act_refuse(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	f->ops->connection_close(f->ctx);
	return FSM_ROW_NEXT;
}

/*
 * §8.2.2 Idle, events 1, 3 (active) and 4, 5 (passive): set the
 * ConnectRetryCounter to zero, start the ConnectRetryTimer, initiate the TCP
 * connection -> Connect; passive: listen -> Active.
 */
static enum fsm_state
start_session(struct fsm *f, bool passive)
{
	timer_stop(f, FSM_TIMER_IDLE_HOLD);
	f->auto_start = true;
	f->passive = f->cfg.passive || passive;
	f->connect_retry_counter = 0;
	if (f->passive)
		return FSM_ACTIVE;
	start_connect_retry(f);
	f->ops->connect_start(f->ctx);
	return FSM_CONNECT;
}

static enum fsm_state
act_start(struct fsm *f, const struct fsm_input *in)
{
	if (in->event == FSM_EV_MANUAL_START || in->event == FSM_EV_MANUAL_START_PASSIVE)
		f->idle_hold = f->cfg.idle_hold_time;	/* the operator's word resets the back-off */
	return start_session(f, in->event == FSM_EV_MANUAL_START_PASSIVE ||
	    in->event == FSM_EV_AUTOMATIC_START_PASSIVE);
}

/* Idle + IdleHoldTimer_Expires: the automatic restart (fsm.h). */
static enum fsm_state
act_restart(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	if (!f->auto_start)
		return FSM_ROW_NEXT;
	return start_session(f, false);
}

/* Idle + ManualStop: ignored by §8.2.2, but it cancels a pending restart. */
static enum fsm_state
act_idle_stop(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	timer_stop(f, FSM_TIMER_IDLE_HOLD);
	f->auto_start = false;
	return FSM_ROW_NEXT;
}

/* Connect + ConnectRetryTimer_Expires: drop, restart the timer, connect again. */
static enum fsm_state
act_connect_retry(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	f->ops->connection_close(f->ctx);
	start_connect_retry(f);
	f->ops->connect_start(f->ctx);
	return FSM_ROW_NEXT;
}

/* Active + ConnectRetryTimer_Expires: restart the timer, connect -> Connect. */
static enum fsm_state
act_active_retry(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	if (f->passive)
		return FSM_ACTIVE;	/* a passive peer runs no such timer: stale */
	start_connect_retry(f);
	f->ops->connect_start(f->ctx);
	return FSM_ROW_NEXT;
}

/*
 * Connect/Active + Tcp_CR_Acked or TcpConnectionConfirmed (no DelayOpen):
 * stop the ConnectRetryTimer, send OPEN, HoldTimer to a large value (4
 * minutes suggested) -> OpenSent.
 */
static enum fsm_state
act_tcp_up(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	timer_stop(f, FSM_TIMER_CONNECT_RETRY);
	f->ops->send_open(f->ctx);
	if (f->cfg.open_hold_time != 0)
		timer_start(f, FSM_TIMER_HOLD, f->cfg.open_hold_time);
	return FSM_ROW_NEXT;
}

/* Connect + TcpConnectionFails: restart the ConnectRetryTimer -> Active (see the top). */
static enum fsm_state
act_connect_fail(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	f->ops->connection_close(f->ctx);
	start_connect_retry(f);
	return FSM_ROW_NEXT;
}

/*
 * ManualStop (§8.2.2, every state but Idle): from OpenSent on, a Cease
 * (Administrative Shutdown unless told otherwise); ConnectRetryCounter to
 * zero; no restart.
 */
static enum fsm_state
act_manual_stop(struct fsm *f, const struct fsm_input *in)
{
	uint8_t buf[1 + BGP_SHUTDOWN_MSG_MAX];	/* n.data may point here */
	struct notify n;
	struct fall d = { .count = COUNT_RESET, .restart = FSM_RESTART_NEVER };

	if (f->state >= FSM_OPENSENT) {
		stop_cease(in, BGP_CEASE_ADMIN_SHUTDOWN, buf, &n);
		d.sent = &n;
	}
	return fall_to_idle(f, in, &d);
}

/*
 * AutomaticStop (§8.2.2): from OpenSent on, a Cease (Administrative Reset
 * unless told otherwise, e.g. Maximum Number of Prefixes Reached with its
 * data); ConnectRetryCounter + 1; restart as asked.
 */
static enum fsm_state
act_auto_stop(struct fsm *f, const struct fsm_input *in)
{
	uint8_t buf[1 + BGP_SHUTDOWN_MSG_MAX];	/* n.data may point here */
	struct notify n;
	struct fall d = {
		.count = COUNT_INC,
		.restart = in->restart,
		.restart_after = in->restart_after,
	};

	if (f->state >= FSM_OPENSENT) {
		stop_cease(in, BGP_CEASE_ADMIN_RESET, buf, &n);
		d.sent = &n;
	}
	return fall_to_idle(f, in, &d);
}

/* To Idle without a NOTIFICATION, ConnectRetryCounter + 1. */
static enum fsm_state
act_fail(struct fsm *f, const struct fsm_input *in)
{
	struct fall d = { .count = COUNT_INC, .restart = FSM_RESTART_BACKOFF };

	return fall_to_idle(f, in, &d);
}

/*
 * NotifMsgVerErr / NotifMsg: to Idle, nothing sent. §8.2.2 OpenSent and
 * OpenConfirm leave the ConnectRetryCounter alone for a version error.
 */
static enum fsm_state
act_notif_rcvd(struct fsm *f, const struct fsm_input *in)
{
	struct fall d = {
		.rcvd = in->notif,
		.count = COUNT_INC,
		.restart = FSM_RESTART_BACKOFF,
	};

	if (in->event == FSM_EV_NOTIF_MSG_VER_ERR &&
	    (f->state == FSM_OPENSENT || f->state == FSM_OPENCONFIRM))
		d.count = COUNT_KEEP;
	return fall_to_idle(f, in, &d);
}

/* HoldTimer_Expires: Hold Timer Expired (4/0) -> Idle. */
static enum fsm_state
act_hold_expired(struct fsm *f, const struct fsm_input *in)
{
	struct notify n = { .code = BGP_ERR_HOLD };
	struct fall d = { .sent = &n, .count = COUNT_INC, .restart = FSM_RESTART_BACKOFF };

	return fall_to_idle(f, in, &d);
}

/* An event this state does not expect: Finite State Machine Error (RFC 6608) -> Idle. */
static enum fsm_state
act_fsm_error(struct fsm *f, const struct fsm_input *in)
{
	uint8_t type = event_msg_type(in->event);
	struct notify n = { .code = BGP_ERR_FSM, .subcode = BGP_ERR_FSM_UNSPEC };
	struct fall d = { .sent = &n, .count = COUNT_INC, .restart = FSM_RESTART_BACKOFF };

	if (type != 0) {
		switch (f->state) {
		case FSM_OPENSENT:
			n.subcode = BGP_ERR_FSM_OPENSENT;
			break;
		case FSM_OPENCONFIRM:
			n.subcode = BGP_ERR_FSM_OPENCONFIRM;
			break;
		default:
			n.subcode = BGP_ERR_FSM_ESTABLISHED;
			break;
		}
		n.data = &type;
		n.len = 1;
	}
	return fall_to_idle(f, in, &d);
}

/* BGPHeaderErr, BGPOpenMsgErr, UpdateMsgErr: the NOTIFICATION the codec chose -> Idle. */
static enum fsm_state
act_msg_error(struct fsm *f, const struct fsm_input *in)
{
	const struct wire_err *e = in->err;
	const char *end = memchr(e->reason, '\0', sizeof(e->reason));
	struct notify n = {
		.code = e->code,
		.subcode = e->subcode,
		.data = wire_err_data(e),
		.len = e->data_len,
		.text = e->reason,
		.text_len = end != NULL ? (size_t)(end - e->reason) : sizeof(e->reason),
	};
	struct fall d = { .sent = &n, .count = COUNT_INC, .restart = FSM_RESTART_BACKOFF };

	return fall_to_idle(f, in, &d);
}

/*
 * OpenCollisionDump (§6.8, §8.2.2 OpenSent/OpenConfirm/Established): Cease /
 * Connection Collision Resolution (RFC 4486) -> Idle; the winning connection
 * goes on, so this one never restarts.
 */
static enum fsm_state
act_collision(struct fsm *f, const struct fsm_input *in)
{
	struct notify n = { .code = BGP_ERR_CEASE, .subcode = BGP_CEASE_COLLISION };
	struct fall d = { .sent = &n, .count = COUNT_INC, .restart = FSM_RESTART_NEVER };

	return fall_to_idle(f, in, &d);
}

/*
 * OpenSent + BGPOpen: the session checks; a failure is BGPOpenMsgErr (Event
 * 22) in §8.2.2 terms: the OPEN error -> Idle. Otherwise stop the
 * ConnectRetryTimer, send KEEPALIVE, set Keepalive and Hold timers to the
 * negotiated values (none when it is zero) -> OpenConfirm.
 */
static enum fsm_state
act_open(struct fsm *f, const struct fsm_input *in)
{
	const struct wire_open *o = in->open;
	struct fsm_open_error oe;

	if (!fsm_open_check(&f->cfg, o, &oe)) {
		struct notify n = {
			.code = oe.code,
			.subcode = oe.subcode,
			.data = oe.data,
			.len = oe.data_len,
			.text = oe.reason,
			.text_len = strlen(oe.reason),
		};
		struct fall d = { .sent = &n, .count = COUNT_INC, .restart = FSM_RESTART_BACKOFF };

		return fall_to_idle(f, in, &d);
	}
	f->peer_as = wire_open_peer_as(o);
	f->peer_id = o->bgp_id;
	f->hold_time = fsm_hold_time(f->cfg.open.hold_time, o->hold_time);
	f->keepalive_time = fsm_keepalive_time(&f->cfg, f->hold_time);
	wire_negotiate(&f->cfg.open, o, &f->wctx);

	timer_stop(f, FSM_TIMER_CONNECT_RETRY);
	f->ops->send_keepalive(f->ctx);
	if (f->hold_time != 0) {
		start_keepalive(f);
		restart_hold(f);
	} else {
		timer_stop(f, FSM_TIMER_HOLD);	/* the large OpenSent one */
	}
	return FSM_ROW_NEXT;
}

/*
 * OpenSent + TcpConnectionFails: close, restart the ConnectRetryTimer,
 * listen -> Active. The attempt failed, so the session layer hears of it.
 */
static enum fsm_state
act_opensent_tcp_fail(struct fsm *f, const struct fsm_input *in)
{
	f->ops->connection_close(f->ctx);
	timer_stop(f, FSM_TIMER_HOLD);
	report_down(f, in, NULL, NULL);
	if (!f->passive)
		start_connect_retry(f);
	return FSM_ROW_NEXT;
}

/* KeepaliveTimer_Expires: send KEEPALIVE, restart the timer. */
static enum fsm_state
act_keepalive_timer(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	f->ops->send_keepalive(f->ctx);
	start_keepalive(f);
	return FSM_ROW_NEXT;
}

/*
 * OpenConfirm + KeepAliveMsg: restart the HoldTimer -> Established. Arm the
 * back-off reset (fsm.h) when there is a back-off to reset.
 */
static enum fsm_state
act_established(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	restart_hold(f);
	if (f->idle_hold > f->cfg.idle_hold_time)
		timer_start(f, FSM_TIMER_IDLE_HOLD, f->idle_hold);
	f->ops->established(f->ctx);
	return FSM_ROW_NEXT;
}

/* Established + KEEPALIVE, UPDATE, ROUTE-REFRESH: restart the HoldTimer if not zero. */
static enum fsm_state
act_hold_restart(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	restart_hold(f);
	return FSM_ROW_NEXT;
}

/* Established + IdleHoldTimer_Expires: stable long enough, reset the back-off. */
static enum fsm_state
act_backoff_reset(struct fsm *f, const struct fsm_input *in)
{
	(void)in;
	f->idle_hold = f->cfg.idle_hold_time;
	return FSM_ROW_NEXT;
}

/* ---- the table ---- */

#define R(act, st) { act, FSM_##st }

static const struct fsm_row fsm_table[FSM_STATE_COUNT][FSM_EV_COUNT] = {
	/*
	 * §8.2.2 Idle: refuses connections. Starts (1, 3-5) -> Connect or
	 * Active; ManualStop/AutomaticStop are ignored (ManualStop cancels our
	 * automatic restart); "any other event (Events 9-12, 15-28) ... does not
	 * cause change in the state".
	 */
	[FSM_IDLE] = {
		[FSM_EV_MANUAL_START] = R(act_start, CONNECT),
		[FSM_EV_MANUAL_STOP] = R(act_idle_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_start, CONNECT),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_start, ACTIVE),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_start, ACTIVE),
		[FSM_EV_AUTOMATIC_STOP] = R(act_ignore, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_ignore, IDLE),
		[FSM_EV_HOLD_EXPIRES] = R(act_ignore, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_ignore, IDLE),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_restart, IDLE),	/* -> Connect/Active if restarting */
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, IDLE),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, IDLE),
		[FSM_EV_TCP_CR_ACKED] = R(act_refuse, IDLE),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_refuse, IDLE),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_ignore, IDLE),
		[FSM_EV_BGP_OPEN] = R(act_ignore, IDLE),
		[FSM_EV_BGP_HEADER_ERR] = R(act_ignore, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_ignore, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_ignore, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_ignore, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_ignore, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_ignore, IDLE),
		[FSM_EV_UPDATE_MSG] = R(act_ignore, IDLE),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_ignore, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_ignore, IDLE),
	},
	/*
	 * §8.2.2 Connect: starts ignored; ManualStop -> Idle; ConnectRetry
	 * expiry reconnects; 14/15 stay; 16/17 send OPEN -> OpenSent; 18 ->
	 * Active (see the top); 21/22 -> Idle without NOTIFICATION
	 * (SendNOTIFICATIONwithoutOPEN is FALSE); "any other events (Events 8,
	 * 10-11, 13, 19, 23, 25-28)" and 24 -> Idle, ConnectRetryCounter + 1.
	 */
	[FSM_CONNECT] = {
		[FSM_EV_MANUAL_START] = R(act_ignore, CONNECT),
		[FSM_EV_MANUAL_STOP] = R(act_manual_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_ignore, CONNECT),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_ignore, CONNECT),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_ignore, CONNECT),
		[FSM_EV_AUTOMATIC_STOP] = R(act_auto_stop, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_connect_retry, CONNECT),
		[FSM_EV_HOLD_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, CONNECT),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, CONNECT),
		[FSM_EV_TCP_CR_ACKED] = R(act_tcp_up, OPENSENT),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_tcp_up, OPENSENT),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_connect_fail, ACTIVE),
		[FSM_EV_BGP_OPEN] = R(act_fail, IDLE),
		[FSM_EV_BGP_HEADER_ERR] = R(act_fail, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_fail, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_fail, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_notif_rcvd, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_notif_rcvd, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_fail, IDLE),
		[FSM_EV_UPDATE_MSG] = R(act_fail, IDLE),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_fail, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_fail, IDLE),
	},
	/*
	 * §8.2.2 Active: starts ignored; ManualStop -> Idle; ConnectRetry
	 * expiry connects -> Connect (never for a passive peer); 14/15 stay;
	 * 16/17 send OPEN -> OpenSent; 18 -> Idle; 21/22 -> Idle without
	 * NOTIFICATION; "any other event (Events 8, 10-11, 13, 19, 23, 25-28)"
	 * and 24 -> Idle, ConnectRetryCounter + 1.
	 */
	[FSM_ACTIVE] = {
		[FSM_EV_MANUAL_START] = R(act_ignore, ACTIVE),
		[FSM_EV_MANUAL_STOP] = R(act_manual_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_ignore, ACTIVE),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_ignore, ACTIVE),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_ignore, ACTIVE),
		[FSM_EV_AUTOMATIC_STOP] = R(act_auto_stop, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_active_retry, CONNECT),
		[FSM_EV_HOLD_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_fail, IDLE),
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, ACTIVE),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, ACTIVE),
		[FSM_EV_TCP_CR_ACKED] = R(act_tcp_up, OPENSENT),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_tcp_up, OPENSENT),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_fail, IDLE),
		[FSM_EV_BGP_OPEN] = R(act_fail, IDLE),
		[FSM_EV_BGP_HEADER_ERR] = R(act_fail, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_fail, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_fail, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_notif_rcvd, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_notif_rcvd, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_fail, IDLE),
		[FSM_EV_UPDATE_MSG] = R(act_fail, IDLE),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_fail, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_fail, IDLE),
	},
	/*
	 * §8.2.2 OpenSent: starts ignored; ManualStop/AutomaticStop send a
	 * Cease; HoldTimer expiry sends Hold Timer Expired; 14-17 (a second
	 * connection) are the session layer's (§6.8); 18 -> Active; a valid
	 * OPEN -> OpenConfirm; 21/22 send the codec's error; 23 sends Cease /
	 * Collision; 24/25 -> Idle quietly (see the top); "any other event
	 * (Events 9, 11-13, 20, 25-28)" -> FSM Error, subcode 1 for messages.
	 */
	[FSM_OPENSENT] = {
		[FSM_EV_MANUAL_START] = R(act_ignore, OPENSENT),
		[FSM_EV_MANUAL_STOP] = R(act_manual_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_ignore, OPENSENT),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_ignore, OPENSENT),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_ignore, OPENSENT),
		[FSM_EV_AUTOMATIC_STOP] = R(act_auto_stop, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_HOLD_EXPIRES] = R(act_hold_expired, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, OPENSENT),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, OPENSENT),
		[FSM_EV_TCP_CR_ACKED] = R(act_ignore, OPENSENT),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_ignore, OPENSENT),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_opensent_tcp_fail, ACTIVE),
		[FSM_EV_BGP_OPEN] = R(act_open, OPENCONFIRM),	/* -> Idle if the checks fail */
		[FSM_EV_BGP_HEADER_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_collision, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_notif_rcvd, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_notif_rcvd, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_fsm_error, IDLE),
		[FSM_EV_UPDATE_MSG] = R(act_fsm_error, IDLE),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_fsm_error, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_fsm_error, IDLE),
	},
	/*
	 * §8.2.2 OpenConfirm: starts ignored; stops send a Cease; HoldTimer
	 * expiry sends Hold Timer Expired; KeepaliveTimer expiry sends
	 * KEEPALIVE; 14-17 are the session layer's; 18, 24, 25 -> Idle
	 * quietly; an OPEN the session layer did not resolve as a collision is
	 * unexpected (RFC 6608); 21/22 send the codec's error; 23 Cease /
	 * Collision; KEEPALIVE -> Established; "any other event (Events 9,
	 * 12-13, 20, 27-28)" -> FSM Error, subcode 2 for messages.
	 */
	[FSM_OPENCONFIRM] = {
		[FSM_EV_MANUAL_START] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_MANUAL_STOP] = R(act_manual_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_AUTOMATIC_STOP] = R(act_auto_stop, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_HOLD_EXPIRES] = R(act_hold_expired, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_keepalive_timer, OPENCONFIRM),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_TCP_CR_ACKED] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_ignore, OPENCONFIRM),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_fail, IDLE),
		[FSM_EV_BGP_OPEN] = R(act_fsm_error, IDLE),
		[FSM_EV_BGP_HEADER_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_collision, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_notif_rcvd, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_notif_rcvd, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_established, ESTABLISHED),
		[FSM_EV_UPDATE_MSG] = R(act_fsm_error, IDLE),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_fsm_error, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_fsm_error, IDLE),
	},
	/*
	 * §8.2.2 Established: starts ignored; stops send a Cease; HoldTimer
	 * expiry sends Hold Timer Expired; KeepaliveTimer expiry sends
	 * KEEPALIVE; 14-17 are the session layer's; 18, 24, 25 -> Idle; an
	 * OPEN (19, 22) is unexpected (RFC 6608); 21 sends the header error
	 * (§6.1); 23 Cease / Collision; KEEPALIVE, UPDATE, ROUTE-REFRESH
	 * restart the HoldTimer; 28 sends the UPDATE error; IdleHold expiry
	 * resets the back-off (fsm.h); "any other event (Events 9, 12-13,
	 * 20-22)" -> FSM Error.
	 */
	[FSM_ESTABLISHED] = {
		[FSM_EV_MANUAL_START] = R(act_ignore, ESTABLISHED),
		[FSM_EV_MANUAL_STOP] = R(act_manual_stop, IDLE),
		[FSM_EV_AUTOMATIC_START] = R(act_ignore, ESTABLISHED),
		[FSM_EV_MANUAL_START_PASSIVE] = R(act_ignore, ESTABLISHED),
		[FSM_EV_AUTOMATIC_START_PASSIVE] = R(act_ignore, ESTABLISHED),
		[FSM_EV_AUTOMATIC_STOP] = R(act_auto_stop, IDLE),
		[FSM_EV_CONNECT_RETRY_EXPIRES] = R(act_fsm_error, IDLE),
		[FSM_EV_HOLD_EXPIRES] = R(act_hold_expired, IDLE),
		[FSM_EV_KEEPALIVE_EXPIRES] = R(act_keepalive_timer, ESTABLISHED),
		[FSM_EV_IDLE_HOLD_EXPIRES] = R(act_backoff_reset, ESTABLISHED),
		[FSM_EV_TCP_CONNECTION_VALID] = R(act_ignore, ESTABLISHED),
		[FSM_EV_TCP_CR_INVALID] = R(act_ignore, ESTABLISHED),
		[FSM_EV_TCP_CR_ACKED] = R(act_ignore, ESTABLISHED),
		[FSM_EV_TCP_CONNECTION_CONFIRMED] = R(act_ignore, ESTABLISHED),
		[FSM_EV_TCP_CONNECTION_FAILS] = R(act_fail, IDLE),
		[FSM_EV_BGP_OPEN] = R(act_fsm_error, IDLE),
		[FSM_EV_BGP_HEADER_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_BGP_OPEN_MSG_ERR] = R(act_fsm_error, IDLE),
		[FSM_EV_OPEN_COLLISION_DUMP] = R(act_collision, IDLE),
		[FSM_EV_NOTIF_MSG_VER_ERR] = R(act_notif_rcvd, IDLE),
		[FSM_EV_NOTIF_MSG] = R(act_notif_rcvd, IDLE),
		[FSM_EV_KEEPALIVE_MSG] = R(act_hold_restart, ESTABLISHED),
		[FSM_EV_UPDATE_MSG] = R(act_hold_restart, ESTABLISHED),
		[FSM_EV_UPDATE_MSG_ERR] = R(act_msg_error, IDLE),
		[FSM_EV_ROUTE_REFRESH_MSG] = R(act_hold_restart, ESTABLISHED),
	},
};

#undef R

/* ---- running events ---- */

bool
fsm_event_valid(enum fsm_event ev)
{
	return (unsigned)ev < FSM_EV_COUNT && fsm_table[FSM_IDLE][ev].action != NULL;
}

static bool
input_has_payload(const struct fsm_input *in)
{
	return in->open != NULL || in->err != NULL || in->notif != NULL ||
	    in->cease_subcode != 0 || in->shutdown_msg != NULL ||
	    in->data != NULL || in->restart != FSM_RESTART_BACKOFF ||
	    in->why != NULL;
}

/* Events that cannot run without what they carry. */
static bool
input_complete(const struct fsm_input *in)
{
	switch (in->event) {
	case FSM_EV_BGP_OPEN:
		return in->open != NULL;
	case FSM_EV_BGP_HEADER_ERR:
	case FSM_EV_BGP_OPEN_MSG_ERR:
	case FSM_EV_UPDATE_MSG_ERR:
		return in->err != NULL;
	case FSM_EV_NOTIF_MSG_VER_ERR:
	case FSM_EV_NOTIF_MSG:
		return in->notif != NULL;
	default:
		return true;
	}
}

static void
dispatch(struct fsm *f, const struct fsm_input *in)
{
	enum fsm_state from = f->state;
	const struct fsm_row *row = &fsm_table[from][in->event];
	int t = event_timer(in->event);
	enum fsm_state next;

	if (t >= 0)
		f->timers &= ~(1u << t);	/* it fired */
	next = row->action(f, in);
	if (next == FSM_ROW_NEXT)
		next = row->next;
	f->state = next;
	if (next != from && f->ops->state_change != NULL)
		f->ops->state_change(f->ctx, from, next, in->event);
}

int
fsm_input(struct fsm *f, const struct fsm_input *in)
{
	if (!fsm_event_valid(in->event) || !input_complete(in))
		return -1;
	if (f->busy) {
		if (input_has_payload(in) || f->n_pending >= FSM_PENDING_MAX)
			return -1;
		f->pending[f->n_pending++] = in->event;
		return 0;
	}
	f->busy = true;
	dispatch(f, in);
	for (unsigned i = 0; i < f->n_pending; i++) {
		struct fsm_input q = { .event = f->pending[i] };

		dispatch(f, &q);
	}
	f->n_pending = 0;
	f->busy = false;
	return 0;
}

int
fsm_event(struct fsm *f, enum fsm_event ev)
{
	struct fsm_input in = { .event = ev };

	return fsm_input(f, &in);
}

int
fsm_open_received(struct fsm *f, const struct wire_open *open)
{
	struct fsm_input in = { .event = FSM_EV_BGP_OPEN, .open = open };

	return fsm_input(f, &in);
}

int
fsm_msg_error(struct fsm *f, enum fsm_event ev, const struct wire_err *err)
{
	struct fsm_input in = { .event = ev, .err = err };

	if (ev != FSM_EV_BGP_HEADER_ERR && ev != FSM_EV_BGP_OPEN_MSG_ERR &&
	    ev != FSM_EV_UPDATE_MSG_ERR)
		return -1;
	return fsm_input(f, &in);
}

int
fsm_notification_received(struct fsm *f, const struct wire_notification *n)
{
	struct fsm_input in = { .event = FSM_EV_NOTIF_MSG, .notif = n };

	/* §8.1.2 Event 24: a NOTIFICATION with "version error" */
	if (n->code == BGP_ERR_OPEN && n->subcode == BGP_ERR_OPEN_VERSION)
		in.event = FSM_EV_NOTIF_MSG_VER_ERR;
	return fsm_input(f, &in);
}

int
fsm_stop(struct fsm *f, enum fsm_event ev, uint8_t cease_subcode,
    const char *shutdown_msg)
{
	struct fsm_input in = {
		.event = ev,
		.cease_subcode = cease_subcode,
		.shutdown_msg = shutdown_msg,
	};

	if (ev != FSM_EV_MANUAL_STOP && ev != FSM_EV_AUTOMATIC_STOP)
		return -1;
	return fsm_input(f, &in);
}

void
fsm_update_sent(struct fsm *f)
{
	if (f->state == FSM_ESTABLISHED)
		start_keepalive(f);
}
