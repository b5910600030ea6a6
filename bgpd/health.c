/*
 * health.c -- health checks on a libevent loop: the probes (tcp, http,
 * exec), their timers, and the children; the counting is health_fsm.c's.
 * See health.h.
 *
 * One probe at a time per check: the next is scheduled when the current
 * one has ended (interval or fast interval after its end), so a slow
 * service is never probed twice at once.
 *
 * Children: an exec probe forks /bin/sh -c COMMAND as the leader of a new
 * process group, stdin from /dev/null, stdout and stderr into a pipe (the
 * first line is kept for the result text, the rest is read and dropped so
 * the child never blocks on a full pipe), every other descriptor closed (a
 * check must not hold a BGP socket open after the announcer dies). On
 * SIGCHLD the context peeks at the exited child (waitid WNOWAIT), kills
 * what is left of its group while the leader's zombie still holds the
 * group id, then reaps it: no process group id can have been reused.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <event2/event.h>

#include "health.h"
#include "log.h"

#define HTTP_READ_MAX	1024	/* bytes of the answer read at most: the status line is enough */
#define OUT_KEEP	120	/* characters of an exec probe's first output line kept */
#define KILL_GRACE_MS	1000	/* after SIGKILL, how long to wait for the reap before giving up */

struct health_check {
	struct health_ctx *ctx;
	LIST_ENTRY(health_check) entry;
	struct health_config cfg;	/* strings below are the owned copies */
	char *name, *host, *path, *http_host, *command, *disable_file;
	char target[160];
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char *req;			/* the HTTP request */
	size_t req_len;

	struct health_fsm fsm;
	struct event *tick;		/* the next probe */
	struct event *deadline;		/* the running probe's timeout */
	struct event *io;		/* its socket or pipe */
	bool started, running;
	struct timespec probe_start;

	/* tcp, http */
	int fd;
	bool connected;
	size_t req_off;
	char resp[HTTP_READ_MAX + 1];
	size_t resp_len;

	/* exec */
	pid_t pid;			/* 0 when no child */
	int outfd;
	char out[OUT_KEEP + 1];
	size_t out_len;
	bool out_done;			/* the first line is complete (or the buffer full) */
	bool timed_out, kill_grace;

	/* the last result */
	time_t last_check, last_change;
	unsigned last_duration_ms;
	bool last_ok;
	char last_result[sizeof(((struct health_stats *)0)->last_result)];

	bool in_cb, dying;
};

struct health_ctx {
	struct event_base *base;
	struct event *sigchld;
	bool reap_all;
	void (*child_cb)(pid_t, int, void *);
	void *child_arg;
	LIST_HEAD(, health_check) checks;
	pid_t *strays;			/* killed children of freed checks, still to reap */
	size_t n_strays, cap_strays;
};

/* ---- small helpers ---- */

static void
errtext(int err, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
}

static unsigned
ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
	return ms < 0 ? 0 : (unsigned)ms;
}

static struct timeval
tv_ms(unsigned ms)
{
	struct timeval tv = { (time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000 };
	return tv;
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A printable rendering of at most n characters of s, "..." when cut short. */
static void
printable(const char *s, size_t n, char *buf, size_t len)
{
	size_t o = 0, i = 0;
	for (; i < n && s[i]; i++) {
		if (o + 1 >= len)
			break;
		buf[o++] = isprint((unsigned char)s[i]) ? s[i] : '?';
	}
	if (i < n && s[i] && len > 4) {
		memcpy(buf + len - 4, "...", 3);
		o = len - 1;
	}
	buf[o] = '\0';
}

static void
stray_add(struct health_ctx *ctx, pid_t pid)
{
	if (ctx->n_strays == ctx->cap_strays) {
		size_t cap = ctx->cap_strays ? ctx->cap_strays * 2 : 4;
		pid_t *p = realloc(ctx->strays, cap * sizeof(*p));
		if (p == NULL) {
			log_msg(LOG_WARNING, "health: out of memory; child %d left to reap", (int)pid);
			return;
		}
		ctx->strays = p;
		ctx->cap_strays = cap;
	}
	ctx->strays[ctx->n_strays++] = pid;
}

static bool
stray_remove(struct health_ctx *ctx, pid_t pid)
{
	for (size_t i = 0; i < ctx->n_strays; i++)
		if (ctx->strays[i] == pid) {
			ctx->strays[i] = ctx->strays[--ctx->n_strays];
			return true;
		}
	return false;
}

/* ---- configuration ---- */

void
health_config_init(struct health_config *cfg)
{
	*cfg = (struct health_config){
		.kind = HEALTH_TCP,
		.expect_status = 200,
		.interval_ms = 5000,
		.fast_interval_ms = 1000,
		.timeout_ms = 5000,
		.rise = 3,
		.fall = 3,
		.initial = HEALTH_DOWN,
	};
}

static bool
resolve(struct health_check *hc, char *err, size_t errlen)
{
	/* no AI_ADDRCONFIG: it hides 127.0.0.1 when only lo is up (a pod, a namespace) */
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char port[8];
	snprintf(port, sizeof(port), "%u", (unsigned)hc->cfg.port);
	/* a name: its first address only (give an address to choose the family) */
	int rc = getaddrinfo(hc->host, port, &hints, &res);
	if (rc != 0 || res == NULL) {
		snprintf(err, errlen, "cannot resolve %s: %s", hc->host,
		    rc ? gai_strerror(rc) : "no address");
		if (res)
			freeaddrinfo(res);
		return false;
	}
	memcpy(&hc->addr, res->ai_addr, res->ai_addrlen);
	hc->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

static bool
has_ctl(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n' || (unsigned char)*s < 0x20)
			return true;
	return false;
}

static bool
check_config(const struct health_config *c, char *err, size_t errlen)
{
	switch (c->kind) {
	case HEALTH_TCP:
	case HEALTH_HTTP:
		if (c->host == NULL || c->host[0] == '\0') {
			snprintf(err, errlen, "no host to check");
			return false;
		}
		if (c->port == 0) {
			snprintf(err, errlen, "no port to check");
			return false;
		}
		if (c->kind == HEALTH_TCP)
			break;
		if (c->path && (c->path[0] != '/' || has_ctl(c->path) || strchr(c->path, ' '))) {
			snprintf(err, errlen, "bad HTTP path '%s': it starts with / and has no spaces", c->path);
			return false;
		}
		if (c->http_host && (c->http_host[0] == '\0' || has_ctl(c->http_host) ||
		    strchr(c->http_host, ' '))) {
			snprintf(err, errlen, "bad HTTP Host header");
			return false;
		}
		if (c->expect_status < 100 || c->expect_status > 999) {
			snprintf(err, errlen, "bad expected HTTP status %d", c->expect_status);
			return false;
		}
		break;
	case HEALTH_EXEC:
		if (c->command == NULL || c->command[0] == '\0') {
			snprintf(err, errlen, "no command to run");
			return false;
		}
		break;
	default:
		snprintf(err, errlen, "unknown check kind %d", (int)c->kind);
		return false;
	}
	if (c->interval_ms == 0 || c->fast_interval_ms == 0 || c->timeout_ms == 0) {
		snprintf(err, errlen, "interval, fast interval and timeout must be positive");
		return false;
	}
	if (c->rise == 0 || c->fall == 0) {
		snprintf(err, errlen, "rise and fall must be at least 1");
		return false;
	}
	if (c->initial != HEALTH_DOWN && c->initial != HEALTH_UP) {
		snprintf(err, errlen, "the initial state is down or up");
		return false;
	}
	return true;
}

/* ---- the check's life ---- */

static void tick_cb(evutil_socket_t fd, short what, void *arg);
static void deadline_cb(evutil_socket_t fd, short what, void *arg);
static void really_free(struct health_check *hc);

struct health_check *
health_check_new(struct health_ctx *ctx, const struct health_config *cfg, char *err, size_t errlen)
{
	char dummy[8];
	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (!check_config(cfg, err, errlen))
		return NULL;
	struct health_check *hc = calloc(1, sizeof(*hc));
	if (hc == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	hc->ctx = ctx;
	hc->cfg = *cfg;
	hc->fd = -1;
	hc->outfd = -1;
	hc->name = dup_or_null(cfg->name);
	hc->host = dup_or_null(cfg->host);
	hc->path = dup_or_null(cfg->path ? cfg->path : "/");
	hc->http_host = dup_or_null(cfg->http_host);
	hc->command = dup_or_null(cfg->command);
	hc->disable_file = dup_or_null(cfg->disable_file && cfg->disable_file[0] ? cfg->disable_file : NULL);
	hc->cfg.name = hc->name;
	hc->cfg.host = hc->host;
	hc->cfg.path = hc->path;
	hc->cfg.http_host = hc->http_host;
	hc->cfg.command = hc->command;
	hc->cfg.disable_file = hc->disable_file;
	health_fsm_init(&hc->fsm, cfg->rise, cfg->fall, cfg->initial);
	hc->tick = evtimer_new(ctx->base, tick_cb, hc);
	hc->deadline = evtimer_new(ctx->base, deadline_cb, hc);
	if (hc->path == NULL || hc->tick == NULL || hc->deadline == NULL ||
	    (cfg->name && !hc->name) || (cfg->host && !hc->host) ||
	    (cfg->http_host && !hc->http_host) || (cfg->command && !hc->command) ||
	    (cfg->disable_file && cfg->disable_file[0] && !hc->disable_file)) {
		snprintf(err, errlen, "out of memory");
		really_free(hc);
		return NULL;
	}

	char shown[64];
	switch (cfg->kind) {
	case HEALTH_TCP:
	case HEALTH_HTTP: {
		bool v6 = strchr(hc->host, ':') != NULL;
		const char *kind = cfg->kind == HEALTH_TCP ? "tcp" : "http";
		if (!resolve(hc, err, errlen)) {
			really_free(hc);
			return NULL;
		}
		printable(cfg->kind == HEALTH_HTTP ? hc->path : "", 1000, shown, sizeof(shown));
		snprintf(hc->target, sizeof(hc->target), "%s %s%s%s:%u%s", kind, v6 ? "[" : "",
		    hc->host, v6 ? "]" : "", (unsigned)cfg->port, shown);
		if (cfg->kind == HEALTH_TCP)
			break;
		char hosthdr[300];
		if (hc->http_host)
			snprintf(hosthdr, sizeof(hosthdr), "%s", hc->http_host);
		else if (cfg->port == 80)
			snprintf(hosthdr, sizeof(hosthdr), "%s%s%s", v6 ? "[" : "", hc->host, v6 ? "]" : "");
		else
			snprintf(hosthdr, sizeof(hosthdr), "%s%s%s:%u", v6 ? "[" : "", hc->host,
			    v6 ? "]" : "", (unsigned)cfg->port);
		int n = snprintf(NULL, 0, "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: ecmpd-health\r\n"
		    "Accept: */*\r\nConnection: close\r\n\r\n", hc->path, hosthdr);
		hc->req = malloc((size_t)n + 1);
		if (hc->req == NULL) {
			snprintf(err, errlen, "out of memory");
			really_free(hc);
			return NULL;
		}
		snprintf(hc->req, (size_t)n + 1, "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: ecmpd-health\r\n"
		    "Accept: */*\r\nConnection: close\r\n\r\n", hc->path, hosthdr);
		hc->req_len = (size_t)n;
		break;
	}
	case HEALTH_EXEC:
		printable(hc->command, strlen(hc->command), shown, sizeof(shown));
		snprintf(hc->target, sizeof(hc->target), "exec '%s'", shown);
		break;
	}
	LIST_INSERT_HEAD(&ctx->checks, hc, entry);
	return hc;
}

void
health_check_start(struct health_check *hc)
{
	if (hc->started)
		return;
	hc->started = true;
	struct timeval tv = { 0, 0 };
	evtimer_add(hc->tick, &tv);
}

void
health_check_run_now(struct health_check *hc)
{
	if (hc->running || hc->dying)
		return;
	hc->started = true;
	struct timeval tv = { 0, 0 };
	evtimer_del(hc->tick);
	evtimer_add(hc->tick, &tv);
}

enum health_state
health_check_state(const struct health_check *hc)
{
	return hc->fsm.state;
}

const char *
health_check_target(const struct health_check *hc)
{
	return hc->target;
}

const char *
health_check_name(const struct health_check *hc)
{
	return hc->name ? hc->name : hc->target;
}

void
health_check_stats(const struct health_check *hc, struct health_stats *out)
{
	*out = (struct health_stats){
		.state = hc->fsm.state,
		.pending = health_fsm_pending(&hc->fsm),
		.streak = hc->fsm.streak,
		.checks = hc->fsm.checks,
		.successes = hc->fsm.successes,
		.failures = hc->fsm.failures,
		.transitions = hc->fsm.transitions,
		.last_check = hc->last_check,
		.last_change = hc->last_change,
		.last_duration_ms = hc->last_duration_ms,
		.last_ok = hc->last_ok,
	};
	memcpy(out->last_result, hc->last_result, sizeof(out->last_result));
}

static void
schedule(struct health_check *hc)
{
	if (hc->dying || !hc->started)
		return;
	struct timeval tv = tv_ms(health_fsm_delay(&hc->fsm, hc->cfg.interval_ms,
	    hc->cfg.fast_interval_ms));
	evtimer_add(hc->tick, &tv);
}

static void
notify_change(struct health_check *hc, enum health_state from, const char *reason)
{
	hc->last_change = time(NULL);
	if (hc->cfg.on_change)
		hc->cfg.on_change(hc, from, hc->fsm.state, reason, hc->cfg.arg);
}

/* Close the probe's socket, pipe and events (not the child: see exec_reaped). */
static void
probe_cleanup(struct health_check *hc)
{
	if (hc->io) {
		event_free(hc->io);
		hc->io = NULL;
	}
	if (hc->fd >= 0) {
		close(hc->fd);
		hc->fd = -1;
	}
	if (hc->outfd >= 0) {
		close(hc->outfd);
		hc->outfd = -1;
	}
	evtimer_del(hc->deadline);
}

/* The probe has ended: count it, tell, schedule the next. */
static void
probe_done(struct health_check *hc, bool ok, const char *text)
{
	probe_cleanup(hc);
	hc->running = false;
	hc->last_duration_ms = ms_since(&hc->probe_start);
	hc->last_check = time(NULL);
	hc->last_ok = ok;
	snprintf(hc->last_result, sizeof(hc->last_result), "%s: %s", hc->target, text);
	enum health_state from = hc->fsm.state;
	bool changed = health_fsm_result(&hc->fsm, ok);
	if (log_enabled(LOG_DEBUG))
		log_msg(LOG_DEBUG, "health %s: %s (%s, %u ms)", health_check_name(hc), hc->last_result,
		    ok ? "success" : "failure", hc->last_duration_ms);
	hc->in_cb = true;
	if (hc->cfg.on_result)
		hc->cfg.on_result(hc, ok, hc->last_result, hc->cfg.arg);
	if (changed && !hc->dying) {
		char reason[sizeof(hc->last_result) + 40];
		health_fsm_reason(&hc->fsm, hc->last_result, reason, sizeof(reason));
		notify_change(hc, from, reason);
	}
	hc->in_cb = false;
	if (hc->dying) {
		really_free(hc);
		return;
	}
	schedule(hc);
}

/* ---- tcp and http ---- */

static void sock_cb(evutil_socket_t fd, short what, void *arg);

static bool
sock_wait(struct health_check *hc, short what)
{
	if (hc->io)
		event_free(hc->io);
	hc->io = event_new(hc->ctx->base, hc->fd, what | EV_PERSIST, sock_cb, hc);
	return hc->io != NULL && event_add(hc->io, NULL) == 0;
}

/* "HTTP/1.1 200 OK" -> 200; -1 when it is not a status line */
static int
http_status(const char *line)
{
	if (strncmp(line, "HTTP/", 5) != 0)
		return -1;
	const char *p = line + 5;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || isdigit((unsigned char)p[3]))
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

static void
http_answer(struct health_check *hc)
{
	char *nl = memchr(hc->resp, '\n', hc->resp_len);
	if (nl)
		*nl = '\0';
	hc->resp[hc->resp_len] = '\0';
	int st = http_status(hc->resp);
	char text[160];
	if (st < 0) {
		char shown[48];
		printable(hc->resp, strlen(hc->resp), shown, sizeof(shown));
		snprintf(text, sizeof(text), "not an HTTP status line: '%s'", shown);
		probe_done(hc, false, text);
	} else if (st == hc->cfg.expect_status) {
		snprintf(text, sizeof(text), "status %d", st);
		probe_done(hc, true, text);
	} else {
		snprintf(text, sizeof(text), "status %d, expected %d", st, hc->cfg.expect_status);
		probe_done(hc, false, text);
	}
}

static void
sock_cb(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *hc = arg;
	char text[160], e[96];
	(void)what;

	if (!hc->connected) {
		int err = 0;
		socklen_t len = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err == EINPROGRESS || err == EALREADY)
			return;
		if (err) {
			errtext(err, e, sizeof(e));
			probe_done(hc, false, e);
			return;
		}
		hc->connected = true;
		if (hc->cfg.kind == HEALTH_TCP) {
			snprintf(text, sizeof(text), "connected in %u ms", ms_since(&hc->probe_start));
			probe_done(hc, true, text);
			return;
		}
	}
	if (hc->req_off < hc->req_len) {
		ssize_t n = send(fd, hc->req + hc->req_off, hc->req_len - hc->req_off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return;
			errtext(errno, e, sizeof(e));
			snprintf(text, sizeof(text), "sending the request: %s", e);
			probe_done(hc, false, text);
			return;
		}
		hc->req_off += (size_t)n;
		if (hc->req_off == hc->req_len && !sock_wait(hc, EV_READ))
			probe_done(hc, false, "out of memory");
		return;
	}
	ssize_t n = recv(fd, hc->resp + hc->resp_len, HTTP_READ_MAX - hc->resp_len, 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		errtext(errno, e, sizeof(e));
		snprintf(text, sizeof(text), "reading the answer: %s", e);
		probe_done(hc, false, text);
		return;
	}
	if (n == 0) {
		if (hc->resp_len == 0)
			probe_done(hc, false, "connection closed without an answer");
		else
			http_answer(hc);
		return;
	}
	hc->resp_len += (size_t)n;
	if (memchr(hc->resp, '\n', hc->resp_len) || hc->resp_len == HTTP_READ_MAX)
		http_answer(hc);
}

static void
sock_start(struct health_check *hc)
{
	char e[96];
	hc->connected = false;
	hc->req_off = 0;
	hc->resp_len = 0;
	hc->fd = socket(hc->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (hc->fd < 0) {
		errtext(errno, e, sizeof(e));
		probe_done(hc, false, e);
		return;
	}
	if (connect(hc->fd, (struct sockaddr *)&hc->addr, hc->addrlen) != 0 && errno != EINPROGRESS) {
		errtext(errno, e, sizeof(e));
		probe_done(hc, false, e);
		return;
	}
	/* connected or not, the socket turns writable when the outcome is known */
	if (!sock_wait(hc, EV_WRITE))
		probe_done(hc, false, "out of memory");
}

/* ---- exec ---- */

static void
child_exec(const char *command, int out)
{
	/* between fork and exec: async-signal-safe calls only */
	setpgid(0, 0);
	if (out <= 2) {		/* (a parent without stdin/stdout/stderr) */
		int moved = fcntl(out, F_DUPFD, 3);
		if (moved < 0)
			_exit(127);
		out = moved;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		sigaction(s, &sa, NULL);	/* ignored signals (SIGPIPE) stay ignored across exec */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int in = open("/dev/null", O_RDONLY);
	if (in >= 0 && in != 0) {
		dup2(in, 0);
		close(in);
	}
	dup2(out, 1);
	dup2(out, 2);
	close(out);
	if (close_range(3, ~0U, 0) != 0) {
		long max = sysconf(_SC_OPEN_MAX);
		for (long fd = 3; fd < (max > 0 ? max : 1024); fd++)
			close((int)fd);
	}
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

/* Read what the child wrote; keep the first line. Returns false at EOF or on an error. */
static bool
out_read(struct health_check *hc)
{
	char buf[512];
	for (int i = 0; i < 64; i++) {	/* bounded per call; the rest comes with the next event */
		ssize_t n = read(hc->outfd, buf, sizeof(buf));
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		if (n == 0)
			return false;
		for (ssize_t j = 0; j < n && !hc->out_done; j++) {
			if (buf[j] == '\n')
				hc->out_done = hc->out_len > 0;	/* skip leading empty lines */
			else if (hc->out_len == OUT_KEEP)
				hc->out_done = true;
			else if (buf[j] != '\r')
				hc->out[hc->out_len++] = buf[j];
		}
	}
	return true;
}

static void
out_cb(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *hc = arg;
	(void)fd;
	(void)what;
	if (!out_read(hc)) {
		/* EOF: stop watching; the probe ends when the child is reaped */
		event_free(hc->io);
		hc->io = NULL;
		close(hc->outfd);
		hc->outfd = -1;
	}
}

static void
exec_start(struct health_check *hc)
{
	char e[96], text[160];
	int p[2];
	hc->out_len = 0;
	hc->out_done = false;
	hc->timed_out = false;
	hc->kill_grace = false;
	if (pipe2(p, O_CLOEXEC) != 0) {
		errtext(errno, e, sizeof(e));
		snprintf(text, sizeof(text), "pipe: %s", e);
		probe_done(hc, false, text);
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		errtext(errno, e, sizeof(e));
		close(p[0]);
		close(p[1]);
		snprintf(text, sizeof(text), "fork: %s", e);
		probe_done(hc, false, text);
		return;
	}
	if (pid == 0)
		child_exec(hc->command, p[1]);
	setpgid(pid, pid);	/* also in the child: whichever runs first */
	close(p[1]);
	hc->pid = pid;
	hc->outfd = p[0];
	fcntl(hc->outfd, F_SETFL, fcntl(hc->outfd, F_GETFL) | O_NONBLOCK);
	hc->io = event_new(hc->ctx->base, hc->outfd, EV_READ | EV_PERSIST, out_cb, hc);
	if (hc->io)
		event_add(hc->io, NULL);
}

static void
kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);	/* in case setpgid failed */
}

/* The child has exited (status from waitpid); its group is already killed. */
static void
exec_reaped(struct health_check *hc, int status)
{
	char text[300], out[OUT_KEEP + 1];
	hc->pid = 0;
	if (hc->outfd >= 0)
		out_read(hc);
	hc->out[hc->out_len] = '\0';
	printable(hc->out, hc->out_len, out, sizeof(out));
	const char *sep = out[0] ? ": " : "";
	bool ok = false;
	if (hc->timed_out)
		snprintf(text, sizeof(text), "timed out after %u ms, killed", hc->cfg.timeout_ms);
	else if (WIFEXITED(status)) {
		ok = WEXITSTATUS(status) == 0;
		snprintf(text, sizeof(text), "exit %d%s%s", WEXITSTATUS(status), sep, out);
	} else if (WIFSIGNALED(status))
		snprintf(text, sizeof(text), "killed by signal %d (%s)%s%s", WTERMSIG(status),
		    strsignal(WTERMSIG(status)), sep, out);
	else
		snprintf(text, sizeof(text), "ended with status %#x", (unsigned)status);
	probe_done(hc, ok, text);
}

/* ---- timers ---- */

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *hc = arg;
	char text[96];
	(void)fd;
	(void)what;
	if (hc->cfg.kind != HEALTH_EXEC) {
		snprintf(text, sizeof(text), "%s within %u ms",
		    !hc->connected ? "no connection" : "no answer", hc->cfg.timeout_ms);
		probe_done(hc, false, text);
		return;
	}
	if (hc->pid == 0)
		return;
	if (!hc->kill_grace) {
		hc->timed_out = true;
		hc->kill_grace = true;
		kill_group(hc->pid);
		struct timeval tv = tv_ms(KILL_GRACE_MS);
		evtimer_add(hc->deadline, &tv);
		return;
	}
	/* SIGKILLed a second ago and still not reaped: stuck in the kernel, or reaped elsewhere */
	int status;
	pid_t r = waitpid(hc->pid, &status, WNOHANG);
	if (r == hc->pid) {
		exec_reaped(hc, status);
		return;
	}
	if (r == 0)
		stray_add(hc->ctx, hc->pid);
	log_msg(LOG_WARNING, "health %s: child %d %s", health_check_name(hc), (int)hc->pid,
	    r == 0 ? "does not die after SIGKILL" : "was reaped by someone else");
	hc->pid = 0;
	snprintf(text, sizeof(text), "timed out after %u ms, %s", hc->cfg.timeout_ms,
	    r == 0 ? "killed but still not gone" : "killed");
	probe_done(hc, false, text);
}

static bool
disable_file_exists(const struct health_check *hc)
{
	struct stat st;
	return hc->disable_file && stat(hc->disable_file, &st) == 0;
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *hc = arg;
	(void)fd;
	(void)what;
	if (hc->running)
		return;
	if (hc->disable_file) {
		enum health_state from = hc->fsm.state;
		bool exists = disable_file_exists(hc);
		if (health_fsm_disable(&hc->fsm, exists)) {
			char reason[300];
			snprintf(reason, sizeof(reason), "disable file %s %s", hc->disable_file,
			    exists ? "exists" : "removed");
			hc->in_cb = true;
			notify_change(hc, from, reason);
			hc->in_cb = false;
			if (hc->dying) {
				really_free(hc);
				return;
			}
		}
		if (hc->fsm.state == HEALTH_DISABLED) {
			schedule(hc);
			return;
		}
	}
	hc->running = true;
	clock_gettime(CLOCK_MONOTONIC, &hc->probe_start);
	struct timeval tv = tv_ms(hc->cfg.timeout_ms);
	evtimer_add(hc->deadline, &tv);
	if (hc->cfg.kind == HEALTH_EXEC)
		exec_start(hc);
	else
		sock_start(hc);
}

/* ---- freeing ---- */

static void
really_free(struct health_check *hc)
{
	if (hc->pid > 0) {
		int status;
		kill_group(hc->pid);
		if (waitpid(hc->pid, &status, WNOHANG) != hc->pid)
			stray_add(hc->ctx, hc->pid);
		hc->pid = 0;
	}
	probe_cleanup(hc);
	if (hc->tick)
		event_free(hc->tick);
	if (hc->deadline)
		event_free(hc->deadline);
	if (hc->entry.le_prev)
		LIST_REMOVE(hc, entry);
	free(hc->name);
	free(hc->host);
	free(hc->path);
	free(hc->http_host);
	free(hc->command);
	free(hc->disable_file);
	free(hc->req);
	free(hc);
}

void
health_check_free(struct health_check *hc)
{
	if (hc == NULL)
		return;
	if (hc->in_cb) {
		hc->dying = true;
		return;
	}
	really_free(hc);
}

/* ---- the context: SIGCHLD ---- */

static struct health_check *
check_of_pid(struct health_ctx *ctx, pid_t pid)
{
	struct health_check *hc;
	LIST_FOREACH(hc, &ctx->checks, entry)
		if (hc->pid == pid)
			return hc;
	return NULL;
}

/*
 * pid has exited and is not reaped yet (a zombie: its process group id
 * cannot be reused). A check's child: kill the rest of its group, reap,
 * end the probe. Anything else: reap and pass on.
 */
static void
child_exited(struct health_ctx *ctx, pid_t pid)
{
	int status = 0;
	struct health_check *hc = check_of_pid(ctx, pid);
	if (hc)
		kill(-pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		return;
	if (hc)
		exec_reaped(hc, status);
	else if (!stray_remove(ctx, pid) && ctx->child_cb)
		ctx->child_cb(pid, status, ctx->child_arg);
}

static pid_t
peek_exited(idtype_t type, id_t id)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	if (waitid(type, id, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return 0;
	return si.si_pid;
}

static void
sigchld_cb(evutil_socket_t fd, short what, void *arg)
{
	struct health_ctx *ctx = arg;
	pid_t pid;
	(void)fd;
	(void)what;
	if (ctx->reap_all) {
		while ((pid = peek_exited(P_ALL, 0)) > 0)
			child_exited(ctx, pid);
		return;
	}
	/* only our own children: another part of the program may wait for its own */
	struct health_check *hc;
again:
	LIST_FOREACH(hc, &ctx->checks, entry)
		if (hc->pid > 0 && peek_exited(P_PID, (id_t)hc->pid) == hc->pid) {
			child_exited(ctx, hc->pid);	/* may free checks: start over */
			goto again;
		}
	for (size_t i = 0; i < ctx->n_strays; ) {
		int status;
		pid = ctx->strays[i];
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD))
			ctx->strays[i] = ctx->strays[--ctx->n_strays];
		else
			i++;
	}
}

struct health_ctx *
health_ctx_new(struct event_base *base, bool reap_all)
{
	struct health_ctx *ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return NULL;
	ctx->base = base;
	ctx->reap_all = reap_all || getpid() == 1;
	LIST_INIT(&ctx->checks);
	ctx->sigchld = evsignal_new(base, SIGCHLD, sigchld_cb, ctx);
	if (ctx->sigchld == NULL || event_add(ctx->sigchld, NULL) != 0) {
		if (ctx->sigchld)
			event_free(ctx->sigchld);
		free(ctx);
		return NULL;
	}
	/* children that exited before we watched (none normally; cheap to make sure) */
	if (ctx->reap_all)
		event_active(ctx->sigchld, EV_SIGNAL, 1);
	return ctx;
}

void
health_ctx_set_child_cb(struct health_ctx *ctx, void (*cb)(pid_t, int, void *), void *arg)
{
	ctx->child_cb = cb;
	ctx->child_arg = arg;
}

void
health_ctx_free(struct health_ctx *ctx)
{
	if (ctx == NULL)
		return;
	struct health_check *hc;
	while ((hc = LIST_FIRST(&ctx->checks)) != NULL)
		really_free(hc);
	/* the killed children: reap them, a little patiently */
	for (int i = 0; i < 100 && ctx->n_strays > 0; i++) {
		for (size_t j = 0; j < ctx->n_strays; ) {
			int status;
			pid_t r = waitpid(ctx->strays[j], &status, WNOHANG);
			if (r == ctx->strays[j] || (r < 0 && errno == ECHILD))
				ctx->strays[j] = ctx->strays[--ctx->n_strays];
			else
				j++;
		}
		if (ctx->n_strays > 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	event_free(ctx->sigchld);
	free(ctx->strays);
	free(ctx);
}
