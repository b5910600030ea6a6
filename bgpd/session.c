/*
 * session.c -- a connection's I/O and the FSM callbacks; see session.h.
 *
 * Received bytes are framed with the 19-octet header, decoded by the pure
 * codec, and turned into FSM events. At most PEER_MSGS_PER_TURN messages
 * are handled per callback; the rest wait for the next loop turn, so one
 * busy peer cannot starve the others.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "log.h"
#include "session.h"

#define PLOG(prio, p, ...) \
	log_peer((prio), (p)->name, peer_as(p), peer_descr(p), __VA_ARGS__)

static void conn_read_cb(struct bufferevent *bev, void *arg);
static void conn_event_cb(struct bufferevent *bev, short what, void *arg);
static void conn_more_cb(evutil_socket_t fd, short what, void *arg);

/* ---- timers: one libevent timer per FSM timer ---- */

#define TIMER_CB(name, which) \
	static void name(evutil_socket_t fd, short what, void *arg) \
	{ \
		struct conn *c = arg; \
		(void)fd; (void)what; \
		fsm_event(&c->fsm, fsm_timer_event(which)); \
	}
TIMER_CB(timer_connect_retry_cb, FSM_TIMER_CONNECT_RETRY)
TIMER_CB(timer_hold_cb, FSM_TIMER_HOLD)
TIMER_CB(timer_keepalive_cb, FSM_TIMER_KEEPALIVE)
TIMER_CB(timer_idle_hold_cb, FSM_TIMER_IDLE_HOLD)

void
conn_init(struct conn *c, struct peer *p)
{
	static void (*const cbs[FSM_TIMER_COUNT])(evutil_socket_t, short, void *) = {
		[FSM_TIMER_CONNECT_RETRY] = timer_connect_retry_cb,
		[FSM_TIMER_HOLD] = timer_hold_cb,
		[FSM_TIMER_KEEPALIVE] = timer_keepalive_cb,
		[FSM_TIMER_IDLE_HOLD] = timer_idle_hold_cb,
	};
	memset(c, 0, sizeof(*c));
	c->peer = p;
	for (int i = 0; i < FSM_TIMER_COUNT; i++)
		c->timers[i] = evtimer_new(p->d->base, cbs[i], c);
	c->more = event_new(p->d->base, -1, 0, conn_more_cb, c);
}

void
conn_destroy(struct conn *c)
{
	conn_abort(c);
	for (int i = 0; i < FSM_TIMER_COUNT; i++)
		if (c->timers[i] != NULL)
			event_free(c->timers[i]);
	if (c->more != NULL)
		event_free(c->more);
}

void
conn_abort(struct conn *c)
{
	if (c->bev != NULL) {
		bufferevent_free(c->bev);	/* closes the socket */
		c->bev = NULL;
	}
	c->connected = false;
	if (c->more != NULL)
		event_del(c->more);
}

size_t
conn_outq(const struct conn *c)
{
	return c->bev ? evbuffer_get_length(bufferevent_get_output(c->bev)) : 0;
}

bool
conn_send(struct conn *c, const uint8_t *msg, size_t len)
{
	if (c->bev == NULL || !c->connected)
		return false;
	if (bufferevent_write(c->bev, msg, len) != 0)
		return false;
	if (msg[18] >= 1 && msg[18] <= 5)
		c->peer->cnt.msgs_out[msg[18]]++;
	return true;
}

/* ---- socket options ---- */

bool
session_sockopts(const struct peer *p, int fd, int family, char *why, size_t whylen)
{
	if (p->cfg.password != NULL) {
		struct tcp_md5sig md5;
		memset(&md5, 0, sizeof(md5));
		memcpy(&md5.tcpm_addr, &p->sa, p->sa_len);
		size_t klen = strlen(p->cfg.password);
		md5.tcpm_keylen = (uint16_t)klen;
		memcpy(md5.tcpm_key, p->cfg.password, klen);
		if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5)) != 0) {
			snprintf(why, whylen, "TCP MD5 key: %s", strerror(errno));
			return false;
		}
	}
	if (p->cfg.ttl_security) {
		/* RFC 5082: send with TTL 255, accept only 256 - hops and up */
		int ttl = 255, min = 256 - p->cfg.ttl_security;
		int ok = family == AF_INET6 ?
		    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)) == 0 &&
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min, sizeof(min)) == 0 :
		    setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) == 0 &&
		    setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min, sizeof(min)) == 0;
		if (!ok) {
			snprintf(why, whylen, "GTSM: %s", strerror(errno));
			return false;
		}
	}
	return true;
}

/* ---- connection setup ---- */

static bool
conn_setup_bev(struct conn *c, int fd)
{
	struct peer *p = c->peer;
	c->bev = bufferevent_socket_new(p->d->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL)
		return false;
	bufferevent_setcb(c->bev, conn_read_cb, NULL, conn_event_cb, c);
	/* read whole messages as they come; never buffer more than a few of them */
	bufferevent_setwatermark(c->bev, EV_READ, 0, 4 * BGP_MAX_EXT_MSG_LEN);
	return true;
}

bool
conn_attach(struct conn *c, int fd, bool outgoing)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	evutil_make_socket_nonblocking(fd);
	if (!conn_setup_bev(c, fd)) {
		close(fd);
		return false;
	}
	c->outgoing = outgoing;
	c->connected = true;
	socklen_t len = sizeof(c->local);
	getsockname(fd, (struct sockaddr *)&c->local, &len);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	return true;
}

static void
fsm_connect_start(void *ctx)
{
	struct conn *c = ctx;
	struct peer *p = c->peer;
	char why[128];

	conn_abort(c);
	int family = p->sa.ss_family;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		PLOG(LOG_ERR, p, "cannot create a socket: %s", strerror(errno));
		fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_FAILS);
		return;
	}
	if (!session_sockopts(p, fd, family, why, sizeof(why))) {
		PLOG(LOG_ERR, p, "cannot connect: %s", why);
		close(fd);
		fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_FAILS);
		return;
	}
	if (p->cfg.has_local_address) {
		struct sockaddr_storage ls;
		socklen_t llen;
		conf_addr_to_sockaddr(&p->cfg.local_address, 0, &ls, &llen);
		if (bind(fd, (struct sockaddr *)&ls, llen) != 0) {
			char a[64];
			PLOG(LOG_ERR, p, "cannot bind to local address %s: %s",
			    conf_addr_format(&p->cfg.local_address, a, sizeof(a)), strerror(errno));
			close(fd);
			fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_FAILS);
			return;
		}
	}
	if (!conn_setup_bev(c, fd)) {
		close(fd);
		fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_FAILS);
		return;
	}
	c->outgoing = true;
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&p->sa, (int)p->sa_len) != 0) {
		/* the event callback has run (or will) with BEV_EVENT_ERROR */
		return;
	}
}

unsigned session_closing;

/* A closing connection: wait for the output (the NOTIFICATION) to drain, then free. */
struct closing {
	struct bufferevent *bev;
	struct event *timeout;
};

static void
closing_done(struct closing *cl)
{
	bufferevent_free(cl->bev);
	event_free(cl->timeout);
	free(cl);
	session_closing--;
}

static void
closing_write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	closing_done(arg);
}

static void
closing_event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)what;
	closing_done(arg);
}

static void
closing_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	closing_done(arg);
}

static void
fsm_connection_close(void *ctx)
{
	struct conn *c = ctx;
	struct bufferevent *bev = c->bev;

	c->bev = NULL;
	c->connected = false;
	event_del(c->more);
	if (bev == NULL)
		return;
	bufferevent_disable(bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) {
		bufferevent_free(bev);
		return;
	}
	struct closing *cl = calloc(1, sizeof(*cl));
	if (cl == NULL) {
		bufferevent_free(bev);
		return;
	}
	cl->bev = bev;
	session_closing++;
	cl->timeout = evtimer_new(bufferevent_get_base(bev), closing_timeout_cb, cl);
	struct timeval tv = { PEER_FLUSH_TIMEOUT_MS / 1000, (PEER_FLUSH_TIMEOUT_MS % 1000) * 1000 };
	evtimer_add(cl->timeout, &tv);
	bufferevent_setcb(bev, NULL, closing_write_cb, closing_event_cb, cl);
	bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
	bufferevent_enable(bev, EV_WRITE);
}

/* ---- sending what the FSM asks for ---- */

static void
fsm_send_open(void *ctx)
{
	struct conn *c = ctx;
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	if (!wire_open_encode(&c->peer->fcfg.open, &wb)) {
		PLOG(LOG_ERR, c->peer, "our OPEN does not fit in a message");
		return;
	}
	conn_send(c, buf, wb.len);
}

static void
fsm_send_keepalive(void *ctx)
{
	struct conn *c = ctx;
	uint8_t buf[BGP_HEADER_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	wire_keepalive_encode(&wb);
	conn_send(c, buf, wb.len);
}

static void
fsm_send_notification(void *ctx, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t len)
{
	struct conn *c = ctx;
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	if (!wire_notification_encode(code, subcode, data, len, &wb))
		return;
	conn_send(c, buf, wb.len);
	PLOG(code == BGP_ERR_CEASE ? LOG_INFO : LOG_WARNING, c->peer,
	    "sent NOTIFICATION %s / %s (%u/%u)", wire_err_code_name(code),
	    wire_err_subcode_name(code, subcode), code, subcode);
}

static void
fsm_timer_start(void *ctx, enum fsm_timer which, uint32_t seconds)
{
	struct conn *c = ctx;
	struct timeval tv = { (time_t)seconds, 0 };
	evtimer_add(c->timers[which], &tv);
}

static void
fsm_timer_stop(void *ctx, enum fsm_timer which)
{
	struct conn *c = ctx;
	evtimer_del(c->timers[which]);
}

static uint32_t
fsm_random(void *ctx)
{
	(void)ctx;
	return (uint32_t)random() ^ ((uint32_t)random() << 16);
}

void peer_established(struct conn *c);
void peer_down(struct conn *c, const struct fsm_down_reason *why);
void peer_release(struct conn *c);
void peer_state_change(struct conn *c, enum fsm_state from, enum fsm_state to,
    enum fsm_event ev);

const struct fsm_ops session_fsm_ops = {
	.connect_start = fsm_connect_start,
	.connection_close = fsm_connection_close,
	.send_open = fsm_send_open,
	.send_keepalive = fsm_send_keepalive,
	.send_notification = fsm_send_notification,
	.timer_start = fsm_timer_start,
	.timer_stop = fsm_timer_stop,
	.established = (void (*)(void *))peer_established,
	.down = (void (*)(void *, const struct fsm_down_reason *))peer_down,
	.release_resources = (void (*)(void *))peer_release,
	.random = fsm_random,
	.state_change = (void (*)(void *, enum fsm_state, enum fsm_state, enum fsm_event))peer_state_change,
};

/* ---- receiving ---- */

void peer_update_received(struct conn *c, const struct wire_update *u);
void peer_open_received(struct conn *c, const uint8_t *msg, size_t len,
    const struct wire_open *o);

/* One whole message; returns false when the connection went away. */
static bool
conn_dispatch(struct conn *c, const uint8_t *msg, size_t len, uint8_t type)
{
	struct peer *p = c->peer;
	const uint8_t *body = msg + BGP_HEADER_LEN;
	size_t blen = len - BGP_HEADER_LEN;
	struct wire_err err;

	p->cnt.msgs_in[type]++;
	switch (type) {
	case BGP_MSG_OPEN: {
		struct wire_open o;
		if (!wire_open_decode(body, blen, &o, &err)) {
			PLOG(LOG_WARNING, p, "malformed OPEN: %s", err.reason);
			fsm_msg_error(&c->fsm, FSM_EV_BGP_OPEN_MSG_ERR, &err);
			break;
		}
		peer_open_received(c, msg, len, &o);
		break;
	}
	case BGP_MSG_UPDATE: {
		if (c->fsm.state != FSM_ESTABLISHED) {
			fsm_event(&c->fsm, FSM_EV_UPDATE_MSG);
			break;
		}
		static uint8_t scratch[4 * BGP_MAX_EXT_MSG_LEN + 64];	/* one loop, one message at a time */
		struct arena ar = arena_init(scratch, sizeof(scratch));
		struct wire_update u;
		if (!wire_update_decode(body, blen, fsm_wire_ctx(&c->fsm), &ar, &u, &err)) {
			PLOG(LOG_WARNING, p, "malformed UPDATE: %s", err.reason);
			fsm_msg_error(&c->fsm, FSM_EV_UPDATE_MSG_ERR, &err);
			break;
		}
		if (u.action == WIRE_TREAT_AS_WITHDRAW) {
			p->cnt.treat_as_withdraw++;
			PLOG(LOG_WARNING, p, "UPDATE treated as withdraw (RFC 7606): %s",
			    u.err.reason);
		} else if (u.action == WIRE_ATTR_DISCARD) {
			PLOG(LOG_NOTICE, p, "attribute discarded (RFC 7606): %s", u.err.reason);
		}
		fsm_event(&c->fsm, FSM_EV_UPDATE_MSG);
		peer_update_received(c, &u);
		break;
	}
	case BGP_MSG_NOTIFICATION: {
		struct wire_notification n;
		if (!wire_notification_decode(body, blen, &n, &err)) {
			/* under 2 octets: nothing to read; the peer is closing anyway */
			memset(&n, 0, sizeof(n));
		}
		struct sbuf sb;
		sb_init(&sb);
		wire_notification_print(&n, &sb);
		PLOG(LOG_WARNING, p, "received NOTIFICATION %s", sb.p);
		sb_free(&sb);
		fsm_notification_received(&c->fsm, &n);
		break;
	}
	case BGP_MSG_KEEPALIVE:
		fsm_event(&c->fsm, FSM_EV_KEEPALIVE_MSG);
		break;
	case BGP_MSG_ROUTE_REFRESH: {
		struct wire_route_refresh rr;
		if (!wire_route_refresh_decode(body, blen, &rr, &err)) {
			wire_err_set_data(&err, msg, len);	/* RFC 7313 §5: the complete message */
			PLOG(LOG_WARNING, p, "malformed ROUTE-REFRESH: %s", err.reason);
			fsm_msg_error(&c->fsm, FSM_EV_UPDATE_MSG_ERR, &err);
			break;
		}
		fsm_event(&c->fsm, FSM_EV_ROUTE_REFRESH_MSG);
		/* re-sending Adj-RIB-Out comes with the RIB */
		break;
	}
	}
	return c->bev != NULL;
}

static void
conn_read(struct conn *c)
{
	struct peer *p = c->peer;
	for (int n = 0; n < PEER_MSGS_PER_TURN; n++) {
		if (c->bev == NULL)
			return;
		struct evbuffer *in = bufferevent_get_input(c->bev);
		size_t avail = evbuffer_get_length(in);
		if (avail < BGP_HEADER_LEN)
			return;
		uint8_t *hdr = evbuffer_pullup(in, BGP_HEADER_LEN);
		struct wire_header h;
		struct wire_err err;
		size_t max = c->fsm.state == FSM_ESTABLISHED ?
		    wire_max_msg_len(fsm_wire_ctx(&c->fsm)) : BGP_MAX_MSG_LEN;
		if (!wire_header_decode(hdr, BGP_HEADER_LEN, max, &h, &err)) {
			PLOG(LOG_WARNING, p, "bad message header: %s", err.reason);
			fsm_msg_error(&c->fsm, FSM_EV_BGP_HEADER_ERR, &err);
			return;
		}
		if (avail < h.len)
			return;
		uint8_t *msg = evbuffer_pullup(in, h.len);
		bool alive = conn_dispatch(c, msg, h.len, h.type);
		if (!alive || c->bev == NULL)
			return;
		evbuffer_drain(bufferevent_get_input(c->bev), h.len);
	}
	/* more may be waiting: come back on the next loop turn */
	if (c->bev && evbuffer_get_length(bufferevent_get_input(c->bev)) >= BGP_HEADER_LEN)
		event_active(c->more, 0, 0);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_read(arg);
}

static void
conn_more_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	conn_read(arg);
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	struct peer *p = c->peer;
	(void)bev;

	if (what & BEV_EVENT_CONNECTED) {
		c->connected = true;
		int fd = bufferevent_getfd(c->bev);
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		socklen_t len = sizeof(c->local);
		getsockname(fd, (struct sockaddr *)&c->local, &len);
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
		fsm_event(&c->fsm, FSM_EV_TCP_CR_ACKED);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		int e = EVUTIL_SOCKET_ERROR();
		if (c->fsm.state >= FSM_OPENSENT)
			PLOG(LOG_INFO, p, "connection %s%s%s", (what & BEV_EVENT_EOF) ?
			    "closed by the peer" : "failed", (what & BEV_EVENT_ERROR) ? ": " : "",
			    (what & BEV_EVENT_ERROR) ? evutil_socket_error_to_string(e) : "");
		else
			PLOG(LOG_DEBUG, p, "connection %s: %s", c->outgoing ? "attempt failed" : "lost",
			    evutil_socket_error_to_string(e));
		conn_abort(c);
		fsm_event(&c->fsm, FSM_EV_TCP_CONNECTION_FAILS);
	}
}
