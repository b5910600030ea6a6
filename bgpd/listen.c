/*
 * listen.c -- listening sockets: accept a connection when it comes from a
 * configured neighbor or from inside a dynamic-neighbors range (within its
 * session limit); refuse and log anything else. TCP MD5 keys (RFC 2385)
 * are installed on the listeners per neighbor and per range prefix.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "log.h"
#include "peer.h"
#include "session.h"

struct listener {
	struct bgpd *d;
	struct conf_listen conf;
	int family;
	struct evconnlistener *ev;
};

static bool
md5_one(int fd, int family, const struct conf_addr *addr, int prefix_len,
    const char *key)
{
	struct tcp_md5sig md5;
	struct sockaddr_storage ss;
	socklen_t len;

	if ((addr->afs == AFS_IPV4_UNICAST) != (family == AF_INET))
		return true;	/* a v4 key on a v6 listener: not this one */
	memset(&md5, 0, sizeof(md5));
	conf_addr_to_sockaddr(addr, 0, &ss, &len);
	memcpy(&md5.tcpm_addr, &ss, len);
	if (key != NULL) {
		size_t klen = strlen(key);
		md5.tcpm_keylen = (uint16_t)klen;
		memcpy(md5.tcpm_key, key, klen);
	}
	int opt = TCP_MD5SIG;
	if (prefix_len >= 0) {
		md5.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
		md5.tcpm_prefixlen = (uint8_t)prefix_len;
		opt = TCP_MD5SIG_EXT;
	}
	if (setsockopt(fd, IPPROTO_TCP, opt, &md5, sizeof(md5)) != 0 &&
	    !(key == NULL && errno == ENOENT)) {
		char a[64];
		log_msg(LOG_ERR, "cannot set the TCP MD5 key for %s/%d on a listener: %s",
		    conf_addr_format(addr, a, sizeof(a)), prefix_len, strerror(errno));
		return false;
	}
	return true;
}

void
listen_set_md5(struct bgpd *d, const struct conf_addr *addr, int prefix_len,
    const char *key)
{
	for (size_t i = 0; i < d->n_listeners; i++) {
		struct listener *l = d->listeners[i];
		md5_one(evconnlistener_get_fd(l->ev), l->family, addr, prefix_len, key);
	}
}

static void
listen_install_keys(struct bgpd *d)
{
	const struct conf *c = d->conf;
	for (size_t i = 0; i < c->n_neighbors; i++)
		if (c->neighbors[i].peer.password)
			listen_set_md5(d, &c->neighbors[i].address, -1,
			    c->neighbors[i].peer.password);
	for (size_t i = 0; i < c->n_dynamic; i++) {
		const struct conf_dynamic *r = &c->dynamic[i];
		if (r->peer.password == NULL)
			continue;
		struct conf_addr a = { .afs = r->prefix.afs };
		memcpy(a.addr, r->prefix.addr, sizeof(a.addr));
		listen_set_md5(d, &a, r->prefix.len, r->peer.password);
	}
}

/*
 * Turn a connection down with Cease / Connection Rejected (RFC 4486), so the
 * peer's log says why instead of showing a bare reset. One small write on a
 * fresh socket: it fits the send buffer; failure just means a plain close.
 */
void
listen_reject(int fd)
{
	uint8_t buf[BGP_HEADER_LEN + 2];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	if (wire_notification_encode(BGP_ERR_CEASE, BGP_CEASE_CONN_REJECTED, NULL, 0, &wb))
		(void)send(fd, buf, wb.len, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static void
accept_cb(struct evconnlistener *ev, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct listener *l = arg;
	struct bgpd *d = l->d;
	struct conf_addr addr;
	char name[64], why[128];
	(void)ev;
	(void)salen;

	if (d->stopping || !sockaddr_to_conf_addr(sa, &addr)) {
		close(fd);
		return;
	}
	conf_addr_format(&addr, name, sizeof(name));
	struct peer *p = peer_find(d, &addr);
	if (p == NULL) {
		const struct conf_dynamic *cr = conf_dynamic_find(d->conf, &addr);
		if (cr == NULL) {
			d->refused_connections++;
			log_msg(LOG_NOTICE, "connection from %s refused: not a configured "
			    "neighbor and in no dynamic-neighbors range", name);
			close(fd);
			return;
		}
		struct dyn_range *r = &d->ranges[cr - d->conf->dynamic];
		if (r->active >= cr->limit) {
			struct sbuf sb;
			r->refused++;
			sb_init(&sb);
			prefix_print(&cr->prefix, &sb);
			log_msg(LOG_WARNING, "connection from %s refused: range %s is at its "
			    "limit of %u sessions", name, sb.p, cr->limit);
			sb_free(&sb);
			listen_reject(fd);
			return;
		}
		p = peer_new(d, &addr, &cr->peer, r);
		if (p == NULL) {
			close(fd);
			return;
		}
		log_peer(LOG_INFO, p->name, peer_as(p), peer_descr(p),
		    "dynamic neighbor accepted (%u of %u in its range)", r->active, cr->limit);
		peer_start(p);	/* passive: waits in Active for this very connection */
	}
	if (!session_sockopts(p, fd, sa->sa_family, why, sizeof(why))) {
		log_peer(LOG_ERR, p->name, peer_as(p), peer_descr(p), "%s", why);
		close(fd);
		if (p->range)
			peer_remove(p, BGP_CEASE_OUT_OF_RESOURCES, NULL);
		return;
	}
	peer_accept(p, fd);
}

/* Does any neighbor or range use GTSM? */
static bool
listen_wants_gtsm(const struct bgpd *d)
{
	for (size_t i = 0; i < d->conf->n_neighbors; i++)
		if (d->conf->neighbors[i].peer.ttl_security)
			return true;
	for (size_t i = 0; i < d->conf->n_dynamic; i++)
		if (d->conf->dynamic[i].peer.ttl_security)
			return true;
	return false;
}

static struct listener *
listener_open(struct bgpd *d, const struct conf_listen *cl)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char a[64];
	int one = 1;

	conf_addr_to_sockaddr(&cl->address, cl->port, &ss, &len);
	conf_addr_format(&cl->address, a, sizeof(a));
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_msg(LOG_ERR, "cannot listen on %s port %u: %s", a, cl->port, strerror(errno));
		return NULL;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (listen_wants_gtsm(d)) {
		/* RFC 5082: the SYN-ACK must leave with TTL 255 too, or a GTSM peer drops it */
		int ttl = 255;
		if (ss.ss_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
		else
			setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	}
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, SOMAXCONN) != 0) {
		log_msg(LOG_ERR, "cannot listen on %s port %u: %s", a, cl->port, strerror(errno));
		close(fd);
		return NULL;
	}
	struct listener *l = calloc(1, sizeof(*l));
	if (l == NULL) {
		close(fd);
		return NULL;
	}
	l->d = d;
	l->conf = *cl;
	l->family = ss.ss_family;
	l->ev = evconnlistener_new(d->base, accept_cb, l, LEV_OPT_CLOSE_ON_FREE, 0, fd);
	if (l->ev == NULL) {
		close(fd);
		free(l);
		return NULL;
	}
	log_msg(LOG_INFO, "listening on %s port %u", a, cl->port);
	return l;
}

bool
listen_open_all(struct bgpd *d)
{
	const struct conf *c = d->conf;
	d->listeners = calloc(c->n_listen ? c->n_listen : 1, sizeof(*d->listeners));
	if (d->listeners == NULL)
		return false;
	for (size_t i = 0; i < c->n_listen; i++) {
		struct listener *l = listener_open(d, &c->listen[i]);
		if (l == NULL)
			return false;
		d->listeners[d->n_listeners++] = l;
	}
	listen_install_keys(d);
	return true;
}

void
listen_close_all(struct bgpd *d)
{
	for (size_t i = 0; i < d->n_listeners; i++) {
		evconnlistener_free(d->listeners[i]->ev);
		free(d->listeners[i]);
	}
	free(d->listeners);
	d->listeners = NULL;
	d->n_listeners = 0;
}
