/*
 * bgp_swarm.c -- many BGP sessions from one process, for the dynamic
 * neighbors benchmark (tests/bench/bench_dynamic.sh).
 *
 * Swarm mode (the default) opens N sessions, session i from local address
 * SOURCE + i, all to one TARGET address and port. Each session sends its
 * OPEN (4-octet AS, MP IPv4 unicast, route refresh) as soon as TCP is up,
 * answers the peer's OPEN with a KEEPALIVE, and counts as Established once
 * it has sent that KEEPALIVE and received the peer's KEEPALIVE after the
 * OPEN. KEEPALIVEs then go out every negotiated hold time / 3 so sessions
 * stay up. It prints the time from the first connect to the last
 * Established, percentiles of the per-session latencies, its own CPU time,
 * and every failure with its reason; with --hold it keeps the sessions up
 * idle for that long before leaving (so a daemon's RSS with idle sessions
 * can be read meanwhile), then closes each with Cease / Administrative
 * Shutdown.
 *
 * Responder mode (--respond) is the floor to compare daemons against: a
 * listener on TARGET that answers every connection with the same minimal
 * state machine and nothing else (no configuration lookup, no logging).
 *
 * Bounded: the swarm gives up after --timeout seconds and exits 1 when any
 * session failed or did not come up; the responder exits after --timeout.
 * It connects only to the target it is given.
 *
 * A program that prints figures, not a test. The machine-readable summary
 * is the line starting with "RESULT", printed (and flushed) as soon as the
 * sessions are up, before the hold.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "wire.h"

#define TICK_MS		100	/* keepalive / hold / timeout checks */
#define MAX_REASONS	32	/* distinct failure reasons kept */

enum sstate {
	S_WAITING,		/* not started yet */
	S_CONNECTING,		/* connect() in progress */
	S_OPENSENT,		/* TCP up, our OPEN sent */
	S_OPENCONFIRM,		/* their OPEN received, our KEEPALIVE sent */
	S_ESTABLISHED,
	S_FAILED,
	S_CLOSED,
};

static const char *const sstate_name[] = {
	"Waiting", "Connect", "OpenSent", "OpenConfirm", "Established", "Failed", "Closed",
};

struct sess {
	int fd;
	enum sstate st;
	struct event *ev;
	uint32_t idx;
	uint16_t hold;		/* negotiated; 0: no keepalives */
	double t_start;		/* connect() called (responder: accepted) */
	double t_tcp;		/* TCP up, OPEN sent */
	double t_est;
	double next_ka;		/* when our next KEEPALIVE is due */
	double last_rx;		/* for the hold timer */
	size_t inlen;
	uint8_t in[BGP_MAX_MSG_LEN];
};

static struct {
	/* options */
	uint32_t n;
	int family;
	uint8_t src[16];
	struct sockaddr_storage target;
	socklen_t target_len;
	uint16_t port;
	uint32_t as;
	uint16_t hold;
	uint32_t concurrency;
	double hold_after;	/* --hold */
	double timeout;
	bool respond;
	bool quiet;

	/* run */
	struct event_base *base;
	struct event *tick, *sigint, *sigterm;
	struct sess **s;
	uint32_t n_alloc;
	uint32_t next;		/* next session to start */
	uint32_t inflight;	/* started, not yet Established or failed */
	uint32_t established, failed, dropped;
	double t0, t_last_est, t_phase_end, t_hold_end;
	bool phase_done;
	struct rusage ru0, ru1;
	struct {
		char text[96];
		uint32_t count;
	} reasons[MAX_REASONS];
	uint32_t n_reasons;
	int rc;
	/* responder */
	int lfd;
	struct event *lev;
	uint32_t accepted;
	uint32_t ever_established;	/* responder: sessions that reached Established */
} g;

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
add_reason(const char *text)
{
	for (uint32_t i = 0; i < g.n_reasons; i++)
		if (strcmp(g.reasons[i].text, text) == 0) {
			g.reasons[i].count++;
			return;
		}
	uint32_t i = g.n_reasons < MAX_REASONS ? g.n_reasons++ : MAX_REASONS - 1;
	if (i == MAX_REASONS - 1 && g.reasons[i].count)
		text = "(other reasons)";
	snprintf(g.reasons[i].text, sizeof(g.reasons[i].text), "%s", text);
	g.reasons[i].count++;
}

static void start_more(void);
static void check_done(void);

/* Address of swarm session i: the base plus i in the last 32 bits. */
static void
src_addr(uint32_t i, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (g.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		put_u32((uint8_t *)&sin->sin_addr, get_u32(g.src) + i);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, g.src, 16);
		put_u32(sin6->sin6_addr.s6_addr + 12, get_u32(g.src + 12) + i);
		*len = sizeof(*sin6);
	}
}

static void
sess_name(const struct sess *s, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	if (g.respond) {
		snprintf(buf, len, "connection %u", s->idx);
		return;
	}
	src_addr(s->idx, &ss, &sl);
	const void *a = g.family == AF_INET ? (const void *)&((struct sockaddr_in *)&ss)->sin_addr :
	    (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr;
	inet_ntop(g.family, a, buf, (socklen_t)len);
}

static void
sess_close(struct sess *s)
{
	if (s->ev) {
		event_free(s->ev);
		s->ev = NULL;
	}
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
}

/* A session ends before or after Established; why is counted by its words. */
static void
sess_fail(struct sess *s, const char *why)
{
	char name[64];
	if (s->st == S_FAILED || s->st == S_CLOSED)
		return;
	sess_name(s, name, sizeof(name));
	if (s->st == S_ESTABLISHED) {
		g.dropped++;
		if (g.established > 0)
			g.established--;
		if (!g.quiet && !g.respond && g.dropped <= 10)
			fprintf(stderr, "bgp_swarm: %s: session down: %s\n", name, why);
	} else {
		g.failed++;
		if (g.inflight > 0)
			g.inflight--;
		if (!g.quiet && !g.respond && g.failed <= 10)
			fprintf(stderr, "bgp_swarm: %s: failed in %s: %s\n", name,
			    sstate_name[s->st], why);
	}
	char text[96];
	snprintf(text, sizeof(text), "%s in %s", why, sstate_name[s->st]);
	add_reason(text);
	s->st = S_FAILED;
	sess_close(s);
	if (!g.respond) {
		start_more();
		check_done();
	}
}

static bool
sess_send(struct sess *s, const uint8_t *msg, size_t len)
{
	ssize_t w = send(s->fd, msg, len, MSG_NOSIGNAL);
	if (w == (ssize_t)len)
		return true;
	char why[80];
	snprintf(why, sizeof(why), "send: %s", w < 0 ? strerror(errno) : "short write");
	sess_fail(s, why);
	return false;
}

static bool
send_keepalive(struct sess *s)
{
	uint8_t buf[BGP_HEADER_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	wire_keepalive_encode(&wb);
	if (s->hold)
		s->next_ka = now() + s->hold / 3.0;
	return sess_send(s, buf, wb.len);
}

static bool
send_open(struct sess *s)
{
	struct wire_open o;
	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.my_as = g.as > 0xffff ? BGP_AS_TRANS : (uint16_t)g.as;
	o.hold_time = g.hold;
	if (g.respond)
		o.bgp_id = g.family == AF_INET ?
		    get_u32((uint8_t *)&((struct sockaddr_in *)&g.target)->sin_addr) : 1;
	else
		o.bgp_id = (g.family == AF_INET ? get_u32(g.src) : 0x0a000000) + s->idx;
	o.mp[AFS_IPV4_UNICAST] = true;
	o.route_refresh = true;
	o.as4_present = true;
	o.as4 = g.as;
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	if (!wire_open_encode(&o, &wb)) {
		sess_fail(s, "OPEN does not encode");
		return false;
	}
	return sess_send(s, buf, wb.len);
}

static void
sess_established(struct sess *s)
{
	s->st = S_ESTABLISHED;
	s->t_est = now();
	g.established++;
	g.ever_established++;
	if (g.respond)
		return;
	if (g.inflight > 0)
		g.inflight--;
	g.t_last_est = s->t_est;
	start_more();
	check_done();
}

/* One whole message; false when the session went away. */
static bool
sess_message(struct sess *s, const uint8_t *msg, size_t len, uint8_t type)
{
	struct wire_err err;
	const uint8_t *body = msg + BGP_HEADER_LEN;
	size_t blen = len - BGP_HEADER_LEN;
	char why[WIRE_ERR_REASON_LEN + 32];

	switch (type) {
	case BGP_MSG_OPEN: {
		struct wire_open o;
		if (s->st != S_OPENSENT) {
			sess_fail(s, "OPEN out of turn");
			return false;
		}
		if (!wire_open_decode(body, blen, &o, &err)) {
			snprintf(why, sizeof(why), "bad OPEN: %s", err.reason);
			sess_fail(s, why);
			return false;
		}
		s->hold = o.hold_time < g.hold ? o.hold_time : g.hold;
		s->st = S_OPENCONFIRM;
		return send_keepalive(s);
	}
	case BGP_MSG_KEEPALIVE:
		if (s->st == S_OPENCONFIRM)
			sess_established(s);
		else if (s->st != S_ESTABLISHED) {
			sess_fail(s, "KEEPALIVE before OPEN");
			return false;
		}
		return true;
	case BGP_MSG_NOTIFICATION: {
		struct wire_notification n;
		if (!wire_notification_decode(body, blen, &n, &err))
			memset(&n, 0, sizeof(n));
		snprintf(why, sizeof(why), "NOTIFICATION %s / %s (%u/%u)",
		    wire_err_code_name(n.code), wire_err_subcode_name(n.code, n.subcode),
		    n.code, n.subcode);
		sess_fail(s, why);
		return false;
	}
	case BGP_MSG_UPDATE:
	case BGP_MSG_ROUTE_REFRESH:
		if (s->st != S_ESTABLISHED) {
			sess_fail(s, "UPDATE before Established");
			return false;
		}
		return true;	/* End-of-RIB and routes: not our business */
	}
	return true;
}

static void
sess_read(evutil_socket_t fd, short what, void *arg)
{
	struct sess *s = arg;
	(void)what;

	ssize_t r = recv(fd, s->in + s->inlen, sizeof(s->in) - s->inlen, 0);
	if (r == 0) {
		sess_fail(s, "closed by the peer");
		return;
	}
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		sess_fail(s, strerror(errno));
		return;
	}
	s->last_rx = now();
	s->inlen += (size_t)r;
	size_t off = 0;
	while (s->inlen - off >= BGP_HEADER_LEN) {
		struct wire_header h;
		struct wire_err err;
		if (!wire_header_decode(s->in + off, s->inlen - off, BGP_MAX_MSG_LEN, &h, &err)) {
			char why[200];
			snprintf(why, sizeof(why), "bad header: %s", err.reason);
			sess_fail(s, why);
			return;
		}
		if (s->inlen - off < h.len)
			break;
		if (!sess_message(s, s->in + off, h.len, h.type) || s->fd < 0)
			return;
		off += h.len;
	}
	memmove(s->in, s->in + off, s->inlen - off);
	s->inlen -= off;
}

/* TCP is up: say OPEN and wait for messages. */
static void
sess_tcp_up(struct sess *s)
{
	int one = 1;
	setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->t_tcp = now();
	s->last_rx = s->t_tcp;
	s->st = S_OPENSENT;
	if (s->ev)
		event_free(s->ev);
	s->ev = event_new(g.base, s->fd, EV_READ | EV_PERSIST, sess_read, s);
	if (s->ev == NULL || event_add(s->ev, NULL) != 0) {
		sess_fail(s, "event_add");
		return;
	}
	send_open(s);
}

static void
sess_connected(evutil_socket_t fd, short what, void *arg)
{
	struct sess *s = arg;
	int err = 0;
	socklen_t len = sizeof(err);
	(void)what;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err != 0) {
		char why[96];
		snprintf(why, sizeof(why), "connect: %s", strerror(err));
		sess_fail(s, why);
		return;
	}
	sess_tcp_up(s);
}

static void
sess_start(struct sess *s)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char why[96];
	int one = 1;

	s->t_start = now();
	if (g.t0 == 0)
		g.t0 = s->t_start;
	g.inflight++;
	s->st = S_CONNECTING;
	s->fd = socket(g.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		snprintf(why, sizeof(why), "socket: %s", strerror(errno));
		sess_fail(s, why);
		return;
	}
	/* distinct source addresses: let connect() pick the port, no bind-time search */
	setsockopt(s->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	src_addr(s->idx, &ss, &len);
	if (bind(s->fd, (struct sockaddr *)&ss, len) != 0) {
		snprintf(why, sizeof(why), "bind: %s", strerror(errno));
		sess_fail(s, why);
		return;
	}
	if (connect(s->fd, (struct sockaddr *)&g.target, g.target_len) == 0) {
		sess_tcp_up(s);
		return;
	}
	if (errno != EINPROGRESS) {
		snprintf(why, sizeof(why), "connect: %s", strerror(errno));
		sess_fail(s, why);
		return;
	}
	s->ev = event_new(g.base, s->fd, EV_WRITE, sess_connected, s);
	if (s->ev == NULL || event_add(s->ev, NULL) != 0)
		sess_fail(s, "event_add");
}

/* Keep `concurrency` sessions between connect() and Established. */
static void
start_more(void)
{
	static bool busy;
	if (busy)
		return;		/* a failing start calls back here */
	busy = true;
	while (g.next < g.n && !g.phase_done &&
	    (g.concurrency == 0 || g.inflight < g.concurrency))
		sess_start(g.s[g.next++]);
	busy = false;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static double
cpu_s(const struct rusage *a, const struct rusage *b, bool user)
{
	const struct timeval *x = user ? &a->ru_utime : &a->ru_stime;
	const struct timeval *y = user ? &b->ru_utime : &b->ru_stime;
	return (double)(y->tv_sec - x->tv_sec) + (double)(y->tv_usec - x->tv_usec) / 1e6;
}

static void
print_pcts(const char *label, double *v, size_t k)
{
	qsort(v, k, sizeof(*v), cmp_double);
	printf("  %-28s p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f\n", label,
	    pct(v, k, 50), pct(v, k, 90), pct(v, k, 99), k ? v[k - 1] : 0.0);
}

/* Establishment phase over: print the figures. */
static void
report(bool timed_out)
{
	double *lat = calloc(g.n ? g.n : 1, sizeof(double));
	double *tcp = calloc(g.n ? g.n : 1, sizeof(double));
	double *opn = calloc(g.n ? g.n : 1, sizeof(double));
	size_t k = 0;
	if (lat == NULL || tcp == NULL || opn == NULL) {
		perror("bgp_swarm");
		exit(2);
	}
	for (uint32_t i = 0; i < g.n; i++) {
		struct sess *s = g.s[i];
		if (s->st != S_ESTABLISHED)
			continue;
		lat[k] = (s->t_est - s->t_start) * 1e3;
		tcp[k] = (s->t_tcp - s->t_start) * 1e3;
		opn[k] = (s->t_est - s->t_tcp) * 1e3;
		k++;
	}
	double total = g.established ? g.t_last_est - g.t0 : g.t_phase_end - g.t0;
	double ucpu = cpu_s(&g.ru0, &g.ru1, true), scpu = cpu_s(&g.ru0, &g.ru1, false);
	double wall = g.t_phase_end - g.t0;

	printf("established %u/%u, failed %u, not up %u%s; %.3f s from the first connect "
	    "to the last Established\n", g.established, g.n, g.failed,
	    g.n - g.established - g.failed, timed_out ? " (timed out)" : "", total);
	printf("  per-session latency, ms\n");
	print_pcts("connect() -> Established", lat, k);
	print_pcts("connect() -> TCP up", tcp, k);
	print_pcts("TCP up (OPEN sent) -> Estab.", opn, k);
	printf("  swarm CPU: user %.3f s + sys %.3f s = %.0f %% of one core over %.3f s\n",
	    ucpu, scpu, wall > 0 ? 100.0 * (ucpu + scpu) / wall : 0.0, wall);
	for (uint32_t i = 0; i < g.n_reasons; i++)
		printf("  failure: %u x %s\n", g.reasons[i].count, g.reasons[i].text);
	qsort(lat, k, sizeof(*lat), cmp_double);
	qsort(tcp, k, sizeof(*tcp), cmp_double);
	printf("RESULT n=%u established=%u failed=%u total_s=%.4f p50_ms=%.2f p90_ms=%.2f "
	    "p99_ms=%.2f max_ms=%.2f tcp_p99_ms=%.2f tcp_max_ms=%.2f cpu_user_s=%.3f "
	    "cpu_sys_s=%.3f timed_out=%d\n", g.n, g.established, g.failed, total,
	    pct(lat, k, 50), pct(lat, k, 90), pct(lat, k, 99), k ? lat[k - 1] : 0.0,
	    pct(tcp, k, 99), k ? tcp[k - 1] : 0.0, ucpu, scpu, timed_out);
	fflush(stdout);
	free(lat);
	free(tcp);
	free(opn);
}

static void
finish(void)
{
	/* Cease / Administrative Shutdown on every live session, then close */
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	wire_notification_encode_shutdown(BGP_CEASE_ADMIN_SHUTDOWN, "bgp_swarm done", &wb);
	for (uint32_t i = 0; i < g.n_alloc; i++) {
		struct sess *s = g.s[i];
		if (s == NULL)
			continue;
		if (s->fd >= 0 && s->st >= S_OPENSENT && s->st <= S_ESTABLISHED)
			(void)send(s->fd, buf, wb.len, MSG_NOSIGNAL | MSG_DONTWAIT);
		sess_close(s);
		if (s->st != S_FAILED)
			s->st = S_CLOSED;
	}
	event_base_loopexit(g.base, NULL);
}

static void
end_phase(bool timed_out)
{
	g.phase_done = true;
	g.t_phase_end = now();
	getrusage(RUSAGE_SELF, &g.ru1);
	report(timed_out);
	if (g.established < g.n)
		g.rc = 1;
	if (g.hold_after > 0 && g.established > 0) {
		printf("holding %u sessions idle for %.1f s\n", g.established, g.hold_after);
		fflush(stdout);
		g.t_hold_end = now() + g.hold_after;
		return;
	}
	finish();
}

static void
check_done(void)
{
	if (!g.phase_done && g.established + g.failed >= g.n)
		end_phase(false);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	double t = now();
	(void)fd;
	(void)what;
	(void)arg;
	for (uint32_t i = 0; i < g.n_alloc; i++) {
		struct sess *s = g.s[i];
		if (s == NULL || s->st < S_OPENSENT || s->st > S_ESTABLISHED)
			continue;
		if (s->st == S_ESTABLISHED && s->hold && t >= s->next_ka && !send_keepalive(s))
			continue;
		/* the peer's silence: its hold time, or 240 s before the OPEN (RFC 4271 §8) */
		double limit = s->st == S_OPENSENT ? 240 : s->hold;
		if (limit > 0 && t - s->last_rx > limit)
			sess_fail(s, "hold timer expired");
	}
	if (g.respond) {
		if (t - g.t0 > g.timeout)
			finish();
		return;
	}
	if (!g.phase_done && t - g.t0 > g.timeout) {
		end_phase(true);
		return;
	}
	if (g.phase_done && g.t_hold_end > 0 && t >= g.t_hold_end) {
		uint32_t up = 0;
		for (uint32_t i = 0; i < g.n; i++)
			up += g.s[i]->st == S_ESTABLISHED;
		printf("after the hold: %u/%u still Established, %u dropped\n", up, g.n, g.dropped);
		fflush(stdout);
		if (g.dropped)
			g.rc = 1;
		finish();
	}
}

static void
signal_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (!g.respond) {
		fprintf(stderr, "bgp_swarm: interrupted\n");
		if (!g.phase_done) {
			g.phase_done = true;
			g.rc = 1;
		}
	} else {
		printf("responder: %u connections accepted, %u reached Established, %u failed "
		    "before, %u still up at exit\n", g.accepted, g.ever_established, g.failed,
		    g.established);
		fflush(stdout);
	}
	finish();
}

/* ---- responder ---- */

static void
accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	(void)what;
	(void)arg;
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				fprintf(stderr, "bgp_swarm: accept: %s\n", strerror(errno));
			return;
		}
		if (g.accepted >= g.n_alloc) {
			uint32_t na = g.n_alloc ? 2 * g.n_alloc : 1024;
			struct sess **ns = realloc(g.s, na * sizeof(*ns));
			if (ns == NULL) {
				close(fd);
				return;
			}
			memset(ns + g.n_alloc, 0, (na - g.n_alloc) * sizeof(*ns));
			g.s = ns;
			g.n_alloc = na;
		}
		struct sess *s = calloc(1, sizeof(*s));
		if (s == NULL) {
			close(fd);
			return;
		}
		s->idx = g.accepted;
		s->fd = fd;
		s->t_start = now();
		g.s[g.accepted++] = s;
		sess_tcp_up(s);
	}
}

static int
respond_setup(void)
{
	int one = 1;
	g.lfd = socket(g.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (g.lfd < 0 || setsockopt(g.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(g.lfd, (struct sockaddr *)&g.target, g.target_len) != 0 ||
	    listen(g.lfd, SOMAXCONN) != 0) {
		perror("bgp_swarm: listen");
		return -1;
	}
	g.lev = event_new(g.base, g.lfd, EV_READ | EV_PERSIST, accept_cb, NULL);
	if (g.lev == NULL || event_add(g.lev, NULL) != 0)
		return -1;
	printf("responder listening\n");
	fflush(stdout);
	return 0;
}

/* ---- options ---- */

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: bgp_swarm -t TARGET [-p PORT] -s SOURCE [-n N] [options]\n"
	    "       bgp_swarm --respond -t ADDRESS [-p PORT] [-a AS] [--timeout S]\n"
	    "  -n, --count N          sessions (default 1000)\n"
	    "  -s, --source ADDR      first local address; session i uses ADDR + i\n"
	    "  -t, --target ADDR      the daemon's address (responder: where to listen)\n"
	    "  -p, --port PORT        default 179\n"
	    "  -a, --as AS            our AS, 4 octets (default 65001)\n"
	    "  -H, --hold-time S      hold time in our OPEN (default 90; 0 or >= 3)\n"
	    "  -c, --concurrency N    sessions between connect() and Established at once\n"
	    "                         (default 0: all of them)\n"
	    "      --hold S           keep the sessions up idle S seconds after the last one\n"
	    "                         comes up, then close them (default 0)\n"
	    "  -T, --timeout S        give up after S seconds (default 60; responder: run time)\n"
	    "  -q, --quiet            no per-session failure lines\n"
	    "      --respond          run the minimal responder instead of the swarm\n");
}

static bool
parse_addr(const char *s, int *family, uint8_t *out)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

static bool
parse_num(const char *s, double min, double max, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && *v >= min && *v <= max;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'p' },
		{ "as", required_argument, NULL, 'a' },
		{ "hold-time", required_argument, NULL, 'H' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "hold", required_argument, NULL, 'h' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "respond", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, '?' + 256 },
		{ NULL, 0, NULL, 0 },
	};
	const char *src = NULL, *target = NULL;
	double v;
	int c, tfam = 0;
	uint8_t taddr[16];

	g.n = 1000;
	g.port = BGP_PORT;
	g.as = 65001;
	g.hold = 90;
	g.timeout = 60;
	while ((c = getopt_long(argc, argv, "n:s:t:p:a:H:c:T:q", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_num(optarg, 1, 1000000, &v))
				goto bad;
			g.n = (uint32_t)v;
			break;
		case 's': src = optarg; break;
		case 't': target = optarg; break;
		case 'p':
			if (!parse_num(optarg, 1, 65535, &v))
				goto bad;
			g.port = (uint16_t)v;
			break;
		case 'a':
			if (!parse_num(optarg, 1, 4294967295.0, &v) || v == BGP_AS_TRANS)
				goto bad;
			g.as = (uint32_t)v;
			break;
		case 'H':
			if (!parse_num(optarg, 0, 65535, &v) || v == 1 || v == 2)
				goto bad;
			g.hold = (uint16_t)v;
			break;
		case 'c':
			if (!parse_num(optarg, 0, 1000000, &v))
				goto bad;
			g.concurrency = (uint32_t)v;
			break;
		case 'h':
			if (!parse_num(optarg, 0, 86400, &g.hold_after))
				goto bad;
			break;
		case 'T':
			if (!parse_num(optarg, 0.1, 86400, &g.timeout))
				goto bad;
			break;
		case 'q': g.quiet = true; break;
		case 'r': g.respond = true; break;
		case '?' + 256: usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (optind != argc || target == NULL || !parse_addr(target, &tfam, taddr))
		goto bad;
	g.family = tfam;
	if (!g.respond) {
		int sfam;
		if (src == NULL || !parse_addr(src, &sfam, g.src) || sfam != tfam)
			goto bad;
	}
	memset(&g.target, 0, sizeof(g.target));
	if (tfam == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&g.target;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(g.port);
		memcpy(&sin->sin_addr, taddr, 4);
		g.target_len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&g.target;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(g.port);
		memcpy(&sin6->sin6_addr, taddr, 16);
		g.target_len = sizeof(*sin6);
	}

	signal(SIGPIPE, SIG_IGN);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)g.n + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
		if (!g.respond && rl.rlim_cur < (rlim_t)g.n + 64)
			fprintf(stderr, "bgp_swarm: warning: only %lu file descriptors "
			    "(ulimit -n) for %u sessions\n", (unsigned long)rl.rlim_cur, g.n);
	}
	g.base = event_base_new();
	if (g.base == NULL)
		return 2;
	g.tick = event_new(g.base, -1, EV_PERSIST, tick_cb, NULL);
	g.sigint = evsignal_new(g.base, SIGINT, signal_cb, NULL);
	g.sigterm = evsignal_new(g.base, SIGTERM, signal_cb, NULL);
	struct timeval tv = { 0, TICK_MS * 1000 };
	event_add(g.tick, &tv);
	event_add(g.sigint, NULL);
	event_add(g.sigterm, NULL);

	if (g.respond) {
		g.t0 = now();
		if (respond_setup() != 0)
			return 2;
		event_base_dispatch(g.base);
		return 0;
	}

	g.s = calloc(g.n, sizeof(*g.s));
	if (g.s == NULL)
		return 2;
	g.n_alloc = g.n;
	for (uint32_t i = 0; i < g.n; i++) {
		g.s[i] = calloc(1, sizeof(struct sess));
		if (g.s[i] == NULL)
			return 2;
		g.s[i]->fd = -1;
		g.s[i]->idx = i;
	}
	char sbuf[64];
	sess_name(g.s[0], sbuf, sizeof(sbuf));
	printf("bgp_swarm: %u sessions from %s (+0..%u) to %s port %u, AS %u, hold time %u, "
	    "concurrency %s%u\n", g.n, sbuf, g.n - 1, target, g.port, g.as, g.hold,
	    g.concurrency ? "" : "all ", g.concurrency ? g.concurrency : g.n);
	fflush(stdout);
	getrusage(RUSAGE_SELF, &g.ru0);
	start_more();
	event_base_dispatch(g.base);
	return g.rc;
bad:
	usage(stderr);
	return 2;
}
