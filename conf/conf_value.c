/*
 * conf_value.c -- one YAML value into one C value, or an error that says
 * what is wrong with it: integers in a range, booleans, strings with a
 * length limit, addresses, prefixes, AS numbers, communities, words from a
 * list, and the keys a map may hold (with "did you mean").
 *
 * A value that is not accepted is reported at its mark and leaves the
 * output untouched, so the caller keeps its default and goes on.
 */
#include "conf_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors, memory, tree walking ---- */

void
b_error(struct bctx *b, struct conf_mark m, const char *fmt, ...)
{
	char msg[CONF_ERROR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	conf_error_add(b->errs, m, "%s", msg);
	b->nerr++;
}

void *
b_alloc(struct bctx *b, size_t size)
{
	void *p = carena_alloc(b->arena, size);
	if (p == NULL)
		b->oom = true;
	return p;
}

void *
b_array(struct bctx *b, size_t n, size_t size)
{
	void *p = carena_array(b->arena, n, size);
	if (p == NULL)
		b->oom = true;
	return p;
}

const char *
b_strdup(struct bctx *b, const struct cnode *n)
{
	char *s = carena_strndup(b->arena, n->str, n->len);
	if (s == NULL) {
		b->oom = true;
		return "";
	}
	return s;
}

const struct cnode *
cn_skip(const struct cnode *c)
{
	while (c != NULL && c->duplicate)
		c = c->next;
	return c;
}

const struct cnode *
cn_first(const struct cnode *n)
{
	return n != NULL && n->type != CNODE_SCALAR ? cn_skip(n->first) : NULL;
}

const struct cnode *
cn_next(const struct cnode *c)
{
	return cn_skip(c->next);
}

size_t
cn_count(const struct cnode *n)
{
	size_t k = 0;
	for (const struct cnode *c = cn_first(n); c != NULL; c = cn_next(c))
		k++;
	return k;
}

const struct cnode *
b_get(const struct cnode *map, const char *key)
{
	if (map == NULL || map->type != CNODE_MAP)
		return NULL;
	for (const struct cnode *c = cn_first(map); c != NULL; c = cn_next(c))
		if (!strcmp(c->key->str, key))
			return c;
	return NULL;
}

/* How a node looks, for "X must be Y, not Z". */
const char *
describe(const struct cnode *n, char *buf, size_t len)
{
	char q[64];

	if (n->type == CNODE_MAP)
		return "a map";
	if (n->type == CNODE_SEQ)
		return "a list";
	if (cnode_is_null(n))
		return "empty";
	conf_quote(n->str, n->len, q, sizeof(q));
	if (n->plain)
		snprintf(buf, len, "%s", q);
	else
		snprintf(buf, len, "the quoted string %s", q);
	return buf;
}

bool
b_scalar(struct bctx *b, const struct cnode *n, const char *what)
{
	char d[96];

	if (n->type == CNODE_SCALAR)
		return true;
	b_error(b, n->mark, "%s must be a single value, not %s", what, describe(n, d, sizeof(d)));
	return false;
}

bool
b_is_map(struct bctx *b, const struct cnode *n, const char *what)
{
	char d[96];

	if (n->type == CNODE_MAP || cnode_is_null(n))
		return true;
	b_error(b, n->mark, "%s must be a map (key: value), not %s", what,
	    describe(n, d, sizeof(d)));
	return false;
}

bool
b_is_seq(struct bctx *b, const struct cnode *n, const char *what)
{
	char d[96];

	if (n->type == CNODE_SEQ || cnode_is_null(n))
		return true;
	b_error(b, n->mark, "%s must be a list, not %s", what, describe(n, d, sizeof(d)));
	return false;
}

bool
b_uint(struct bctx *b, const struct cnode *n, const char *what,
    uint64_t min, uint64_t max, uint64_t *out)
{
	char d[96];
	uint64_t v = 0;
	bool digits = n->type == CNODE_SCALAR && n->len > 0;

	for (size_t i = 0; digits && i < n->len; i++)
		if (n->str[i] < '0' || n->str[i] > '9')
			digits = false;
	if (!digits || !n->plain) {
		if (digits)
			b_error(b, n->mark, "%s must be an integer, not %s (drop the quotes)",
			    what, describe(n, d, sizeof(d)));
		else if (cnode_is_null(n))
			b_error(b, n->mark, "%s has no value", what);
		else
			b_error(b, n->mark, "%s must be an integer, not %s", what,
			    describe(n, d, sizeof(d)));
		return false;
	}
	bool overflow = false;
	for (size_t i = 0; i < n->len; i++) {
		unsigned dgt = (unsigned)(n->str[i] - '0');
		if (v > (UINT64_MAX - dgt) / 10) {
			overflow = true;
			break;
		}
		v = v * 10 + dgt;
	}
	if (overflow || v < min || v > max) {
		char q[64];
		b_error(b, n->mark, "%s %s is out of range (%llu..%llu)", what,
		    n->len > 20 ? conf_quote(n->str, n->len, q, sizeof(q)) : n->str,
		    (unsigned long long)min, (unsigned long long)max);
		return false;
	}
	*out = v;
	return true;
}

bool
b_bool(struct bctx *b, const struct cnode *n, const char *what, bool *out)
{
	char d[96];

	if (n->type == CNODE_SCALAR && n->plain) {
		if (!strcmp(n->str, "true") || !strcmp(n->str, "True") || !strcmp(n->str, "TRUE")) {
			*out = true;
			return true;
		}
		if (!strcmp(n->str, "false") || !strcmp(n->str, "False") || !strcmp(n->str, "FALSE")) {
			*out = false;
			return true;
		}
	}
	if (cnode_is_null(n))
		b_error(b, n->mark, "%s has no value (true or false)", what);
	else
		b_error(b, n->mark, "%s must be true or false, not %s", what,
		    describe(n, d, sizeof(d)));
	return false;
}

bool
b_string(struct bctx *b, const struct cnode *n, const char *what, size_t max,
    const char **out)
{
	if (!b_scalar(b, n, what))
		return false;
	if (cnode_is_null(n) || n->len == 0) {
		b_error(b, n->mark, "%s has no value", what);
		return false;
	}
	if (n->len > max) {
		b_error(b, n->mark, "%s is %zu bytes long, more than %zu", what, n->len, max);
		return false;
	}
	*out = b_strdup(b, n);
	return true;
}

bool
b_addr(struct bctx *b, const struct cnode *n, const char *what, struct conf_addr *out)
{
	char q[64];

	if (!b_scalar(b, n, what))
		return false;
	if (cnode_is_null(n)) {
		b_error(b, n->mark, "%s has no value", what);
		return false;
	}
	if (!conf_addr_parse(n->str, out)) {
		b_error(b, n->mark, "%s %s is not an IP address", what,
		    conf_quote(n->str, n->len, q, sizeof(q)));
		return false;
	}
	return true;
}

bool
b_as(struct bctx *b, const struct cnode *n, const char *what, uint32_t *out)
{
	uint64_t v;

	if (!b_uint(b, n, what, 1, UINT32_MAX, &v))
		return false;
	if (v == BGP_AS_TRANS) {
		b_error(b, n->mark, "%s %u is AS_TRANS (RFC 6793), not a real AS",
		    what, BGP_AS_TRANS);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

int
b_enum(struct bctx *b, const struct cnode *n, const char *what,
    const char *const *words, size_t n_words)
{
	char msg[CONF_ERROR_LEN], q[64];

	if (!b_scalar(b, n, what))
		return -1;
	for (size_t i = 0; i < n_words; i++)
		if (!strcmp(n->str, words[i]))
			return (int)i;
	size_t used = (size_t)snprintf(msg, sizeof(msg), "%s %s is not one of", what,
	    conf_quote(n->str, n->len, q, sizeof(q)));
	for (size_t i = 0; i < n_words && used < sizeof(msg); i++)
		used += (size_t)snprintf(msg + used, sizeof(msg) - used, "%s %s",
		    i == 0 ? "" : ",", words[i]);
	conf_suggest_text(msg, sizeof(msg), n->str, words, n_words);
	b_error(b, n->mark, "%s", msg);
	return -1;
}

void
b_check_keys(struct bctx *b, const struct cnode *map, const char *const *keys, size_t n)
{
	char msg[CONF_ERROR_LEN], q[64];

	for (const struct cnode *c = cn_first(map); c != NULL; c = cn_next(c)) {
		size_t i;
		for (i = 0; i < n; i++)
			if (!strcmp(c->key->str, keys[i]))
				break;
		if (i < n)
			continue;
		snprintf(msg, sizeof(msg), "unknown key %s",
		    conf_quote(c->key->str, c->key->len, q, sizeof(q)));
		conf_suggest_text(msg, sizeof(msg), c->key->str, keys, n);
		b_error(b, c->key->mark, "%s", msg);
	}
}

/*
 * Check the keys of a map that is not a peer group or neighbor; a neighbor
 * setting written there gets its own message (hint) instead of "unknown key".
 */
void
check_keys_hint(struct bctx *b, const struct cnode *map, const char *const *known, size_t n_known,
    const char *hint)
{
	const char *keys[32 + CF_COUNT];
	size_t n = 0;

	for (size_t i = 0; i < n_known && n < 32; i++)
		keys[n++] = known[i];
	for (const struct cnode *c = cn_first(map); c != NULL; c = cn_next(c)) {
		bool is_known = false;
		for (size_t i = 0; i < n_known && !is_known; i++)
			is_known = !strcmp(c->key->str, known[i]);
		for (size_t i = 0; i < CF_COUNT && !is_known; i++) {
			const char *k = cf_table[i].parent ? cf_table[i].parent : cf_table[i].key;
			if (strcmp(c->key->str, k) != 0)
				continue;
			b_error(b, c->key->mark, "'%s' %s", k, hint);
			if (n < 32 + CF_COUNT)
				keys[n++] = c->key->str;
			break;
		}
	}
	b_check_keys(b, map, keys, n);
}

void
b_missing(struct bctx *b, struct conf_mark at, const char *key)
{
	b_error(b, at, "missing key '%s'", key);
}

/* ---- addresses and prefixes ---- */

bool
addr_is_zero(const struct conf_addr *a)
{
	static const uint8_t zero[16];
	return memcmp(a->addr, zero, afs_addr_len(a->afs)) == 0;
}

bool
addr_is_multicast(const struct conf_addr *a)
{
	return a->afs == AFS_IPV4_UNICAST ? (a->addr[0] & 0xf0) == 0xe0 : a->addr[0] == 0xff;
}

/* A unicast address a host can have: not 0.0.0.0, ::, multicast or 255.255.255.255. */
bool
b_unicast(struct bctx *b, const struct cnode *n, const char *what, const struct conf_addr *a)
{
	char text[64];
	bool bcast = a->afs == AFS_IPV4_UNICAST && a->addr[0] == 255 && a->addr[1] == 255 &&
	    a->addr[2] == 255 && a->addr[3] == 255;

	if (addr_is_zero(a) || addr_is_multicast(a) || bcast) {
		b_error(b, n->mark, "%s %s is not a unicast address", what,
		    conf_addr_format(a, text, sizeof(text)));
		return false;
	}
	return true;
}

bool
b_ipv4(struct bctx *b, const struct cnode *n, const char *what, uint32_t *out)
{
	struct conf_addr a;
	char q[64];

	if (!b_addr(b, n, what, &a))
		return false;
	if (a.afs != AFS_IPV4_UNICAST) {
		b_error(b, n->mark, "%s must be an IPv4 address (a 32-bit id), not %s", what,
		    conf_quote(n->str, n->len, q, sizeof(q)));
		return false;
	}
	uint32_t v = (uint32_t)a.addr[0] << 24 | (uint32_t)a.addr[1] << 16 |
	    (uint32_t)a.addr[2] << 8 | a.addr[3];
	if (v == 0) {
		b_error(b, n->mark, "%s must not be 0.0.0.0", what);
		return false;
	}
	*out = v;
	return true;
}

bool
b_prefix(struct bctx *b, const struct cnode *n, const char *what, struct prefix *out)
{
	char q[64], addr[64];
	struct conf_addr a;

	if (!b_scalar(b, n, what))
		return false;
	if (cnode_is_null(n)) {
		b_error(b, n->mark, "%s has no value", what);
		return false;
	}
	const char *slash = strchr(n->str, '/');
	size_t alen = slash != NULL ? (size_t)(slash - n->str) : n->len;
	if (alen >= sizeof(addr))
		alen = sizeof(addr) - 1;
	memcpy(addr, n->str, alen);
	addr[alen] = '\0';
	if (!conf_addr_parse(addr, &a)) {
		b_error(b, n->mark, "%s %s is not a prefix (address/length)", what,
		    conf_quote(n->str, n->len, q, sizeof(q)));
		return false;
	}
	unsigned max = a.afs == AFS_IPV4_UNICAST ? 32 : 128;
	if (slash == NULL) {
		b_error(b, n->mark, "%s %s has no length (write %s/%u for one address)", what,
		    conf_quote(n->str, n->len, q, sizeof(q)), addr, max);
		return false;
	}
	const char *l = slash + 1;
	unsigned len = 0;
	size_t digits = 0;
	while (l[digits] >= '0' && l[digits] <= '9' && digits < 4)
		len = len * 10 + (unsigned)(l[digits++] - '0');
	if (digits == 0 || l[digits] != '\0' || len > max) {
		b_error(b, n->mark, "%s %s: the length must be 0..%u", what,
		    conf_quote(n->str, n->len, q, sizeof(q)), max);
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->afs = a.afs;
	out->len = (uint8_t)len;
	bool host_bits = false;
	for (unsigned i = 0; i < max / 8; i++) {
		unsigned keep = len >= (i + 1) * 8 ? 8 : len > i * 8 ? len - i * 8 : 0;
		uint8_t mask = keep ? (uint8_t)(0xff << (8 - keep)) : 0;
		if (a.addr[i] & ~mask)
			host_bits = true;
		out->addr[i] = a.addr[i] & mask;
	}
	if (host_bits) {
		struct sbuf sb;
		sb_init(&sb);
		prefix_print(out, &sb);
		b_error(b, n->mark, "%s %s has host bits set (did you mean %s?)", what,
		    conf_quote(n->str, n->len, q, sizeof(q)), sb.p);
		sb_free(&sb);
		return false;
	}
	return true;
}

/* ---- communities ---- */

static const struct {
	const char *name;
	uint32_t value;
} well_known[] = {
	{ "graceful-shutdown", BGP_COMM_GRACEFUL_SHUTDOWN },
	{ "accept-own", BGP_COMM_ACCEPT_OWN },
	{ "blackhole", BGP_COMM_BLACKHOLE },
	{ "no-export", BGP_COMM_NO_EXPORT },
	{ "no-advertise", BGP_COMM_NO_ADVERTISE },
	{ "no-export-subconfed", BGP_COMM_NO_EXPORT_SUBCONFED },
	{ "no-peer", BGP_COMM_NO_PEER },
};
#define N_WELL_KNOWN (sizeof(well_known) / sizeof(well_known[0]))

const char *
conf_community_name(uint32_t c)
{
	for (size_t i = 0; i < N_WELL_KNOWN; i++)
		if (well_known[i].value == c)
			return well_known[i].name;
	return NULL;
}

bool
b_community(struct bctx *b, const struct cnode *n, uint32_t *out)
{
	char q[64], msg[CONF_ERROR_LEN];
	const char *names[N_WELL_KNOWN];

	if (!b_scalar(b, n, "community"))
		return false;
	for (size_t i = 0; i < N_WELL_KNOWN; i++) {
		names[i] = well_known[i].name;
		if (!strcmp(n->str, well_known[i].name)) {
			*out = well_known[i].value;
			return true;
		}
	}
	unsigned long part[2] = { 0, 0 };
	const char *s = n->str;
	bool ok = true;
	for (int k = 0; k < 2 && ok; k++) {
		size_t d = 0;
		while (s[d] >= '0' && s[d] <= '9' && d < 6)
			part[k] = part[k] * 10 + (unsigned long)(s[d++] - '0');
		ok = d > 0 && part[k] <= 65535 && s[d] == (k == 0 ? ':' : '\0');
		s += d + 1;
	}
	if (ok) {
		*out = (uint32_t)(part[0] << 16 | part[1]);
		return true;
	}
	snprintf(msg, sizeof(msg), "community %s is neither AS:VALUE (each 0..65535) nor a well-known name",
	    conf_quote(n->str, n->len, q, sizeof(q)));
	conf_suggest_text(msg, sizeof(msg), n->str, names, N_WELL_KNOWN);
	b_error(b, n->mark, "%s", msg);
	return false;
}
