/*
 * conf_build.c -- the YAML node tree into a validated struct conf.
 *
 * Every problem is reported as "file:line:col: what is wrong", pointing at
 * the offending value, or at the key (or the enclosing entry) when a key is
 * unknown or missing. The build never stops at the first error: it goes on
 * with defaults so that one run shows them all (conf_err.c keeps the first
 * CONF_MAX_ERRORS in file order). Checks that need a whole entry (timers,
 * route reflection, address families) are skipped for an entry that already
 * had an error, so one mistake does not cascade into several messages.
 */
#include "conf_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- global sections ---- */

static const char *const top_keys[] = {
	"router-id", "as", "cluster-id", "listen", "control", "log",
	"hold-time", "keepalive", "connect-retry", "multipath", "fib",
	"peer-groups", "dynamic-neighbors", "neighbors", "networks",
};
#define N_TOP (sizeof(top_keys) / sizeof(top_keys[0]))

static void
gset(struct conf *c, enum conf_gfield f, const struct cnode *v)
{
	c->set |= CG_BIT(f);
	c->marks[f] = v->mark;
}

static void
build_listen(struct bctx *b, const struct cnode *v)
{
	static const char *const keys[] = { "address", "port" };
	struct conf *c = b->conf;

	if (!b_is_seq(b, v, "listen"))
		return;
	gset(c, CG_LISTEN, v);
	size_t n = cn_count(v);
	c->listen = b_array(b, n ? n : 1, sizeof(*c->listen));
	if (c->listen == NULL)
		return;
	for (const struct cnode *e = cn_first(v); e != NULL; e = cn_next(e)) {
		struct conf_listen *l = &c->listen[c->n_listen];
		const struct cnode *x;
		uint64_t port = CONF_DEFAULT_PORT;
		char text[64];

		if (!b_is_map(b, e, "a listen entry"))
			continue;
		b_check_keys(b, e, keys, 2);
		if ((x = b_get(e, "port")) != NULL && !b_uint(b, x, "port", 1, 65535, &port))
			continue;
		if ((x = b_get(e, "address")) == NULL) {
			b_missing(b, e->mark, "address");
			continue;
		}
		if (!b_addr(b, x, "listen address", &l->address))
			continue;
		if (addr_is_multicast(&l->address)) {
			b_error(b, x->mark, "listen address %s is a multicast address",
			    conf_addr_format(&l->address, text, sizeof(text)));
			continue;
		}
		l->port = (uint16_t)port;
		l->mark = e->mark;
		bool bad = false;
		for (size_t i = 0; i < c->n_listen && !bad; i++) {
			const struct conf_listen *o = &c->listen[i];
			if (o->port != l->port || o->address.afs != l->address.afs)
				continue;
			if (conf_addr_equal(&o->address, &l->address)) {
				b_error(b, x->mark, "listen %s port %u is listed twice (first at line %u)",
				    conf_addr_format(&l->address, text, sizeof(text)), l->port,
				    o->mark.line);
				bad = true;
			} else if (addr_is_zero(&o->address) || addr_is_zero(&l->address)) {
				b_error(b, x->mark,
				    "listen %s port %u overlaps the wildcard listener at line %u",
				    conf_addr_format(&l->address, text, sizeof(text)), l->port,
				    o->mark.line);
				bad = true;
			}
		}
		if (!bad)
			c->n_listen++;
	}
}

static void
default_listen(struct bctx *b)
{
	struct conf *c = b->conf;

	c->listen = b_array(b, 2, sizeof(*c->listen));
	if (c->listen == NULL)
		return;
	conf_addr_parse("0.0.0.0", &c->listen[0].address);
	conf_addr_parse("::", &c->listen[1].address);
	c->listen[0].port = c->listen[1].port = CONF_DEFAULT_PORT;
	c->n_listen = 2;
}

static bool
b_socket_path(struct bctx *b, const struct cnode *v, const char *what, const char **out)
{
	const char *s;

	if (!b_string(b, v, what, CONF_SOCKET_PATH_MAX, &s))
		return false;
	if (s[0] != '/') {
		b_error(b, v->mark, "%s must be an absolute path", what);
		return false;
	}
	*out = s;
	return true;
}

static void
build_control(struct bctx *b, const struct cnode *v)
{
	static const char *const keys[] = { "socket", "readonly-socket", "mode" };
	struct conf *c = b->conf;
	const struct cnode *x, *sock = NULL;
	char q[64];

	if (!b_is_map(b, v, "control"))
		return;
	b_check_keys(b, v, keys, 3);
	if ((x = b_get(v, "socket")) != NULL && b_socket_path(b, x, "socket", &c->control.socket)) {
		gset(c, CG_CONTROL_SOCKET, x);
		sock = x;
	}
	if ((x = b_get(v, "readonly-socket")) != NULL &&
	    b_socket_path(b, x, "readonly-socket", &c->control.readonly_socket)) {
		gset(c, CG_CONTROL_READONLY, x);
		if (!strcmp(c->control.readonly_socket, c->control.socket))
			b_error(b, x->mark, "readonly-socket is the same path as socket%s",
			    sock == NULL ? " (the default)" : "");
	}
	if ((x = b_get(v, "mode")) != NULL && b_scalar(b, x, "mode")) {
		unsigned mode = 0;
		bool ok = x->len >= 1 && x->len <= 4;
		for (size_t i = 0; ok && i < x->len; i++) {
			if (x->str[i] < '0' || x->str[i] > '7')
				ok = false;
			else
				mode = mode * 8 + (unsigned)(x->str[i] - '0');
		}
		if (!ok || mode > 0777)
			b_error(b, x->mark, "mode %s must be octal permissions such as 0660",
			    conf_quote(x->str, x->len, q, sizeof(q)));
		else {
			c->control.mode = (uint16_t)mode;
			gset(c, CG_CONTROL_MODE, x);
		}
	}
}

static void
build_log(struct bctx *b, const struct cnode *v)
{
	static const char *const keys[] = { "level" };
	static const char *const levels[] = { "err", "warning", "notice", "info", "debug" };
	const struct cnode *x;

	if (!b_is_map(b, v, "log"))
		return;
	b_check_keys(b, v, keys, 1);
	if ((x = b_get(v, "level")) != NULL) {
		int l = b_enum(b, x, "log level", levels, 5);
		if (l >= 0) {
			b->conf->log_level = (enum conf_log_level)l;
			gset(b->conf, CG_LOG_LEVEL, x);
		}
	}
}

static void
build_multipath(struct bctx *b, const struct cnode *v)
{
	static const char *const keys[] = { "ibgp", "ebgp", "as-path-relax" };
	struct conf *c = b->conf;
	const struct cnode *x;
	uint64_t u;

	if (!b_is_map(b, v, "multipath"))
		return;
	b_check_keys(b, v, keys, 3);
	if ((x = b_get(v, "ibgp")) != NULL && b_uint(b, x, "multipath ibgp", 1, CONF_MULTIPATH_MAX, &u)) {
		c->multipath.ibgp = (uint16_t)u;
		gset(c, CG_MULTIPATH_IBGP, x);
	}
	if ((x = b_get(v, "ebgp")) != NULL && b_uint(b, x, "multipath ebgp", 1, CONF_MULTIPATH_MAX, &u)) {
		c->multipath.ebgp = (uint16_t)u;
		gset(c, CG_MULTIPATH_EBGP, x);
	}
	if ((x = b_get(v, "as-path-relax")) != NULL &&
	    b_bool(b, x, "as-path-relax", &c->multipath.as_path_relax))
		gset(c, CG_MULTIPATH_RELAX, x);
}

#define FIB_TIMER_MAX 42949672u	/* the kernel keeps these in clock ticks (1/100 s) in 32 bits */

static void
build_fib(struct bctx *b, const struct cnode *v)
{
	static const char *const keys[] = { "table", "protocol", "metric", "nexthop-groups",
	    "buckets", "idle-timer", "unbalanced-timer" };
	static const char *const tables[] = { "main", "local" };
	static const char *const nhg[] = { "resilient", "hash-threshold", "none" };
	struct conf *c = b->conf;
	const struct cnode *x;
	uint64_t u;
	char q[64], msg[CONF_ERROR_LEN];

	if (!b_is_map(b, v, "fib"))
		return;
	c->fib_enabled = true;
	gset(c, CG_FIB, v);
	b_check_keys(b, v, keys, 7);
	if ((x = b_get(v, "table")) != NULL && b_scalar(b, x, "fib table")) {
		if (!strcmp(x->str, "main") || !strcmp(x->str, "local")) {
			c->fib.table = x->str[0] == 'm' ? 254 : 255;
			gset(c, CG_FIB_TABLE, x);
		} else if (x->plain && x->str[0] >= '0' && x->str[0] <= '9') {
			if (b_uint(b, x, "fib table", 1, UINT32_MAX, &u)) {
				c->fib.table = (uint32_t)u;
				gset(c, CG_FIB_TABLE, x);
			}
		} else {
			snprintf(msg, sizeof(msg), "fib table %s is not main, local or a number",
			    conf_quote(x->str, x->len, q, sizeof(q)));
			conf_suggest_text(msg, sizeof(msg), x->str, tables, 2);
			b_error(b, x->mark, "%s", msg);
		}
	}
	if ((x = b_get(v, "protocol")) != NULL && b_scalar(b, x, "fib protocol")) {
		int p = -1;
		if (x->plain && x->str[0] >= '0' && x->str[0] <= '9') {
			if (b_uint(b, x, "fib protocol", 1, 255, &u))
				p = (int)u;
		} else if ((p = conf_fib_protocol_parse(x->str)) < 0) {
			b_error(b, x->mark, "fib protocol %s is neither a number 1..255 nor a name "
			    "from iproute2's rt_protos", conf_quote(x->str, x->len, q, sizeof(q)));
		}
		if (p >= 0 && p <= 3) {
			b_error(b, x->mark, "fib protocol %d (%s) is the kernel's own; "
			    "ecmpd needs one of its own (default %d, bgp)", p,
			    conf_fib_protocol_name((uint8_t)p), CONF_DEFAULT_FIB_PROTOCOL);
		} else if (p > 0) {
			c->fib.protocol = (uint8_t)p;
			gset(c, CG_FIB_PROTOCOL, x);
		}
	}
	if ((x = b_get(v, "metric")) != NULL && b_uint(b, x, "fib metric", 0, UINT32_MAX, &u)) {
		c->fib.metric = (uint32_t)u;
		gset(c, CG_FIB_METRIC, x);
	}
	if ((x = b_get(v, "nexthop-groups")) != NULL) {
		int g = b_enum(b, x, "nexthop-groups", nhg, 3);
		if (g >= 0) {
			c->fib.nexthop_groups = (enum conf_nhgroups)g;
			gset(c, CG_FIB_NHGROUPS, x);
		}
	}
	static const struct {
		const char *key;
		enum conf_gfield f;
		uint64_t min, max;
	} res[] = {
		{ "buckets", CG_FIB_BUCKETS, 1, 65535 },
		{ "idle-timer", CG_FIB_IDLE_TIMER, 0, FIB_TIMER_MAX },
		{ "unbalanced-timer", CG_FIB_UNBALANCED_TIMER, 0, FIB_TIMER_MAX },
	};
	for (size_t i = 0; i < 3; i++) {
		if ((x = b_get(v, res[i].key)) == NULL || !b_uint(b, x, res[i].key, res[i].min, res[i].max, &u))
			continue;
		if (c->fib.nexthop_groups != CONF_NHG_RESILIENT) {
			b_error(b, x->key->mark, "%s applies only to nexthop-groups: resilient (not %s)",
			    res[i].key, conf_nhgroups_name(c->fib.nexthop_groups));
			continue;
		}
		if (i == 0)
			c->fib.buckets = (uint16_t)u;
		else if (i == 1)
			c->fib.idle_timer = (uint32_t)u;
		else
			c->fib.unbalanced_timer = (uint32_t)u;
		gset(c, res[i].f, x);
	}
}

/* ---- checks on a resolved peer ---- */

/* Keepalive against hold time, reported once, where one of the two was set. */
static void
check_timers(struct bctx *b, const struct conf_peer *p)
{
	uint32_t set = p->own | p->group | p->global;
	uint32_t here = p->own & (CF_BIT(CF_HOLD_TIME) | CF_BIT(CF_KEEPALIVE));

	if (here == 0 || !(set & CF_BIT(CF_KEEPALIVE)))
		return;
	bool ka_here = (p->own & CF_BIT(CF_KEEPALIVE)) != 0;
	struct conf_mark m = ka_here ? p->marks[CF_KEEPALIVE] : p->marks[CF_HOLD_TIME];
	char where[48] = "";
	if (!ka_here)
		snprintf(where, sizeof(where), " (keepalive at line %u)", p->marks[CF_KEEPALIVE].line);
	if (p->hold_time == 0) {
		/* an inherited keepalive just does not apply; one written here is a mistake */
		if (ka_here)
			b_error(b, m, "keepalive %u with hold-time 0: no keepalives are sent without a hold timer",
			    p->keepalive);
	} else if (p->keepalive >= p->hold_time)
		b_error(b, m, "keepalive %u must be less than hold-time %u%s",
		    p->keepalive, p->hold_time, where);
}

static void
check_rr(struct bctx *b, const struct conf_peer *p)
{
	uint32_t here = p->own & (CF_BIT(CF_RR_CLIENT) | CF_BIT(CF_AS));

	if (!p->rr_client || p->as == 0 || b->conf->as == 0 || p->as == b->conf->as || here == 0)
		return;
	struct conf_mark m = (p->own & CF_BIT(CF_RR_CLIENT)) ? p->marks[CF_RR_CLIENT] : p->marks[CF_AS];
	b_error(b, m, "route-reflector-client needs an iBGP neighbor (its as %u is not ours, %u)",
	    p->as, b->conf->as);
}

/* The local address must be of the session's family. */
static void
check_local_address(struct bctx *b, const struct conf_peer *p, int afs, struct conf_mark at)
{
	char text[64];

	if (!p->has_local_address || p->local_address.afs == afs)
		return;
	struct conf_mark m = (p->own & CF_BIT(CF_LOCAL_ADDRESS)) ? p->marks[CF_LOCAL_ADDRESS] : at;
	b_error(b, m, "local-address %s is %s, the neighbor %s",
	    conf_addr_format(&p->local_address, text, sizeof(text)),
	    p->local_address.afs == AFS_IPV4_UNICAST ? "IPv4" : "IPv6",
	    afs == AFS_IPV4_UNICAST ? "IPv4" : "IPv6");
}

/* ---- peer groups ---- */

struct group_tmp {
	struct conf_peer_group g;
	bool bad;
};

static int
group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group_tmp *)a)->g.name, ((const struct group_tmp *)b)->g.name);
}

static bool *
build_groups(struct bctx *b, const struct cnode *v)
{
	struct conf *c = b->conf;
	size_t n = cn_count(v);

	if (!b_is_map(b, v, "peer-groups") || n == 0)
		return NULL;
	struct group_tmp *t = calloc(n, sizeof(*t));
	if (t == NULL) {
		b->oom = true;
		return NULL;
	}
	size_t k = 0;
	for (const struct cnode *e = cn_first(v); e != NULL; e = cn_next(e)) {
		const struct cnode *name = e->key;
		unsigned before = b->nerr;
		bool ok = name->len > 0 && name->len <= CONF_GROUP_NAME_MAX;
		for (size_t i = 0; ok && i < name->len; i++) {
			char ch = name->str[i];
			ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		}
		if (!ok) {
			char q[64];
			b_error(b, name->mark, "peer group name %s must be 1..%d letters, digits, '-', '_' or '.'",
			    conf_quote(name->str, name->len, q, sizeof(q)), CONF_GROUP_NAME_MAX);
			continue;
		}
		struct group_tmp *g = &t[k++];
		g->g.name = b_strdup(b, name);
		g->g.mark = name->mark;
		cf_init(&g->g.peer);
		if (b_is_map(b, e, "a peer group"))
			cf_parse_map(b, e, CF_LEVEL_GROUP, &g->g.peer, NULL, 0);
		cf_inherit(&g->g.peer, &c->defaults, false);
		g->bad = b->nerr != before;
		if (!g->bad) {
			check_timers(b, &g->g.peer);
			if (g->g.peer.own & CF_BIT(CF_AS))
				check_rr(b, &g->g.peer);
		}
		cf_defaults(&g->g.peer, -1);
	}
	qsort(t, k, sizeof(*t), group_cmp);
	c->groups = b_array(b, k ? k : 1, sizeof(*c->groups));
	bool *bad = b_array(b, k ? k : 1, sizeof(bool));
	if (c->groups != NULL && bad != NULL) {
		for (size_t i = 0; i < k; i++) {
			c->groups[i] = t[i].g;
			bad[i] = t[i].bad;
		}
		c->n_groups = k;
	}
	free(t);
	return bad;
}

/* The group a neighbor or range names; NULL (reported) when unknown. */
static const struct conf_peer_group *
find_group(struct bctx *b, const struct cnode *v, const char *name, const bool *bad, bool *group_bad)
{
	const struct conf_peer_group *g = conf_group_find(b->conf, name);
	char msg[CONF_ERROR_LEN], q[64];

	if (g != NULL) {
		*group_bad = bad != NULL && bad[g - b->conf->groups];
		return g;
	}
	snprintf(msg, sizeof(msg), "unknown peer group %s",
	    conf_quote(v->str, v->len, q, sizeof(q)));
	const char **names = malloc((b->conf->n_groups + 1) * sizeof(*names));
	if (names != NULL) {
		for (size_t i = 0; i < b->conf->n_groups; i++)
			names[i] = b->conf->groups[i].name;
		conf_suggest_text(msg, sizeof(msg), name, names, b->conf->n_groups);
		free(names);
	}
	b_error(b, v->mark, "%s", msg);
	return NULL;
}

/* ---- dynamic neighbors ---- */

struct range_ref {
	const struct prefix *p;
	size_t idx;
};

static int
range_cmp(const void *a, const void *b)
{
	const struct prefix *x = ((const struct range_ref *)a)->p;
	const struct prefix *y = ((const struct range_ref *)b)->p;
	if (x->afs != y->afs)
		return x->afs < y->afs ? -1 : 1;
	int c = memcmp(x->addr, y->addr, sizeof(x->addr));
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static bool
mark_before(struct conf_mark a, struct conf_mark b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* No two ranges may overlap: a connection must belong to one range. */
static void
check_overlaps(struct bctx *b)
{
	struct conf *c = b->conf;
	struct range_ref *r;

	if (c->n_dynamic < 2)
		return;
	if ((r = malloc(c->n_dynamic * sizeof(*r))) == NULL) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < c->n_dynamic; i++) {
		r[i].p = &c->dynamic[i].prefix;
		r[i].idx = i;
	}
	/* sorted by address then length, each range follows the ranges containing it */
	qsort(r, c->n_dynamic, sizeof(*r), range_cmp);
	size_t root = 0;
	for (size_t i = 1; i < c->n_dynamic; i++) {
		if (!conf_prefix_contains(r[root].p, r[i].p)) {
			root = i;
			continue;
		}
		const struct conf_dynamic *x = &c->dynamic[r[root].idx], *y = &c->dynamic[r[i].idx];
		if (mark_before(y->mark, x->mark)) {
			const struct conf_dynamic *t = x;
			x = y;
			y = t;
		}
		struct sbuf s1, s2;
		sb_init(&s1);
		sb_init(&s2);
		prefix_print(&y->prefix, &s1);
		prefix_print(&x->prefix, &s2);
		if (prefix_equal(&x->prefix, &y->prefix))
			b_error(b, y->prefix_mark, "dynamic-neighbors range %s is listed twice (first at line %u)",
			    s1.p, x->prefix_mark.line);
		else
			b_error(b, y->prefix_mark, "dynamic-neighbors range %s overlaps %s (line %u)",
			    s1.p, s2.p, x->prefix_mark.line);
		sb_free(&s1);
		sb_free(&s2);
	}
	free(r);
}

static void
build_dynamic(struct bctx *b, const struct cnode *v, const bool *group_bad)
{
	static const char *const keys[] = { "prefix", "peer-group", "limit", "password" };
	struct conf *c = b->conf;

	if (!b_is_seq(b, v, "dynamic-neighbors"))
		return;
	size_t n = cn_count(v);
	c->dynamic = b_array(b, n ? n : 1, sizeof(*c->dynamic));
	if (c->dynamic == NULL)
		return;
	for (const struct cnode *e = cn_first(v); e != NULL; e = cn_next(e)) {
		struct conf_dynamic *d = &c->dynamic[c->n_dynamic];
		const struct cnode *x, *gv;
		const struct conf_peer_group *g = NULL;
		unsigned before = b->nerr;
		bool gbad = false;
		uint64_t u;

		if (!b_is_map(b, e, "a dynamic-neighbors entry"))
			continue;
		check_keys_hint(b, e, keys, 4, "is a setting of the range's peer group, not of the range");
		d->mark = e->mark;
		d->limit = CONF_DEFAULT_DYNAMIC_LIMIT;
		cf_init(&d->peer);
		if ((x = b_get(e, "prefix")) == NULL)
			b_missing(b, e->mark, "prefix");
		else if (b_prefix(b, x, "prefix", &d->prefix))
			d->prefix_mark = x->mark;
		if ((x = b_get(e, "limit")) != NULL && b_uint(b, x, "limit", 1, 65535, &u)) {
			d->limit = (uint32_t)u;
			d->limit_mark = x->mark;
		}
		if ((x = b_get(e, "password")) != NULL)
			cf_parse(b, &cf_table[CF_PASSWORD], x, &d->peer);
		if ((gv = b_get(e, "peer-group")) == NULL)
			b_missing(b, e->mark, "peer-group");
		else if (b_string(b, gv, "peer-group", CONF_GROUP_NAME_MAX, &d->peer.peer_group))
			g = find_group(b, gv, d->peer.peer_group, group_bad, &gbad);
		if (b->nerr != before || g == NULL)
			continue;
		d->peer.own |= CF_BIT(CF_PEER_GROUP);
		d->peer.marks[CF_PEER_GROUP] = gv->mark;
		cf_inherit(&d->peer, &g->peer, true);
		cf_defaults(&d->peer, d->prefix.afs);
		c->n_dynamic++;
		if (gbad)
			continue;
		if (d->peer.as == 0)
			b_error(b, gv->mark, "peer group '%s' has no 'as', which dynamic neighbors take from it",
			    g->name);
		check_local_address(b, &d->peer, d->prefix.afs, d->prefix_mark);
	}
	check_overlaps(b);
}

/* ---- neighbors ---- */

struct nb_ref {
	const struct conf_neighbor *n;
};

static int
nb_cmp(const void *a, const void *b)
{
	const struct conf_neighbor *x = ((const struct nb_ref *)a)->n;
	const struct conf_neighbor *y = ((const struct nb_ref *)b)->n;
	if (x->address.afs != y->address.afs)
		return x->address.afs < y->address.afs ? -1 : 1;
	int c = memcmp(x->address.addr, y->address.addr, sizeof(x->address.addr));
	if (c != 0)
		return c;
	/* equal addresses in file order */
	if (mark_before(x->mark, y->mark))
		return -1;
	return mark_before(y->mark, x->mark);
}

static void
check_duplicate_neighbors(struct bctx *b)
{
	struct conf *c = b->conf;
	struct nb_ref *r;
	char text[64];

	if (c->n_neighbors < 2)
		return;
	if ((r = malloc(c->n_neighbors * sizeof(*r))) == NULL) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < c->n_neighbors; i++)
		r[i].n = &c->neighbors[i];
	qsort(r, c->n_neighbors, sizeof(*r), nb_cmp);
	size_t first = 0;
	for (size_t i = 1; i < c->n_neighbors; i++) {
		if (!conf_addr_equal(&r[first].n->address, &r[i].n->address)) {
			first = i;
			continue;
		}
		b_error(b, r[i].n->address_mark, "duplicate neighbor %s (first at line %u)",
		    conf_addr_format(&r[i].n->address, text, sizeof(text)),
		    r[first].n->address_mark.line);
	}
	free(r);
}

static void
build_neighbors(struct bctx *b, const struct cnode *v, const bool *group_bad)
{
	static const char *const extra[] = { "address" };
	struct conf *c = b->conf;

	if (!b_is_seq(b, v, "neighbors"))
		return;
	size_t n = cn_count(v);
	c->neighbors = b_array(b, n ? n : 1, sizeof(*c->neighbors));
	if (c->neighbors == NULL)
		return;
	for (const struct cnode *e = cn_first(v); e != NULL; e = cn_next(e)) {
		struct conf_neighbor *nb = &c->neighbors[c->n_neighbors];
		const struct conf_peer_group *g = NULL;
		const struct cnode *x;
		unsigned before = b->nerr;
		bool gbad = false;

		if (!b_is_map(b, e, "a neighbor"))
			continue;
		nb->mark = e->mark;
		cf_init(&nb->peer);
		cf_parse_map(b, e, CF_LEVEL_NEIGHBOR, &nb->peer, extra, 1);
		if ((x = b_get(e, "address")) == NULL) {
			b_missing(b, e->mark, "address");
			continue;
		}
		if (!b_addr(b, x, "address", &nb->address) ||
		    !b_unicast(b, x, "neighbor address", &nb->address))
			continue;
		nb->address_mark = x->mark;
		c->n_neighbors++;
		if (nb->peer.peer_group != NULL) {
			g = find_group(b, b_get(e, "peer-group"), nb->peer.peer_group, group_bad, &gbad);
			if (g == NULL)
				continue;
			cf_inherit(&nb->peer, &g->peer, true);
		} else {
			cf_inherit(&nb->peer, &c->defaults, false);
		}
		bool check = b->nerr == before && !gbad;
		if (check) {
			check_timers(b, &nb->peer);
			if (nb->peer.as == 0) {
				if (g != NULL)
					b_error(b, e->mark, "missing key 'as' (neither the neighbor nor "
					    "its peer group '%s' sets it)", g->name);
				else
					b_missing(b, e->mark, "as");
			}
			check_rr(b, &nb->peer);
			check_local_address(b, &nb->peer, nb->address.afs, nb->address_mark);
		}
		cf_defaults(&nb->peer, nb->address.afs);
	}
	check_duplicate_neighbors(b);
}

/* ---- networks ---- */

static void
build_network(struct bctx *b, const struct cnode *e, struct conf_network *nw)
{
	static const char *const keys[] = { "prefix", "next-hop", "communities", "med", "local-pref" };
	const struct cnode *x;
	uint64_t u;
	char text[64];

	bool pfx_ok = false;

	b_check_keys(b, e, keys, 5);
	nw->mark = e->mark;
	if ((x = b_get(e, "prefix")) == NULL)
		b_missing(b, e->mark, "prefix");
	else
		pfx_ok = b_prefix(b, x, "prefix", &nw->prefix);
	if ((x = b_get(e, "next-hop")) != NULL && b_scalar(b, x, "next-hop") &&
	    strcmp(x->str, "self") != 0 && b_addr(b, x, "next-hop", &nw->next_hop) &&
	    b_unicast(b, x, "next-hop", &nw->next_hop)) {
		nw->has_next_hop = true;
		if (pfx_ok && nw->next_hop.afs != nw->prefix.afs)
			b_error(b, x->mark, "next-hop %s is %s, the prefix %s",
			    conf_addr_format(&nw->next_hop, text, sizeof(text)),
			    nw->next_hop.afs == AFS_IPV4_UNICAST ? "IPv4" : "IPv6",
			    nw->prefix.afs == AFS_IPV4_UNICAST ? "IPv4" : "IPv6");
	}
	if ((x = b_get(e, "communities")) != NULL && b_is_seq(b, x, "communities")) {
		size_t n = cn_count(x), k = 0;
		uint32_t *cs = b_array(b, n ? n : 1, sizeof(*cs));
		for (const struct cnode *ce = cn_first(x); cs != NULL && ce != NULL; ce = cn_next(ce)) {
			uint32_t v;
			if (!b_community(b, ce, &v))
				continue;
			size_t j;
			for (j = 0; j < k && cs[j] != v; j++)
				;
			if (j < k) {
				char q[64];
				b_error(b, ce->mark, "community %s is listed twice",
				    conf_quote(ce->str, ce->len, q, sizeof(q)));
				continue;
			}
			cs[k++] = v;
		}
		nw->communities = cs;
		nw->n_communities = k;
	}
	if ((x = b_get(e, "med")) != NULL && b_uint(b, x, "med", 0, UINT32_MAX, &u)) {
		nw->has_med = true;
		nw->med = (uint32_t)u;
	}
	if ((x = b_get(e, "local-pref")) != NULL && b_uint(b, x, "local-pref", 0, UINT32_MAX, &u)) {
		nw->has_local_pref = true;
		nw->local_pref = (uint32_t)u;
	}
}

static void
build_networks(struct bctx *b, const struct cnode *v)
{
	struct conf *c = b->conf;

	if (!b_is_seq(b, v, "networks"))
		return;
	size_t n = cn_count(v);
	c->networks = b_array(b, n ? n : 1, sizeof(*c->networks));
	if (c->networks == NULL)
		return;
	for (const struct cnode *e = cn_first(v); e != NULL; e = cn_next(e)) {
		struct conf_network *nw = &c->networks[c->n_networks];
		unsigned before = b->nerr;

		if (!b_is_map(b, e, "a networks entry"))
			continue;
		build_network(b, e, nw);
		if (b->nerr != before)
			continue;
		for (size_t i = 0; i < c->n_networks; i++) {
			if (prefix_equal(&c->networks[i].prefix, &nw->prefix)) {
				struct sbuf sb;
				sb_init(&sb);
				prefix_print(&nw->prefix, &sb);
				b_error(b, b_get(e, "prefix")->mark, "network %s is listed twice (first at line %u)",
				    sb.p, c->networks[i].mark.line);
				sb_free(&sb);
				break;
			}
		}
		c->n_networks++;
	}
}

/* ---- the document ---- */

static void
defaults(struct conf *c)
{
	c->control.socket = CONF_DEFAULT_SOCKET;
	c->control.mode = CONF_DEFAULT_SOCKET_MODE;
	c->log_level = CONF_LOG_INFO;
	c->multipath.ibgp = 1;
	c->multipath.ebgp = 1;
	c->fib.table = CONF_DEFAULT_FIB_TABLE;
	c->fib.protocol = CONF_DEFAULT_FIB_PROTOCOL;
	c->fib.metric = CONF_DEFAULT_FIB_METRIC;
	c->fib.nexthop_groups = CONF_NHG_RESILIENT;
	c->fib.buckets = CONF_DEFAULT_FIB_BUCKETS;
	c->fib.idle_timer = CONF_DEFAULT_FIB_IDLE_TIMER;
	c->fib.unbalanced_timer = CONF_DEFAULT_FIB_UNBALANCED_TIMER;
	cf_init(&c->defaults);
}

bool
conf_build(const struct cnode *root, struct conf *c, struct conf_arena *arena,
    struct conf_errors *errs)
{
	struct bctx bc = { c, arena, errs, 0, false };
	struct bctx *b = &bc;
	struct conf_mark top = root != NULL ? root->mark : (struct conf_mark){ 1, 1 };
	const struct cnode *x;
	bool *group_bad = NULL;

	defaults(c);
	if (root != NULL && root->type != CNODE_MAP && !cnode_is_null(root)) {
		char d[96];
		b_error(b, root->mark, "the configuration must be a map (key: value), not %s",
		    describe(root, d, sizeof(d)));
		return false;
	}
	if (root != NULL && root->type != CNODE_MAP)
		root = NULL;
	if (root != NULL)
		check_keys_hint(b, root, top_keys, N_TOP,
		    "is a neighbor setting: write it in a peer group or a neighbor");

	if ((x = b_get(root, "router-id")) == NULL)
		b_missing(b, top, "router-id");
	else if (b_ipv4(b, x, "router-id", &c->router_id))
		gset(c, CG_ROUTER_ID, x);
	if ((x = b_get(root, "as")) == NULL)
		b_missing(b, top, "as");
	else if (b_as(b, x, "as", &c->as))
		gset(c, CG_AS, x);
	c->cluster_id = c->router_id;
	if ((x = b_get(root, "cluster-id")) != NULL && b_ipv4(b, x, "cluster-id", &c->cluster_id))
		gset(c, CG_CLUSTER_ID, x);
	if ((x = b_get(root, "listen")) != NULL)
		build_listen(b, x);
	else
		default_listen(b);
	if ((x = b_get(root, "control")) != NULL)
		build_control(b, x);
	if ((x = b_get(root, "log")) != NULL)
		build_log(b, x);
	for (size_t i = 0; i < CF_COUNT; i++)
		if ((cf_table[i].levels & (1u << CF_LEVEL_GLOBAL)) &&
		    (x = b_get(root, cf_table[i].key)) != NULL)
			cf_parse(b, &cf_table[i], x, &c->defaults);
	check_timers(b, &c->defaults);
	cf_defaults(&c->defaults, -1);
	if ((x = b_get(root, "multipath")) != NULL)
		build_multipath(b, x);
	if ((x = b_get(root, "fib")) != NULL)
		build_fib(b, x);
	if ((x = b_get(root, "peer-groups")) != NULL) {
		gset(c, CG_PEER_GROUPS, x);
		group_bad = build_groups(b, x);
	}
	if ((x = b_get(root, "dynamic-neighbors")) != NULL) {
		gset(c, CG_DYNAMIC, x);
		build_dynamic(b, x, group_bad);
	}
	if ((x = b_get(root, "neighbors")) != NULL) {
		gset(c, CG_NEIGHBORS, x);
		build_neighbors(b, x, group_bad);
	}
	if ((x = b_get(root, "networks")) != NULL) {
		gset(c, CG_NETWORKS, x);
		build_networks(b, x);
	}

	/* sessions that need a listener */
	if (c->n_listen == 0 && (c->set & CG_BIT(CG_LISTEN))) {
		if (c->n_dynamic > 0)
			b_error(b, c->dynamic[0].mark,
			    "dynamic neighbors need a listener, but listen (line %u) is empty",
			    c->marks[CG_LISTEN].line);
		for (size_t i = 0; i < c->n_neighbors; i++) {
			const struct conf_neighbor *nb = &c->neighbors[i];
			if (nb->peer.passive)
				b_error(b, (nb->peer.own & CF_BIT(CF_PASSIVE)) ?
				    nb->peer.marks[CF_PASSIVE] : nb->address_mark,
				    "a passive neighbor needs a listener, but listen (line %u) is empty",
				    c->marks[CG_LISTEN].line);
		}
	}
	if (b->oom)
		conf_error_add(errs, (struct conf_mark){ 0, 0 }, "out of memory");
	return b->nerr == 0 && !b->oom;
}
