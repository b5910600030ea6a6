/*
 * conf_fields.c -- one row per neighbor setting: its key, where it may be
 * written, how it is read, printed and compared, and whether changing it
 * resets the session. The parser, the printer and the reload diff all walk
 * this table, so a new setting is one row plus its cases below.
 */
#include "conf_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define L_GLOBAL	(1u << CF_LEVEL_GLOBAL)
#define L_GROUP		(1u << CF_LEVEL_GROUP)
#define L_NEIGHBOR	(1u << CF_LEVEL_NEIGHBOR)
#define L_PEER		(L_GROUP | L_NEIGHBOR)
#define L_ALL		(L_GLOBAL | L_GROUP | L_NEIGHBOR)

#define M(member) offsetof(struct conf_peer, member), \
	sizeof(((struct conf_peer *)0)->member)

/* A top-level key, and a key inside a parent map ("add-path.send"). */
#define ROW(f, key, member, reset, levels) \
	{ f, NULL, key, key, M(member), reset, levels }
#define SUB(f, parent, key, member, reset, levels) \
	{ f, parent, key, parent "." key, M(member), reset, levels }

/* In enum order. Rows with the same parent are adjacent: the printer groups them. */
const struct cf_desc cf_table[CF_COUNT] = {
	ROW(CF_AS, "as", as, true, L_PEER),
	ROW(CF_PEER_GROUP, "peer-group", peer_group, false, L_NEIGHBOR),
	ROW(CF_DESCRIPTION, "description", description, false, L_PEER),
	ROW(CF_PASSIVE, "passive", passive, true, L_PEER),
	ROW(CF_PORT, "port", port, true, L_PEER),
	ROW(CF_LOCAL_ADDRESS, "local-address", local_address, true, L_PEER),
	ROW(CF_PASSWORD, "password", password, true, L_PEER),
	ROW(CF_TTL_SECURITY, "ttl-security", ttl_security, true, L_PEER),
	ROW(CF_HOLD_TIME, "hold-time", hold_time, true, L_ALL),
	ROW(CF_KEEPALIVE, "keepalive", keepalive, true, L_ALL),
	ROW(CF_CONNECT_RETRY, "connect-retry", connect_retry, false, L_ALL),
	ROW(CF_RR_CLIENT, "route-reflector-client", rr_client, false, L_PEER),
	ROW(CF_NEXT_HOP_SELF, "next-hop-self", next_hop_self, false, L_PEER),
	/* reset only when sending is switched on or off (diff_needs_reset) */
	SUB(CF_ADDPATH_SEND, "add-path", "send", addpath_send, true, L_PEER),
	SUB(CF_ADDPATH_RECEIVE, "add-path", "receive", addpath_receive, true, L_PEER),
	ROW(CF_FAMILIES, "families", families, true, L_PEER),
	ROW(CF_EXT_MSG, "extended-message", ext_msg, true, L_PEER),
	SUB(CF_GR_ENABLED, "graceful-restart", "enabled", gr_enabled, true, L_PEER),
	/* reset only while graceful restart is on (diff_needs_reset) */
	SUB(CF_GR_RESTART_TIME, "graceful-restart", "restart-time", gr_restart_time, true, L_PEER),
	SUB(CF_MAX_PREFIX, "max-prefix", "limit", max_prefix, false, L_PEER),
	SUB(CF_MAX_PREFIX_RESTART, "max-prefix", "restart", max_prefix_restart, false, L_PEER),
	ROW(CF_SHUTDOWN, "shutdown", shutdown, true, L_PEER),
	ROW(CF_SHUTDOWN_MESSAGE, "shutdown-message", shutdown_message, false, L_PEER),
};

static const char *const family_words[] = { "ipv4-unicast", "ipv6-unicast" };
static const char *const addpath_words[] = { "none", "all", "multipath", "best N" };

const char *
conf_field_name(enum conf_field f)
{
	return (unsigned)f < CF_COUNT ? cf_table[f].name : "?";
}

bool
conf_field_needs_reset(enum conf_field f)
{
	return (unsigned)f < CF_COUNT && cf_table[f].reset;
}

static void *
fptr(const struct cf_desc *d, struct conf_peer *p)
{
	return (char *)p + d->off;
}

static const void *
cfptr(const struct cf_desc *d, const struct conf_peer *p)
{
	return (const char *)p + d->off;
}

static bool
is_string_field(enum conf_field f)
{
	return f == CF_PEER_GROUP || f == CF_DESCRIPTION || f == CF_PASSWORD ||
	    f == CF_SHUTDOWN_MESSAGE;
}

/* Text an operator writes: no control characters. */
static bool
text_ok(struct bctx *b, const struct cnode *v, const char *what)
{
	for (size_t i = 0; i < v->len; i++) {
		/* a NUL was reported by the YAML reader already */
		if (((unsigned char)v->str[i] < 0x20 && v->str[i] != '\0') || v->str[i] == 0x7f) {
			b_error(b, v->mark, "%s contains a control character", what);
			return false;
		}
	}
	return true;
}

static bool
parse_ttl(struct bctx *b, const struct cnode *v, uint8_t *out)
{
	bool on;
	uint64_t hops;

	if (v->type == CNODE_SCALAR && v->plain && v->str[0] >= '0' && v->str[0] <= '9') {
		if (!b_uint(b, v, "ttl-security", 1, 254, &hops))
			return false;
		*out = (uint8_t)hops;
		return true;
	}
	if (v->type == CNODE_SCALAR && v->plain &&
	    (!strcasecmp(v->str, "true") || !strcasecmp(v->str, "false"))) {
		if (!b_bool(b, v, "ttl-security", &on))
			return false;
		*out = on ? 1 : 0;
		return true;
	}
	if (b_scalar(b, v, "ttl-security")) {
		char q[64];
		b_error(b, v->mark,
		    "ttl-security must be true, false or a hop count 1..254, not %s",
		    conf_quote(v->str, v->len, q, sizeof(q)));
	}
	return false;
}

static bool
parse_addpath_send(struct bctx *b, const struct cnode *v, struct conf_addpath_send *out)
{
	char q[64], msg[CONF_ERROR_LEN];

	if (!b_scalar(b, v, "add-path send"))
		return false;
	const char *s = v->str;
	if (!strcmp(s, "none") || !strcmp(s, "all") || !strcmp(s, "multipath")) {
		out->mode = s[0] == 'n' ? CONF_ADDPATH_NONE :
		    s[0] == 'a' ? CONF_ADDPATH_ALL : CONF_ADDPATH_MULTIPATH;
		out->best = 0;
		return true;
	}
	if (!strncmp(s, "best", 4) && (s[4] == ' ' || s[4] == '\0')) {
		const char *n = s + 4;
		while (*n == ' ')
			n++;
		unsigned long val = 0;
		size_t digits = 0;
		while (n[digits] >= '0' && n[digits] <= '9' && digits < 4)
			val = val * 10 + (unsigned long)(n[digits++] - '0');
		if (digits == 0 || n[digits] != '\0' || val < 1 || val > 255) {
			b_error(b, v->mark,
			    "add-path send %s: the count after 'best' must be 1..255",
			    conf_quote(v->str, v->len, q, sizeof(q)));
			return false;
		}
		out->mode = CONF_ADDPATH_BEST;
		out->best = (uint8_t)val;
		return true;
	}
	snprintf(msg, sizeof(msg), "add-path send %s is not one of none, all, multipath, best N",
	    conf_quote(v->str, v->len, q, sizeof(q)));
	conf_suggest_text(msg, sizeof(msg), s, addpath_words, 3);
	b_error(b, v->mark, "%s", msg);
	return false;
}

static bool
parse_families(struct bctx *b, const struct cnode *v, uint8_t *out)
{
	uint8_t fam = 0;
	bool ok = true;

	if (!b_is_seq(b, v, "families"))
		return false;
	if (v->type != CNODE_SEQ || v->count == 0) {
		b_error(b, v->mark, "families must list at least one family");
		return false;
	}
	for (const struct cnode *c = v->first; c != NULL; c = c->next) {
		int i = b_enum(b, c, "family", family_words, AFS_COUNT);
		if (i < 0) {
			ok = false;
			continue;
		}
		if (fam & (1u << i)) {
			b_error(b, c->mark, "family %s is listed twice", family_words[i]);
			ok = false;
		}
		fam |= (uint8_t)(1u << i);
	}
	if (ok)
		*out = fam;
	return ok;
}

void
cf_parse(struct bctx *b, const struct cf_desc *d, const struct cnode *v,
    struct conf_peer *p)
{
	uint64_t u;
	bool ok = false;
	const char *s;

	switch (d->field) {
	case CF_AS:
		ok = b_as(b, v, "as", &p->as);
		break;
	case CF_PEER_GROUP:
		ok = b_string(b, v, "peer-group", CONF_GROUP_NAME_MAX, &p->peer_group);
		break;
	case CF_DESCRIPTION:
	case CF_SHUTDOWN_MESSAGE:
		/* RFC 9003 counts octets, so does the limit here */
		ok = b_string(b, v, d->key, CONF_TEXT_MAX, &s) && text_ok(b, v, d->key);
		if (ok)
			*(const char **)fptr(d, p) = s;
		break;
	case CF_PASSWORD:
		ok = b_string(b, v, "password", CONF_PASSWORD_MAX, &p->password);
		break;
	case CF_PASSIVE:
	case CF_RR_CLIENT:
	case CF_NEXT_HOP_SELF:
	case CF_ADDPATH_RECEIVE:
	case CF_EXT_MSG:
	case CF_GR_ENABLED:
	case CF_SHUTDOWN:
		ok = b_bool(b, v, d->name, (bool *)fptr(d, p));
		break;
	case CF_PORT:
		if ((ok = b_uint(b, v, "port", 1, 65535, &u)))
			p->port = (uint16_t)u;
		break;
	case CF_LOCAL_ADDRESS:
		ok = b_addr(b, v, "local-address", &p->local_address) &&
		    b_unicast(b, v, "local-address", &p->local_address);
		if (ok)
			p->has_local_address = true;
		break;
	case CF_TTL_SECURITY:
		ok = parse_ttl(b, v, &p->ttl_security);
		break;
	case CF_HOLD_TIME:
		if (!b_uint(b, v, "hold-time", 0, 65535, &u))
			break;
		if (u == 1 || u == 2) {
			b_error(b, v->mark,
			    "hold-time %u is not allowed: 0 (no hold timer) or 3..65535 seconds (RFC 4271)",
			    (unsigned)u);
			break;
		}
		p->hold_time = (uint16_t)u;
		ok = true;
		break;
	case CF_KEEPALIVE:
	case CF_CONNECT_RETRY:
		if ((ok = b_uint(b, v, d->key, 1, 65535, &u)))
			*(uint16_t *)fptr(d, p) = (uint16_t)u;
		break;
	case CF_ADDPATH_SEND:
		ok = parse_addpath_send(b, v, &p->addpath_send);
		break;
	case CF_FAMILIES:
		ok = parse_families(b, v, &p->families);
		break;
	case CF_GR_RESTART_TIME:
		if ((ok = b_uint(b, v, "restart-time", 0, 4095, &u)))
			p->gr_restart_time = (uint16_t)u;
		break;
	case CF_MAX_PREFIX:
		if ((ok = b_uint(b, v, "max-prefix limit", 0, UINT32_MAX, &u)))
			p->max_prefix = (uint32_t)u;
		break;
	case CF_MAX_PREFIX_RESTART:
		if ((ok = b_uint(b, v, "max-prefix restart", 0, 65535, &u)))
			p->max_prefix_restart = (uint16_t)u;
		break;
	case CF_COUNT:
		break;
	}
	if (ok) {
		p->own |= CF_BIT(d->field);
		p->marks[d->field] = v->mark;
	}
}

/* Keys allowed at a level: plain rows and the parents of nested ones, once each. */
static size_t
level_keys(enum cf_level level, const char **keys, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (!(d->levels & (1u << level)))
			continue;
		const char *k = d->parent != NULL ? d->parent : d->key;
		if (n > 0 && !strcmp(keys[n - 1], k))
			continue;
		if (n < cap)
			keys[n++] = k;
	}
	return n;
}

static void
parse_nested(struct bctx *b, const char *parent, const struct cnode *map,
    enum cf_level level, struct conf_peer *p)
{
	const char *keys[8];
	const struct cf_desc *rows[8];
	size_t n = 0;

	if (!b_is_map(b, map, parent))
		return;
	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (d->parent != NULL && !strcmp(d->parent, parent) &&
		    (d->levels & (1u << level)) && n < 8) {
			rows[n] = d;
			keys[n++] = d->key;
		}
	}
	b_check_keys(b, map, keys, n);
	for (size_t i = 0; i < n; i++) {
		const struct cnode *v = b_get(map, rows[i]->key);
		if (v != NULL)
			cf_parse(b, rows[i], v, p);
	}
}

void
cf_parse_map(struct bctx *b, const struct cnode *map, enum cf_level level,
    struct conf_peer *p, const char *const *extra_keys, size_t n_extra)
{
	const char *keys[CF_COUNT + 8];
	size_t n = level_keys(level, keys, CF_COUNT);

	for (size_t i = 0; i < n_extra && n < CF_COUNT + 8; i++)
		keys[n++] = extra_keys[i];
	if (level == CF_LEVEL_GROUP && b_get(map, "peer-group") != NULL) {
		b_error(b, b_get(map, "peer-group")->key->mark,
		    "peer groups do not nest: 'peer-group' is a neighbor setting");
		/* reported; do not report it again as unknown */
		keys[n++] = "peer-group";
	}
	b_check_keys(b, map, keys, n);
	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (!(d->levels & (1u << level)))
			continue;
		if (d->parent != NULL) {
			/* the first row of its parent parses the whole nested map */
			if (i > 0 && cf_table[i - 1].parent != NULL &&
			    !strcmp(cf_table[i - 1].parent, d->parent))
				continue;
			const struct cnode *v = b_get(map, d->parent);
			if (v != NULL)
				parse_nested(b, d->parent, v, level, p);
			continue;
		}
		const struct cnode *v = b_get(map, d->key);
		if (v != NULL)
			cf_parse(b, d, v, p);
	}
}

void
cf_inherit(struct conf_peer *dst, const struct conf_peer *src, bool from_group)
{
	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		uint32_t bit = CF_BIT(d->field);
		if ((dst->own | dst->group | dst->global) & bit)
			continue;
		if (!((src->own | src->group | src->global) & bit))
			continue;
		if (d->field == CF_PEER_GROUP)
			continue;	/* a group's own name is not inherited */
		memcpy(fptr(d, dst), cfptr(d, src), d->size);
		if (d->field == CF_LOCAL_ADDRESS)
			dst->has_local_address = src->has_local_address;
		dst->marks[d->field] = src->marks[d->field];
		if (from_group && !(src->global & bit))
			dst->group |= bit;
		else
			dst->global |= bit;
	}
}

void
cf_init(struct conf_peer *p)
{
	memset(p, 0, sizeof(*p));
	p->port = CONF_DEFAULT_PORT;
	p->hold_time = CONF_DEFAULT_HOLD_TIME;
	p->connect_retry = CONF_DEFAULT_CONNECT_RETRY;
	p->ext_msg = true;
	p->gr_restart_time = CONF_DEFAULT_GR_RESTART_TIME;
}

void
cf_defaults(struct conf_peer *p, int afs)
{
	uint32_t set = p->own | p->group | p->global;

	if (!(set & CF_BIT(CF_KEEPALIVE)))
		p->keepalive = p->hold_time / 3;
	/*
	 * A session without hold timer sends no keepalives. Only for sessions
	 * (afs >= 0): a group keeps an inherited keepalive for its neighbors
	 * that set a hold time of their own.
	 */
	if (p->hold_time == 0 && afs >= 0)
		p->keepalive = 0;
	if (!(set & CF_BIT(CF_FAMILIES)) && afs >= 0) {
		p->families = 1u << AFS_IPV4_UNICAST;
		if (afs == AFS_IPV6_UNICAST)
			p->families |= 1u << AFS_IPV6_UNICAST;
	}
}

bool
cf_present(const struct cf_desc *d, const struct conf_peer *p)
{
	switch (d->field) {
	case CF_AS:
		return p->as != 0;
	case CF_PEER_GROUP:
	case CF_DESCRIPTION:
	case CF_PASSWORD:
	case CF_SHUTDOWN_MESSAGE:
		return *(const char *const *)cfptr(d, p) != NULL;
	case CF_LOCAL_ADDRESS:
		return p->has_local_address;
	case CF_KEEPALIVE:
		return p->hold_time != 0;
	case CF_FAMILIES:
		return p->families != 0;
	default:
		return true;
	}
}

bool
cf_equal(const struct cf_desc *d, const struct conf_peer *a, const struct conf_peer *b)
{
	if (is_string_field(d->field)) {
		const char *x = *(const char *const *)cfptr(d, a);
		const char *y = *(const char *const *)cfptr(d, b);
		if (x == NULL || y == NULL)
			return x == y;
		return strcmp(x, y) == 0;
	}
	if (d->field == CF_LOCAL_ADDRESS) {
		if (a->has_local_address != b->has_local_address)
			return false;
		return !a->has_local_address ||
		    conf_addr_equal(&a->local_address, &b->local_address);
	}
	return memcmp(cfptr(d, a), cfptr(d, b), d->size) == 0;
}

void
cf_format(const struct cf_desc *d, const struct conf_peer *p, struct sbuf *sb)
{
	switch (d->field) {
	case CF_AS:
		sb_printf(sb, "%u", p->as);
		break;
	case CF_PEER_GROUP:
	case CF_DESCRIPTION:
	case CF_PASSWORD:
	case CF_SHUTDOWN_MESSAGE: {
		const char *s = *(const char *const *)cfptr(d, p);
		if (s != NULL)
			conf_print_string(sb, s);
		else
			sb_puts(sb, "none");
		break;
	}
	case CF_PASSIVE:
	case CF_RR_CLIENT:
	case CF_NEXT_HOP_SELF:
	case CF_ADDPATH_RECEIVE:
	case CF_EXT_MSG:
	case CF_GR_ENABLED:
	case CF_SHUTDOWN:
		sb_puts(sb, *(const bool *)cfptr(d, p) ? "true" : "false");
		break;
	case CF_LOCAL_ADDRESS:
		if (p->has_local_address)
			conf_print_addr(sb, &p->local_address);
		else
			sb_puts(sb, "none");
		break;
	case CF_TTL_SECURITY:
		if (p->ttl_security == 0)
			sb_puts(sb, "false");
		else
			sb_printf(sb, "%u", p->ttl_security);
		break;
	case CF_PORT:
	case CF_HOLD_TIME:
	case CF_KEEPALIVE:
	case CF_CONNECT_RETRY:
	case CF_GR_RESTART_TIME:
	case CF_MAX_PREFIX_RESTART:
		sb_printf(sb, "%u", *(const uint16_t *)cfptr(d, p));
		break;
	case CF_MAX_PREFIX:
		sb_printf(sb, "%u", p->max_prefix);
		break;
	case CF_ADDPATH_SEND:
		switch (p->addpath_send.mode) {
		case CONF_ADDPATH_ALL:
			sb_puts(sb, "all");
			break;
		case CONF_ADDPATH_MULTIPATH:
			sb_puts(sb, "multipath");
			break;
		case CONF_ADDPATH_BEST:
			sb_printf(sb, "best %u", p->addpath_send.best);
			break;
		default:
			sb_puts(sb, "none");
			break;
		}
		break;
	case CF_FAMILIES: {
		const char *sep = "";
		sb_putc(sb, '[');
		for (unsigned i = 0; i < AFS_COUNT; i++) {
			if (p->families & (1u << i)) {
				sb_printf(sb, "%s%s", sep, family_words[i]);
				sep = ", ";
			}
		}
		sb_putc(sb, ']');
		break;
	}
	case CF_COUNT:
		break;
	}
}
