/*
 * ctl_server.c -- control sockets on libevent; see ctl_server.h.
 *
 * A client goes READING (deadline timer running) -> RUNNING (handler
 * called, maybe again and again as its output drains) -> CLOSING (END frame
 * queued; freed once it is written). Handler output goes through ctl_out
 * into a staging buffer, cut into DATA frames of at most CTL_DATA_MAX
 * octets on the bufferevent's output queue.
 */
#include "config.h"

#include "ctl_server.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

struct ctl_cmd {
	struct ctl_pattern pat;
	struct ctl_cmdinfo info;
	ctl_handler_fn fn;
	void *arg;
};

struct ctl_listener {
	struct ctl_server *srv;
	struct ctl_listener *next;
	struct evconnlistener *lev;
	struct event *retry;		/* re-enable accepting after an error */
	char *path;
	bool readonly;
	dev_t dev;			/* the socket file we made, to unlink only it */
	ino_t ino;
};

enum client_state {
	CS_READING,
	CS_RUNNING,
	CS_CLOSING,
};

struct ctl_client {
	struct ctl_server *srv;
	struct ctl_client *prev, *next;
	struct bufferevent *bev;
	struct event *deadline;		/* for the whole request */
	struct event *resume;		/* call the handler again on the next turn */
	enum client_state state;
	bool readonly;
	bool waiting;			/* the handler waits for the queue to drain */
	bool overflow;			/* output went over CTL_OUT_HARD_LIMIT */
	bool failed;
	int status;
	char msg[CTL_MSG_MAX + 1];
	const char *sockpath;
	struct ctl_cmd *cmd;
	struct ctl_req req;
	struct evbuffer *stage;		/* rendered, not yet framed */
	struct ctl_request wire;
	char *words[CTL_MAX_WORDS + 1];
	char *args[CTL_MAX_WORDS + 1];
	char join[CTL_REQ_MAX];
};

struct ctl_server {
	struct event_base *base;
	struct ctl_listener *listeners;
	struct ctl_cmd *cmds[CTL_MAX_CMDS];
	const struct ctl_pattern *pats[CTL_MAX_CMDS];
	const struct ctl_cmdinfo *infos[CTL_MAX_CMDS];
	size_t ncmds;
	struct ctl_client *clients;
	struct timeval req_tv;
	struct timeval write_tv;
	struct ctl_server_stats stats;
};

static void client_free(struct ctl_client *c);
static void client_finish(struct ctl_client *c);
static void client_run(struct ctl_client *c);

static struct timeval
ms_tv(unsigned ms)
{
	struct timeval tv = { (time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000 };
	return tv;
}

/* --- requests ------------------------------------------------------------ */

static size_t
queued(const struct ctl_client *c)
{
	return evbuffer_get_length(c->stage) +
	    evbuffer_get_length(bufferevent_get_output(c->bev));
}

/* Move staged text into DATA frames: whole frames only, or everything. */
static void
frame_stage(struct ctl_client *c, bool all)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);
	size_t len;

	while ((len = evbuffer_get_length(c->stage)) >= CTL_DATA_MAX || (all && len > 0)) {
		uint8_t hdr[CTL_HDR_LEN];
		size_t n = len < CTL_DATA_MAX ? len : CTL_DATA_MAX;
		ctl_data_hdr(hdr, n);
		if (evbuffer_add(out, hdr, sizeof(hdr)) < 0 ||
		    evbuffer_remove_buffer(c->stage, out, n) != (int)n) {
			c->overflow = true;	/* out of memory: end with an error */
			evbuffer_drain(c->stage, evbuffer_get_length(c->stage));
			return;
		}
	}
}

static void
out_sink(void *arg, const char *p, size_t len)
{
	struct ctl_client *c = arg;

	if (c->overflow)
		return;
	if (queued(c) + len > CTL_OUT_HARD_LIMIT || evbuffer_add(c->stage, p, len) < 0) {
		c->overflow = true;
		return;
	}
	if (evbuffer_get_length(c->stage) >= CTL_DATA_MAX)
		frame_stage(c, false);
}

void
ctl_req_fail(struct ctl_req *req, int status, const char *fmt, ...)
{
	struct ctl_client *c = req->client;
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	c->status = status == CTL_EXIT_USAGE ? CTL_EXIT_USAGE : CTL_EXIT_ERROR;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

bool
ctl_req_should_yield(const struct ctl_req *req)
{
	const struct ctl_client *c = req->client;
	return c->overflow || queued(c) >= CTL_OUT_HIGH_WATER;
}

const char *
ctl_req_join(struct ctl_req *req, int from)
{
	struct ctl_client *c = req->client;
	size_t len = 0;

	c->join[0] = '\0';
	for (int i = from < 0 ? 0 : from; i < req->nargs; i++) {
		size_t n = strlen(req->args[i]);
		if (len + n + 2 > sizeof(c->join))
			break;
		if (len > 0)
			c->join[len++] = ' ';
		memcpy(c->join + len, req->args[i], n + 1);
		len += n;
	}
	return c->join;
}

/* The command line for the log: printable ASCII, bounded. */
static void
log_line(const struct ctl_req *req, char *buf, size_t len)
{
	size_t n = 0;
	for (int i = 0; i < req->argc && n + 1 < len; i++) {
		if (i > 0)
			buf[n++] = ' ';
		for (const char *s = req->argv[i]; *s && n + 1 < len; s++)
			buf[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	}
	buf[n < len ? n : len - 1] = '\0';
}

static const char *
admin_path(const struct ctl_server *srv)
{
	for (const struct ctl_listener *l = srv->listeners; l != NULL; l = l->next)
		if (!l->readonly)
			return l->path;
	return "the admin socket";
}

static void
client_fail(struct ctl_client *c, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
client_fail(struct ctl_client *c, int status, const char *fmt, ...)
{
	va_list ap;
	if (!c->failed) {
		c->failed = true;
		c->status = status;
		va_start(ap, fmt);
		vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
		va_end(ap);
	}
	client_finish(c);
}

static void
client_start(struct ctl_client *c)
{
	struct ctl_server *srv = c->srv;
	struct ctl_req *req = &c->req;
	struct ctl_match m;
	char line[512];

	evtimer_del(c->deadline);
	c->state = CS_RUNNING;
	bufferevent_disable(c->bev, EV_READ);
	bufferevent_set_timeouts(c->bev, NULL, &srv->write_tv);
	bufferevent_setwatermark(c->bev, EV_WRITE, CTL_OUT_LOW_WATER, 0);
	srv->stats.requests++;

	req->flags = c->wire.flags;
	req->json = c->wire.flags & CTL_F_JSON;
	req->dry_run = c->wire.flags & CTL_F_DRY_RUN;
	req->out = ctl_out_new(req->json ? CTL_FMT_JSON : CTL_FMT_TEXT, out_sink, c);
	if (req->out == NULL) {
		client_fail(c, CTL_EXIT_ERROR, "out of memory");
		return;
	}
	if (c->wire.flags & CTL_F_HELP) {
		int st = ctl_help_render(req->out, srv->infos, srv->pats, srv->ncmds,
		    c->wire.argc, c->wire.argv, c->msg, sizeof(c->msg));
		if (st != CTL_EXIT_OK) {
			c->failed = true;
			c->status = st;
		}
		client_finish(c);
		return;
	}
	if (ctl_match(srv->pats, srv->ncmds, c->wire.argc, c->wire.argv, &m) != CTL_M_OK) {
		client_fail(c, CTL_EXIT_USAGE, "%s", m.msg);
		return;
	}

	struct ctl_cmd *cmd = c->cmd = srv->cmds[m.cmd];
	req->argc = c->wire.argc;
	req->argv = c->words;
	req->args = c->args;
	req->nargs = 0;
	for (int i = 0; i < c->wire.argc; i++) {
		if (cmd->pat.tok[m.tok[i]].kind == CTL_TOK_WORD) {
			c->words[i] = (char *)ctl_pattern_tok(&cmd->pat, m.tok[i]);
		} else {
			c->words[i] = c->wire.argv[i];
			c->args[req->nargs++] = c->wire.argv[i];
		}
	}
	c->words[req->argc] = NULL;
	c->args[req->nargs] = NULL;

	if (req->dry_run && !(cmd->info.flags & CTL_DRY_RUN_OK)) {
		client_fail(c, CTL_EXIT_USAGE, "'%s' takes no --dry-run", cmd->pat.text);
		return;
	}
	if (!(cmd->info.flags & CTL_READONLY_OK)) {
		log_line(req, line, sizeof(line));
		if (c->readonly) {
			log_msg(LOG_WARNING, "control: refused on read-only socket %s: uid %ld pid %ld: %s",
			    c->sockpath, (long)req->uid, (long)req->pid, line);
			client_fail(c, CTL_EXIT_ERROR,
			    "permission denied: this socket is read-only; use %s", admin_path(srv));
			return;
		}
		log_msg(LOG_NOTICE, "control: uid %ld pid %ld: %s%s",
		    (long)req->uid, (long)req->pid, line, req->dry_run ? " --dry-run" : "");
	}
	client_run(c);
}

static void
client_run(struct ctl_client *c)
{
	struct ctl_server *srv = c->srv;
	enum ctl_step step;

	c->waiting = false;
	step = c->cmd->fn(&c->req, c->cmd->arg);
	c->req.calls++;
	srv->stats.handler_calls++;
	frame_stage(c, true);
	size_t q = queued(c);
	if (q > srv->stats.peak_queued)
		srv->stats.peak_queued = q;
	if (c->overflow) {
		log_msg(LOG_ERR, "control: reply to '%s' went over %d octets queued; cut",
		    c->cmd->pat.text, CTL_OUT_HARD_LIMIT);
		c->failed = false;
		client_fail(c, CTL_EXIT_ERROR, "reply cut: ecmpd queued more than %d octets",
		    CTL_OUT_HARD_LIMIT);
		return;
	}
	if (step == CTL_DONE) {
		client_finish(c);
		return;
	}
	if (q <= CTL_OUT_LOW_WATER)
		event_active(c->resume, EV_TIMEOUT, 0);
	else
		c->waiting = true;	/* write_cb resumes at the low water mark */
}

/* End the reply: close the output, queue END, free the handler's state. */
static void
client_finish(struct ctl_client *c)
{
	uint8_t end[CTL_HDR_LEN + 1 + CTL_MSG_MAX];
	size_t len;

	if (c->state == CS_CLOSING)
		return;
	if (c->req.out != NULL && !ctl_out_finish(c->req.out) && c->cmd != NULL)
		log_msg(LOG_DEBUG, "control: '%s' nested its output wrongly", c->cmd->pat.text);
	frame_stage(c, true);
	if (c->req.state_free != NULL && c->req.state != NULL)
		c->req.state_free(c->req.state);
	c->req.state = NULL;
	c->req.state_free = NULL;
	ctl_end_encode(c->failed ? c->status : CTL_EXIT_OK, c->failed ? c->msg : NULL,
	    end, sizeof(end), &len);
	evbuffer_add(bufferevent_get_output(c->bev), end, len);
	c->state = CS_CLOSING;
	c->waiting = false;
	evtimer_del(c->deadline);
	event_del(c->resume);
	bufferevent_disable(c->bev, EV_READ);
	bufferevent_set_timeouts(c->bev, NULL, &c->srv->write_tv);
	bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
	bufferevent_enable(c->bev, EV_WRITE);
}

/* --- client events ------------------------------------------------------- */

static void
read_cb(struct bufferevent *bev, void *arg)
{
	struct ctl_client *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len = evbuffer_get_length(in), used;
	struct ctl_frame f;

	if (c->state != CS_READING) {
		evbuffer_drain(in, len);
		return;
	}
	size_t take = len < CTL_REQ_MAX ? len : CTL_REQ_MAX;
	const uint8_t *p = evbuffer_pullup(in, (ev_ssize_t)take);
	if (p == NULL)
		return;
	int rc = ctl_frame_parse(p, take, CTL_REQ_MAX - CTL_HDR_LEN, &f, &used);
	if (rc == CTL_E_SHORT)
		return;
	if (rc == CTL_E_VERSION) {
		client_fail(c, CTL_EXIT_USAGE, "control protocol version %u is not supported: "
		    "this ecmpd speaks version %u (use the ecmpctl of the same release)",
		    f.version, CTL_PROTO_VERSION);
		return;
	}
	if (rc == CTL_OK && f.type != CTL_T_REQUEST)
		rc = CTL_E_TYPE;
	if (rc == CTL_OK)
		rc = ctl_req_decode(f.payload, f.len, &c->wire);
	if (rc != CTL_OK) {
		client_fail(c, CTL_EXIT_USAGE, "malformed request: %s", ctl_strerror(rc));
		return;
	}
	evbuffer_drain(in, used);
	client_start(c);
}

static void
write_cb(struct bufferevent *bev, void *arg)
{
	struct ctl_client *c = arg;

	if (c->state == CS_CLOSING) {
		if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
			client_free(c);
		return;
	}
	if (c->state == CS_RUNNING && c->waiting)
		client_run(c);
}

static void
event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	struct ctl_client *c = arg;

	if (what & BEV_EVENT_TIMEOUT) {
		c->srv->stats.timeouts++;
		log_msg(LOG_INFO, "control: client uid %ld pid %ld stopped reading its reply; closed",
		    (long)c->req.uid, (long)c->req.pid);
	}
	client_free(c);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct ctl_client *c = arg;

	c->srv->stats.timeouts++;
	log_msg(LOG_INFO, "control: client uid %ld pid %ld sent no request in %ld ms; closed",
	    (long)c->req.uid, (long)c->req.pid,
	    (long)(c->srv->req_tv.tv_sec * 1000 + c->srv->req_tv.tv_usec / 1000));
	client_free(c);
}

static void
resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct ctl_client *c = arg;
	if (c->state == CS_RUNNING)
		client_run(c);
}

static void
client_free(struct ctl_client *c)
{
	struct ctl_server *srv = c->srv;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	srv->stats.clients--;
	if (c->req.state_free != NULL && c->req.state != NULL)
		c->req.state_free(c->req.state);
	ctl_out_free(c->req.out);
	if (c->stage != NULL)
		evbuffer_free(c->stage);
	if (c->deadline != NULL)
		event_free(c->deadline);
	if (c->resume != NULL)
		event_free(c->resume);
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	free(c);
}

/* --- sockets ------------------------------------------------------------- */

static void
refuse(evutil_socket_t fd, const char *why)
{
	uint8_t end[CTL_HDR_LEN + 1 + CTL_MSG_MAX];
	size_t len;
	if (ctl_end_encode(CTL_EXIT_ERROR, why, end, sizeof(end), &len) == CTL_OK)
		(void)!send(fd, end, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	evutil_closesocket(fd);
}

static void
accept_cb(struct evconnlistener *lev, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	(void)lev;
	(void)sa;
	(void)salen;
	struct ctl_listener *l = arg;
	struct ctl_server *srv = l->srv;
	struct ctl_client *c;
	struct ucred uc;
	socklen_t ulen = sizeof(uc);

	if (srv->stats.clients >= CTL_MAX_CLIENTS) {
		log_msg(LOG_WARNING, "control: %d clients connected already; refusing another",
		    CTL_MAX_CLIENTS);
		refuse(fd, "too many control clients; try again");
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		refuse(fd, "out of memory");
		return;
	}
	c->srv = srv;
	c->readonly = l->readonly;
	c->sockpath = l->path;
	c->req.client = c;
	c->req.readonly_socket = l->readonly;
	c->req.uid = (uid_t)-1;
	c->req.gid = (gid_t)-1;
	c->req.pid = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ulen) == 0) {
		c->req.uid = uc.uid;
		c->req.gid = uc.gid;
		c->req.pid = uc.pid;
	}
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL)
		evutil_closesocket(fd);
	c->stage = evbuffer_new();
	c->deadline = evtimer_new(srv->base, deadline_cb, c);
	c->resume = event_new(srv->base, -1, 0, resume_cb, c);
	/* linked first, so client_free() can undo any of it */
	c->next = srv->clients;
	if (srv->clients != NULL)
		srv->clients->prev = c;
	srv->clients = c;
	srv->stats.clients++;
	if (c->bev == NULL || c->stage == NULL || c->deadline == NULL || c->resume == NULL) {
		log_msg(LOG_ERR, "control: out of memory for a client");
		client_free(c);
		return;
	}
	bufferevent_setcb(c->bev, read_cb, write_cb, event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, CTL_REQ_MAX);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	evtimer_add(c->deadline, &srv->req_tv);
}

static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct ctl_listener *l = arg;
	evconnlistener_enable(l->lev);
}

static void
accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct ctl_listener *l = arg;
	struct timeval tv = { 1, 0 };
	int e = EVUTIL_SOCKET_ERROR();

	log_msg(LOG_WARNING, "control: accept on %s: %s; pausing for a second",
	    l->path, evutil_socket_error_to_string(e));
	evconnlistener_disable(lev);
	evtimer_add(l->retry, &tv);
}

/* Is something accepting on the socket at path? Sets errno when unsure. */
static int
socket_in_use(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	int e = errno;
	close(fd);
	if (rc == 0)
		return 1;
	if (e == ECONNREFUSED)
		return 0;
	errno = e;
	return -1;
}

int
ctl_server_listen(struct ctl_server *srv, const char *path, mode_t mode, bool readonly)
{
	struct sockaddr_un sun;
	struct ctl_listener *l;
	struct stat st;
	int fd, e;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			errno = EEXIST;		/* not ours to remove */
			return -1;
		}
		switch (socket_in_use(&sun)) {
		case 1:
			errno = EADDRINUSE;
			return -1;
		case 0:
			if (unlink(path) < 0 && errno != ENOENT)
				return -1;
			log_msg(LOG_INFO, "control: removed stale socket %s", path);
			break;
		default:
			return -1;
		}
	} else if (errno != ENOENT) {
		return -1;
	}

	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return -1;
	l->srv = srv;
	l->readonly = readonly;
	l->path = strdup(path);
	l->retry = evtimer_new(srv->base, retry_cb, l);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->path == NULL || l->retry == NULL || fd < 0)
		goto fail;
	/* the file appears 0600 whatever the umask, then gets its mode */
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0)
		goto fail;
	if (chmod(path, mode) < 0 || stat(path, &st) < 0)
		goto fail_unlink;
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	l->lev = evconnlistener_new(srv->base, accept_cb, l,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 32, fd);
	if (l->lev == NULL)
		goto fail_unlink;
	evconnlistener_set_error_cb(l->lev, accept_error_cb);
	l->next = srv->listeners;
	srv->listeners = l;
	return 0;

fail_unlink:
	e = errno;
	unlink(path);
	errno = e;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	if (l->retry != NULL)
		event_free(l->retry);
	free(l->path);
	free(l);
	errno = e;
	return -1;
}

/* --- commands ------------------------------------------------------------ */

static enum ctl_step
help_cmd(struct ctl_req *req, void *arg)
{
	struct ctl_server *srv = arg;
	char msg[CTL_MSG_MAX];
	int st = ctl_help_render(req->out, srv->infos, srv->pats, srv->ncmds,
	    req->nargs, req->args, msg, sizeof(msg));
	if (st != CTL_EXIT_OK)
		ctl_req_fail(req, st, "%s", msg);
	return CTL_DONE;
}

struct ctl_cmd *
ctl_register(struct ctl_server *srv, const char *pattern, unsigned flags,
    ctl_handler_fn fn, void *arg)
{
	char err[128];
	struct ctl_cmd *cmd;

	if (srv->ncmds == CTL_MAX_CMDS) {
		log_msg(LOG_ERR, "control: more than %d commands; '%s' not registered",
		    CTL_MAX_CMDS, pattern);
		return NULL;
	}
	cmd = calloc(1, sizeof(*cmd));
	if (cmd == NULL)
		return NULL;
	if (!ctl_pattern_parse(pattern, &cmd->pat, err, sizeof(err))) {
		log_msg(LOG_ERR, "control: bad command pattern '%s': %s", pattern, err);
		free(cmd);
		return NULL;
	}
	for (size_t i = 0; i < srv->ncmds; i++) {
		if (strcmp(srv->cmds[i]->pat.text, cmd->pat.text) == 0) {
			log_msg(LOG_ERR, "control: command '%s' registered twice", pattern);
			free(cmd);
			return NULL;
		}
	}
	const struct ctl_cmdinfo *doc = ctl_cmd_doc(pattern);
	cmd->info.pattern = cmd->pat.text;
	/* CTL_PREFER may come from the documentation; permissions only from here */
	cmd->info.flags = (flags & (CTL_READONLY_OK | CTL_DRY_RUN_OK | CTL_PREFER)) |
	    (doc != NULL ? doc->flags & CTL_PREFER : 0);
	cmd->pat.prefer = cmd->info.flags & CTL_PREFER;
	cmd->info.summary = doc != NULL ? doc->summary : NULL;
	cmd->info.help = doc != NULL ? doc->help : NULL;
	cmd->fn = fn;
	cmd->arg = arg;
	srv->cmds[srv->ncmds] = cmd;
	srv->pats[srv->ncmds] = &cmd->pat;
	srv->infos[srv->ncmds] = &cmd->info;
	srv->ncmds++;
	return cmd;
}

void
ctl_cmd_set_help(struct ctl_cmd *cmd, const char *summary, const char *help)
{
	if (cmd == NULL)
		return;
	cmd->info.summary = summary;
	cmd->info.help = help;
}

/* --- server -------------------------------------------------------------- */

struct ctl_server *
ctl_server_new(struct event_base *base)
{
	struct ctl_server *srv = calloc(1, sizeof(*srv));
	struct sigaction sa;

	if (srv == NULL)
		return NULL;
	srv->base = base;
	srv->req_tv = ms_tv(CTL_REQUEST_TIMEOUT_MS);
	srv->write_tv = ms_tv(CTL_WRITE_TIMEOUT_MS);
	if (ctl_register(srv, "help [WORD...]", CTL_READONLY_OK, help_cmd, srv) == NULL) {
		free(srv);
		return NULL;
	}
	/* a client that leaves mid-reply must not kill the daemon */
	if (sigaction(SIGPIPE, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) &&
	    sa.sa_handler == SIG_DFL) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_IGN;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGPIPE, &sa, NULL);
	}
	return srv;
}

struct ctl_server *
ctl_server_open(struct event_base *base, const char *path, mode_t mode, bool readonly)
{
	struct ctl_server *srv = ctl_server_new(base);
	if (srv == NULL)
		return NULL;
	if (ctl_server_listen(srv, path, mode, readonly) < 0) {
		int e = errno;
		ctl_server_free(srv);
		errno = e;
		return NULL;
	}
	return srv;
}

void
ctl_server_free(struct ctl_server *srv)
{
	struct stat st;

	if (srv == NULL)
		return;
	while (srv->clients != NULL)
		client_free(srv->clients);
	while (srv->listeners != NULL) {
		struct ctl_listener *l = srv->listeners;
		srv->listeners = l->next;
		evconnlistener_free(l->lev);
		event_free(l->retry);
		if (lstat(l->path, &st) == 0 && st.st_dev == l->dev && st.st_ino == l->ino)
			unlink(l->path);
		free(l->path);
		free(l);
	}
	for (size_t i = 0; i < srv->ncmds; i++)
		free(srv->cmds[i]);
	free(srv);
}

void
ctl_server_set_timeouts(struct ctl_server *srv, unsigned request_ms, unsigned write_ms)
{
	if (request_ms > 0)
		srv->req_tv = ms_tv(request_ms);
	if (write_ms > 0)
		srv->write_tv = ms_tv(write_ms);
}

void
ctl_server_stats(const struct ctl_server *srv, struct ctl_server_stats *st)
{
	*st = srv->stats;
}
