/*
 * conf_print.c -- the normalised config for `ecmpd --check -v` and the
 * golden tests: every effective value (defaults and inheritance resolved),
 * in one fixed order, as YAML that reads back into an equal config.
 *
 * Order: globals in schema order, peer groups by name, then dynamic
 * ranges, neighbors and networks in file order; each entry's settings in
 * the order of the settings table (conf_fields.c). With CONF_PRINT_ORIGIN
 * a comment says where each value not written at its own level came from:
 * "default", "global" or "peer-group NAME".
 */
#include "conf_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define COMMENT_COL 40

struct pctx {
	struct sbuf *sb;
	unsigned flags;
	struct sbuf val;	/* scratch for one value */
};

/* Can s be written as a plain scalar that reads back as the same string? */
static bool
plain_ok(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no", "on", "off",
	    "null", "y", "n" };
	size_t len = strlen(s);

	if (len == 0 || s[0] == '-' || s[0] == ':' || s[len - 1] == ':' || s[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '/' || c == ':'))
			return false;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return false;
	return true;
}

void
conf_print_string(struct sbuf *sb, const char *s)
{
	if (plain_ok(s)) {
		sb_puts(sb, s);
		return;
	}
	sb_putc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* YAML folds these line breaks inside quotes: escape them (\N \L \P) */
		if (p[0] == 0xc2 && p[1] == 0x85) {
			sb_puts(sb, "\\N");
			p++;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			sb_puts(sb, p[2] == 0xa8 ? "\\L" : "\\P");
			p += 2;
		} else if (*p == '"' || *p == '\\')
			sb_printf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			sb_printf(sb, "\\x%02x", *p);
		else
			sb_putc(sb, (char)*p);
	}
	sb_putc(sb, '"');
}

void
conf_print_addr(struct sbuf *sb, const struct conf_addr *a)
{
	char text[64];
	conf_print_string(sb, conf_addr_format(a, text, sizeof(text)));
}

void
conf_print_prefix(struct sbuf *sb, const struct prefix *p)
{
	struct conf_addr a = { .afs = p->afs };
	char text[80], addr[64];

	memcpy(a.addr, p->addr, sizeof(a.addr));
	snprintf(text, sizeof(text), "%s/%u", conf_addr_format(&a, addr, sizeof(addr)), p->len);
	conf_print_string(sb, text);
}

void
conf_print_community(struct sbuf *sb, uint32_t c)
{
	const char *name = conf_community_name(c);
	if (name != NULL)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%u:%u", c >> 16, c & 0xffff);
}

/* One line: indent, optional "- ", key, value, and the origin comment. */
static void
emit(struct pctx *p, unsigned indent, bool item, const char *key, const char *value,
    const char *comment)
{
	size_t start = p->sb->len;

	for (unsigned i = 0; i < indent; i++)
		sb_putc(p->sb, ' ');
	if (item)
		sb_puts(p->sb, "- ");
	sb_puts(p->sb, key);
	sb_putc(p->sb, ':');
	if (value != NULL) {
		sb_putc(p->sb, ' ');
		sb_puts(p->sb, value);
	}
	if (comment != NULL && (p->flags & CONF_PRINT_ORIGIN)) {
		size_t w = p->sb->len - start;
		do
			sb_putc(p->sb, ' ');
		while (++w < COMMENT_COL);
		sb_printf(p->sb, "# %s", comment);
	}
	sb_putc(p->sb, '\n');
}

static const char *
val(struct pctx *p)
{
	return p->val.p;
}

static const char *
gcomment(const struct conf *c, enum conf_gfield f)
{
	return (c->set & CG_BIT(f)) ? NULL : "default";
}

static void
emit_uint(struct pctx *p, unsigned indent, const char *key, unsigned long v, const char *comment)
{
	sb_reset(&p->val);
	sb_printf(&p->val, "%lu", v);
	emit(p, indent, false, key, val(p), comment);
}

/* Where a peer's value came from, for the comment; NULL when set at this level. */
static const char *
origin(const struct conf_peer *peer, enum conf_field f, const char *group, char *buf, size_t len)
{
	uint32_t bit = CF_BIT(f);

	if (peer->own & bit)
		return NULL;
	if (peer->group & bit) {
		snprintf(buf, len, "peer-group %s", group != NULL ? group : "?");
		return buf;
	}
	if (peer->global & bit)
		return "global";
	if (f == CF_KEEPALIVE)
		return "default: hold-time / 3";
	return "default";
}

/* The settings of a peer allowed at a level, in table order, nested ones under their parent. */
static void
print_peer(struct pctx *p, const struct conf_peer *peer, enum cf_level level, unsigned indent)
{
	const char *parent = NULL;
	char buf[96];

	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (!(d->levels & (1u << level)) || !cf_present(d, peer))
			continue;
		unsigned ind = indent;
		if (d->parent != NULL) {
			if (parent == NULL || strcmp(parent, d->parent) != 0)
				emit(p, indent, false, d->parent, NULL, NULL);
			parent = d->parent;
			ind += 2;
		} else {
			parent = NULL;
		}
		sb_reset(&p->val);
		cf_format(d, peer, &p->val);
		emit(p, ind, false, d->key, val(p),
		    origin(peer, d->field, peer->peer_group, buf, sizeof(buf)));
	}
}

static void
print_globals(struct pctx *p, const struct conf *c)
{
	char text[64];

	snprintf(text, sizeof(text), "%u.%u.%u.%u", c->router_id >> 24, (c->router_id >> 16) & 0xff,
	    (c->router_id >> 8) & 0xff, c->router_id & 0xff);
	emit(p, 0, false, "router-id", text, NULL);
	emit_uint(p, 0, "as", c->as, NULL);
	snprintf(text, sizeof(text), "%u.%u.%u.%u", c->cluster_id >> 24, (c->cluster_id >> 16) & 0xff,
	    (c->cluster_id >> 8) & 0xff, c->cluster_id & 0xff);
	emit(p, 0, false, "cluster-id", text,
	    (c->set & CG_BIT(CG_CLUSTER_ID)) ? NULL : "default: router-id");

	emit(p, 0, false, "listen", c->n_listen == 0 ? "[]" : NULL, gcomment(c, CG_LISTEN));
	for (size_t i = 0; i < c->n_listen; i++) {
		sb_reset(&p->val);
		conf_print_addr(&p->val, &c->listen[i].address);
		emit(p, 2, true, "address", val(p), NULL);
		emit_uint(p, 4, "port", c->listen[i].port, NULL);
	}

	emit(p, 0, false, "control", NULL, NULL);
	sb_reset(&p->val);
	conf_print_string(&p->val, c->control.socket);
	emit(p, 2, false, "socket", val(p), gcomment(c, CG_CONTROL_SOCKET));
	if (c->control.readonly_socket != NULL) {
		sb_reset(&p->val);
		conf_print_string(&p->val, c->control.readonly_socket);
		emit(p, 2, false, "readonly-socket", val(p), NULL);
	}
	snprintf(text, sizeof(text), "%04o", c->control.mode);
	emit(p, 2, false, "mode", text, gcomment(c, CG_CONTROL_MODE));

	emit(p, 0, false, "log", NULL, NULL);
	emit(p, 2, false, "level", conf_log_level_name(c->log_level), gcomment(c, CG_LOG_LEVEL));

	print_peer(p, &c->defaults, CF_LEVEL_GLOBAL, 0);

	emit(p, 0, false, "multipath", NULL, NULL);
	emit_uint(p, 2, "ibgp", c->multipath.ibgp, gcomment(c, CG_MULTIPATH_IBGP));
	emit_uint(p, 2, "ebgp", c->multipath.ebgp, gcomment(c, CG_MULTIPATH_EBGP));
	emit(p, 2, false, "as-path-relax", c->multipath.as_path_relax ? "true" : "false",
	    gcomment(c, CG_MULTIPATH_RELAX));

	if (!c->fib_enabled) {
		sb_puts(p->sb, "# no fib section: routes are not installed in the kernel\n");
		return;
	}
	emit(p, 0, false, "fib", NULL, NULL);
	const char *table = conf_fib_table_name(c->fib.table);
	if (table != NULL)
		emit(p, 2, false, "table", table, gcomment(c, CG_FIB_TABLE));
	else
		emit_uint(p, 2, "table", c->fib.table, gcomment(c, CG_FIB_TABLE));
	const char *proto = conf_fib_protocol_name(c->fib.protocol);
	if (proto != NULL)
		emit(p, 2, false, "protocol", proto, gcomment(c, CG_FIB_PROTOCOL));
	else
		emit_uint(p, 2, "protocol", c->fib.protocol, gcomment(c, CG_FIB_PROTOCOL));
	emit_uint(p, 2, "metric", c->fib.metric, gcomment(c, CG_FIB_METRIC));
	emit(p, 2, false, "nexthop-groups", conf_nhgroups_name(c->fib.nexthop_groups),
	    gcomment(c, CG_FIB_NHGROUPS));
	if (c->fib.nexthop_groups == CONF_NHG_RESILIENT) {
		emit_uint(p, 2, "buckets", c->fib.buckets, gcomment(c, CG_FIB_BUCKETS));
		emit_uint(p, 2, "idle-timer", c->fib.idle_timer, gcomment(c, CG_FIB_IDLE_TIMER));
		emit_uint(p, 2, "unbalanced-timer", c->fib.unbalanced_timer,
		    gcomment(c, CG_FIB_UNBALANCED_TIMER));
	}
}

static void
print_lists(struct pctx *p, const struct conf *c)
{
	emit(p, 0, false, "peer-groups", c->n_groups == 0 ? "{}" : NULL, NULL);
	for (size_t i = 0; i < c->n_groups; i++) {
		const struct conf_peer_group *g = &c->groups[i];
		sb_reset(&p->val);
		conf_print_string(&p->val, g->name);
		/* the name is a key: copy it out of the scratch buffer */
		char name[CONF_GROUP_NAME_MAX + 8];
		snprintf(name, sizeof(name), "%s", val(p));
		emit(p, 2, false, name, NULL, NULL);
		print_peer(p, &g->peer, CF_LEVEL_GROUP, 4);
	}

	emit(p, 0, false, "dynamic-neighbors", c->n_dynamic == 0 ? "[]" : NULL, NULL);
	for (size_t i = 0; i < c->n_dynamic; i++) {
		const struct conf_dynamic *d = &c->dynamic[i];
		sb_reset(&p->val);
		conf_print_prefix(&p->val, &d->prefix);
		emit(p, 2, true, "prefix", val(p), NULL);
		sb_reset(&p->val);
		conf_print_string(&p->val, d->peer.peer_group);
		emit(p, 4, false, "peer-group", val(p), NULL);
		emit_uint(p, 4, "limit", d->limit, d->limit_mark.line ? NULL : "default");
		if (d->peer.own & CF_BIT(CF_PASSWORD)) {
			sb_reset(&p->val);
			conf_print_string(&p->val, d->peer.password);
			emit(p, 4, false, "password", val(p), NULL);
		}
	}

	emit(p, 0, false, "neighbors", c->n_neighbors == 0 ? "[]" : NULL, NULL);
	for (size_t i = 0; i < c->n_neighbors; i++) {
		const struct conf_neighbor *n = &c->neighbors[i];
		sb_reset(&p->val);
		conf_print_addr(&p->val, &n->address);
		emit(p, 2, true, "address", val(p), NULL);
		print_peer(p, &n->peer, CF_LEVEL_NEIGHBOR, 4);
	}

	emit(p, 0, false, "networks", c->n_networks == 0 ? "[]" : NULL, NULL);
	for (size_t i = 0; i < c->n_networks; i++) {
		const struct conf_network *nw = &c->networks[i];
		sb_reset(&p->val);
		conf_print_prefix(&p->val, &nw->prefix);
		emit(p, 2, true, "prefix", val(p), NULL);
		sb_reset(&p->val);
		if (nw->has_next_hop)
			conf_print_addr(&p->val, &nw->next_hop);
		else
			sb_puts(&p->val, "self");
		emit(p, 4, false, "next-hop", val(p), nw->has_next_hop ? NULL : "default");
		sb_reset(&p->val);
		sb_putc(&p->val, '[');
		for (size_t k = 0; k < nw->n_communities; k++) {
			if (k > 0)
				sb_puts(&p->val, ", ");
			conf_print_community(&p->val, nw->communities[k]);
		}
		sb_putc(&p->val, ']');
		emit(p, 4, false, "communities", val(p), NULL);
		if (nw->has_med)
			emit_uint(p, 4, "med", nw->med, NULL);
		if (nw->has_local_pref)
			emit_uint(p, 4, "local-pref", nw->local_pref, NULL);
	}
}

void
conf_print(const struct conf *conf, struct sbuf *sb, unsigned flags)
{
	struct pctx p = { sb, flags, { 0 } };

	sb_init(&p.val);
	print_globals(&p, conf);
	print_lists(&p, conf);
	sb_free(&p.val);
}
