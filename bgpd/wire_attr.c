/*
 * wire_attr.c -- BGP path attributes: one descriptor row per attribute.
 *
 * The table below is the whole policy: for each attribute type its name,
 * the Optional/Transitive flags it must carry, the value length rule, the
 * RFC 7606 action and NOTIFICATION subcode when it is malformed, and the
 * functions that decode, encode, print and compare it. wire_attrs_decode(),
 * wire_attrs_encode(), wire_attrs_print() and wire_attrs_equal() only walk
 * the table; the table is indexed by type code, so no search per attribute.
 *
 * References: RFC 4271 §4.3, §5, §6.3 (attributes and their errors),
 * RFC 7606 (revised error handling), RFC 6793 (4-octet ASNs: AS4_PATH,
 * AS4_AGGREGATOR), RFC 4760 (MP_REACH_NLRI / MP_UNREACH_NLRI), RFC 5065
 * (confederation segments), RFC 1997 (communities), RFC 4456 (route
 * reflection), RFC 4360 (extended communities), RFC 8092 (large
 * communities), RFC 9234 (OTC).
 *
 * Pure code: no I/O, no logging, no allocation. What decoding builds (AS
 * paths widened to 4-octet ASNs, the AS_PATH/AS4_PATH merge, re-flagged
 * unknown attributes) goes into the caller's scratch arena. An arena of
 * 4 x the attribute section length (+ 16 for alignment) always suffices;
 * on as4 sessions without unknown transitive attributes nothing is
 * allocated at all (the 4-octet AS_PATH on the wire already is the stored
 * form and is referenced in place). Should the arena run out anyway the
 * decoder gives up with Cease / Out of Resources (session reset): that is
 * our shortcoming, not a malformed message.
 */
#include "wire.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define F_O	BGP_ATTR_F_OPTIONAL
#define F_T	BGP_ATTR_F_TRANSITIVE
#define F_P	BGP_ATTR_F_PARTIAL
#define F_E	BGP_ATTR_F_EXTLEN

#define ATTR_TABLE_SIZE	64	/* every known type is below 64 (ATTR_BIT) */
#define LEN_ANY		0xffff

/* ---- decoder state ---- */

struct attr_dec {
	const struct wire_ctx *ctx;
	struct arena *arena;
	struct wire_attrs *a;
	enum wire_action *verdict;
	struct wire_err *err;
	const uint8_t *end;		/* end of the attribute section */
	const uint8_t *attr;		/* the attribute at hand, flags octet first */
	size_t attr_len;		/* its whole length, header included */
	/* set by a decode function returning DEC_BAD */
	const char *why;
	uint8_t bad_subcode;		/* 0: the row's err_subcode */
	/* RFC 6793 material, folded in after the last attribute */
	bool have_as4_path;
	bool have_as4_agg;
	struct wire_bytes as4_path;	/* confederation segments removed */
	uint32_t as4_agg_as;
	uint32_t as4_agg_id;
	/* the unknown optional transitive attributes, kept in type order */
	uint8_t *unknown;
	size_t unknown_cap;
};

enum dec_res {
	DEC_OK,		/* decoded: mark the attribute present */
	DEC_BAD,	/* malformed: apply the row's action with d->why */
	DEC_HELD,	/* consumed but not marked present (AS4_* kept aside) */
	DEC_FAIL,	/* the decoder raised a session reset itself: stop */
};

struct attr_row;
typedef enum dec_res (*attr_decode_fn)(struct attr_dec *d,
    const struct attr_row *r, const uint8_t *v, size_t len);
typedef bool (*attr_encode_fn)(const struct attr_row *r,
    const struct wire_attrs *a, const struct wire_ctx *ctx, struct wbuf *wb);
typedef void (*attr_print_fn)(const struct attr_row *r,
    const struct wire_attrs *a, struct sbuf *sb);
typedef bool (*attr_equal_fn)(const struct attr_row *r,
    const struct wire_attrs *x, const struct wire_attrs *y);

/* rules: when an attribute is dropped before it is even looked at */
#define RULE_IBGP_ONLY		0x01	/* from an external peer: attribute discard (RFC 7606 §7.5) */
#define RULE_OLD_SESSION_ONLY	0x02	/* on an as4 session: silently ignored (RFC 6793 §4.1) */

struct attr_row {
	struct wire_attr_desc d;	/* the public part: type, name, flags, action, subcode */
	const char *keyword;		/* in printed output */
	uint16_t len_min;		/* value length rule; breaking it is an */
	uint16_t len_max;		/* Attribute Length Error handled by the */
	uint8_t len_mult;		/* row's action (0: any multiple) */
	uint8_t rules;
	uint16_t field;			/* offsetof the member the generic functions use */
	attr_decode_fn decode;
	attr_encode_fn encode;
	attr_print_fn print;
	attr_equal_fn equal;
};

/* ---- small helpers ---- */

static inline bool
bytes_equal(struct wire_bytes x, struct wire_bytes y)
{
	return x.len == y.len && (x.len == 0 || memcmp(x.p, y.p, x.len) == 0);
}

static inline uint32_t *
field_u32(const struct attr_row *r, struct wire_attrs *a)
{
	return (uint32_t *)(void *)((uint8_t *)a + r->field);
}

static inline const uint32_t *
cfield_u32(const struct attr_row *r, const struct wire_attrs *a)
{
	return (const uint32_t *)(const void *)((const uint8_t *)a + r->field);
}

static inline struct wire_bytes *
field_bytes(const struct attr_row *r, struct wire_attrs *a)
{
	return (struct wire_bytes *)(void *)((uint8_t *)a + r->field);
}

static inline const struct wire_bytes *
cfield_bytes(const struct attr_row *r, const struct wire_attrs *a)
{
	return (const struct wire_bytes *)(const void *)((const uint8_t *)a + r->field);
}

/*
 * Record an error in the verdict: the strongest action wins, and of equal
 * strength the first one keeps its reason. Returns false for a session
 * reset (parsing stops).
 */
static bool __attribute__((format(printf, 6, 7)))
note_err(struct attr_dec *d, enum wire_action act, uint8_t subcode,
    const uint8_t *data, size_t data_len, const char *fmt, ...)
{
	if (act > *d->verdict) {
		va_list ap;
		struct wire_err *e = d->err;

		*d->verdict = act;
		e->code = BGP_ERR_UPDATE;
		e->subcode = subcode;
		e->action = act;
		e->data = NULL;
		e->data_len = 0;
		if (data != NULL)
			wire_err_set_data(e, data, data_len);
		va_start(ap, fmt);
		vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
		va_end(ap);
	}
	return act != WIRE_SESSION_RESET;
}

/* An error from another decoder (wire_nlri_check): always a session reset. */
static void
raise_err(struct attr_dec *d, const char *where, const struct wire_err *e)
{
	/* copying is fine: data == NULL means "in own[]", which is copied too */
	*d->err = *e;
	d->err->action = WIRE_SESSION_RESET;
	snprintf(d->err->reason, sizeof(d->err->reason), "%.24s: %.130s", where,
	    e->reason);
	*d->verdict = WIRE_SESSION_RESET;
}

static uint8_t *
dec_alloc(struct attr_dec *d, size_t n)
{
	uint8_t *q = arena_alloc(d->arena, n);
	if (q == NULL) {
		note_err(d, WIRE_SESSION_RESET, 0, NULL, 0,
		    "scratch arena full (%zu of %zu octets used, %zu more wanted)",
		    d->arena->used, d->arena->cap, n);
		d->err->code = BGP_ERR_CEASE;
		d->err->subcode = BGP_CEASE_OUT_OF_RESOURCES;
	}
	return q;
}

static void
print_ipv4(struct sbuf *sb, const uint8_t *p)
{
	sb_printf(sb, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

static void
print_ipv4_u32(struct sbuf *sb, uint32_t v)
{
	uint8_t b[4];
	put_u32(b, v);
	print_ipv4(sb, b);
}

static void
print_ipv6(struct sbuf *sb, const uint8_t *p)
{
	char text[INET6_ADDRSTRLEN];
	if (inet_ntop(AF_INET6, p, text, sizeof(text)) != NULL)
		sb_puts(sb, text);
	else
		sb_hex(sb, p, 16);
}

/* Write an attribute header; Extended Length only when the value needs it. */
static bool
put_hdr(struct wbuf *wb, uint8_t flags, uint8_t type, size_t vlen)
{
	if (vlen > UINT16_MAX) {
		wb->overflow = true;
		return false;
	}
	flags &= (uint8_t)~(F_E | 0x0f);
	if (vlen > 255) {
		uint8_t *q = wb_reserve(wb, 4);
		if (q == NULL)
			return false;
		q[0] = flags | F_E;
		q[1] = type;
		put_u16(q + 2, (uint16_t)vlen);
		return true;
	}
	uint8_t *q = wb_reserve(wb, 3);
	if (q == NULL)
		return false;
	q[0] = flags;
	q[1] = type;
	q[2] = (uint8_t)vlen;
	return true;
}

static bool
put_attr(struct wbuf *wb, uint8_t flags, uint8_t type, const void *v,
    size_t vlen)
{
	return put_hdr(wb, flags, type, vlen) && wb_put(wb, v, vlen);
}

/* ---- AS path segments ---- */

/* Iterate {type, count, count x asn_size octets} segments, bounded. */
struct seg_iter {
	const uint8_t *p;
	const uint8_t *end;
	unsigned asn_size;
};

struct seg {
	uint8_t type;
	uint8_t count;
	const uint8_t *asns;
};

static inline struct seg_iter
seg_iter(const uint8_t *p, size_t len, unsigned asn_size)
{
	struct seg_iter it = { p, len > 0 ? p + len : p, asn_size };	/* p may be NULL */
	return it;
}

static inline bool
seg_next(struct seg_iter *it, struct seg *s)
{
	if (it->end - it->p < 2)
		return false;
	size_t n = (size_t)it->p[1] * it->asn_size;
	if ((size_t)(it->end - it->p - 2) < n)
		return false;
	s->type = it->p[0];
	s->count = it->p[1];
	s->asns = it->p + 2;
	it->p += 2 + n;
	return true;
}

static inline bool
seg_confed(uint8_t type)
{
	return type == BGP_AS_CONFED_SEQUENCE || type == BGP_AS_CONFED_SET;
}

/* RFC 4271 §9.1.2.2 path length of one segment (RFC 5065: confed counts 0). */
static inline unsigned
seg_length(const struct seg *s)
{
	if (s->type == BGP_AS_SEQUENCE)
		return s->count;
	if (s->type == BGP_AS_SET)
		return 1;
	return 0;
}

struct path_shape {
	size_t nasn;		/* ASNs in all segments */
	bool confed;		/* a confederation segment is present */
};

/* Check a received path of asn_size-octet ASNs; NULL when well formed. */
static const char *
aspath_check(const uint8_t *v, size_t len, unsigned asn_size,
    struct path_shape *sh)
{
	size_t off = 0;

	sh->nasn = 0;
	sh->confed = false;
	while (off < len) {
		if (len - off < 2)
			return "segment header cut short";
		uint8_t type = v[off], count = v[off + 1];
		if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET)
			return "unknown segment type";
		if (count == 0)
			return "empty segment";
		if ((size_t)count * asn_size > len - off - 2)
			return "segment overruns the attribute";
		sh->nasn += count;
		sh->confed |= seg_confed(type);
		off += 2 + (size_t)count * asn_size;
	}
	return NULL;
}

unsigned
wire_aspath_length(struct wire_bytes path)
{
	struct seg_iter it = seg_iter(path.p, path.len, 4);
	struct seg s;
	unsigned n = 0;

	while (seg_next(&it, &s))
		n += seg_length(&s);
	return n;
}

/* The leftmost AS of the first AS_SEQUENCE, leading confederation segments skipped. */
bool
wire_aspath_first_as(struct wire_bytes path, uint32_t *as)
{
	struct seg_iter it = seg_iter(path.p, path.len, 4);
	struct seg s;

	while (seg_next(&it, &s)) {
		if (seg_confed(s.type))
			continue;
		if (s.type != BGP_AS_SEQUENCE)
			return false;
		*as = get_u32(s.asns);
		return true;
	}
	return false;
}

void
wire_aspath_print(struct wire_bytes path, struct sbuf *sb)
{
	struct seg_iter it = seg_iter(path.p, path.len, 4);
	struct seg s;
	bool first = true;

	while (seg_next(&it, &s)) {
		const char *open = "", *close = "";
		switch (s.type) {
		case BGP_AS_SET:
			open = "{";
			close = "}";
			break;
		case BGP_AS_CONFED_SEQUENCE:
			open = "(";
			close = ")";
			break;
		case BGP_AS_CONFED_SET:
			open = "[";
			close = "]";
			break;
		}
		if (!first)
			sb_putc(sb, ' ');
		first = false;
		sb_puts(sb, open);
		for (unsigned i = 0; i < s.count; i++)
			sb_printf(sb, i ? " %u" : "%u", get_u32(s.asns + 4 * i));
		sb_puts(sb, close);
	}
}

/* ---- communities ---- */

static const struct {
	uint32_t value;
	const char *name;
} well_known_communities[] = {
	{ BGP_COMM_GRACEFUL_SHUTDOWN, "graceful-shutdown" },
	{ BGP_COMM_ACCEPT_OWN, "accept-own" },
	{ BGP_COMM_BLACKHOLE, "blackhole" },
	{ BGP_COMM_NO_EXPORT, "no-export" },
	{ BGP_COMM_NO_ADVERTISE, "no-advertise" },
	{ BGP_COMM_NO_EXPORT_SUBCONFED, "no-export-subconfed" },
	{ BGP_COMM_NO_PEER, "no-peer" },
};

void
wire_community_print(uint32_t c, struct sbuf *sb)
{
	for (size_t i = 0; i < sizeof(well_known_communities) /
	    sizeof(well_known_communities[0]); i++) {
		if (well_known_communities[i].value == c) {
			sb_puts(sb, well_known_communities[i].name);
			return;
		}
	}
	sb_printf(sb, "%u:%u", c >> 16, c & 0xffff);
}

/* RFC 4360 §4-5, RFC 5668: route target and route origin in their three forms. */
static void
ext_community_print(const uint8_t *e, struct sbuf *sb)
{
	uint8_t type = e[0], sub = e[1];
	const char *kind = sub == 0x02 ? "rt" : sub == 0x03 ? "soo" : NULL;

	if (kind != NULL) {
		switch (type) {
		case 0x00:	/* 2-octet AS specific */
			sb_printf(sb, "%s %u:%u", kind, get_u16(e + 2), get_u32(e + 4));
			return;
		case 0x01:	/* IPv4 address specific */
			sb_printf(sb, "%s ", kind);
			print_ipv4(sb, e + 2);
			sb_printf(sb, ":%u", get_u16(e + 6));
			return;
		case 0x02:	/* 4-octet AS specific */
			sb_printf(sb, "%s %u:%u", kind, get_u32(e + 2), get_u16(e + 6));
			return;
		}
	}
	sb_puts(sb, "0x");
	sb_hex(sb, e, 8);
}

/*
 * The row functions share one signature per column; not every attribute
 * needs every argument.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* ---- generic row functions: fixed 32-bit values and byte runs ---- */

static enum dec_res
dec_u32(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	*field_u32(r, d->a) = get_u32(v);
	return DEC_OK;
}

static bool
enc_u32(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	uint8_t v[4];
	if (!wire_attr_has(a, r->d.type))
		return true;
	put_u32(v, *cfield_u32(r, a));
	return put_attr(wb, r->d.flags, r->d.type, v, 4);
}

static void
print_u32(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s %u\n", r->keyword, *cfield_u32(r, a));
}

static void
print_u32_ip(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s ", r->keyword);
	print_ipv4_u32(sb, *cfield_u32(r, a));
	sb_putc(sb, '\n');
}

static bool
equal_u32(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return *cfield_u32(r, x) == *cfield_u32(r, y);
}

/* a run of fixed-size items, its length already checked against the row */
static enum dec_res
dec_bytes(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	struct wire_bytes *b = field_bytes(r, d->a);
	b->p = v;
	b->len = (uint32_t)len;
	return DEC_OK;
}

static bool
enc_bytes(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	const struct wire_bytes *b = cfield_bytes(r, a);
	if (!wire_attr_has(a, r->d.type))
		return true;
	return put_attr(wb, r->d.flags, r->d.type, b->p, b->len);
}

static bool
equal_bytes(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return bytes_equal(*cfield_bytes(r, x), *cfield_bytes(r, y));
}

static void
print_communities(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s", r->keyword);
	for (uint32_t i = 0; i + 4 <= a->communities.len; i += 4) {
		sb_putc(sb, ' ');
		wire_community_print(get_u32(a->communities.p + i), sb);
	}
	sb_putc(sb, '\n');
}

static void
print_cluster_list(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s", r->keyword);
	for (uint32_t i = 0; i + 4 <= a->cluster_list.len; i += 4) {
		sb_putc(sb, ' ');
		print_ipv4(sb, a->cluster_list.p + i);
	}
	sb_putc(sb, '\n');
}

static void
print_ext_communities(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s", r->keyword);
	for (uint32_t i = 0; i + 8 <= a->ext_communities.len; i += 8) {
		sb_putc(sb, ' ');
		ext_community_print(a->ext_communities.p + i, sb);
	}
	sb_putc(sb, '\n');
}

static void
print_large_communities(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	const uint8_t *p = a->large_communities.p;
	sb_printf(sb, "  %s", r->keyword);
	for (uint32_t i = 0; i + 12 <= a->large_communities.len; i += 12)
		sb_printf(sb, " %u:%u:%u", get_u32(p + i), get_u32(p + i + 4),
		    get_u32(p + i + 8));
	sb_putc(sb, '\n');
}

/* ---- ORIGIN ---- */

static enum dec_res
dec_origin(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	if (v[0] > BGP_ORIGIN_INCOMPLETE) {
		d->why = "value is not IGP, EGP or INCOMPLETE";
		return DEC_BAD;
	}
	d->a->origin = v[0];
	return DEC_OK;
}

static bool
enc_origin(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	if (!wire_attr_has(a, r->d.type))
		return true;
	return put_attr(wb, r->d.flags, r->d.type, &a->origin, 1);
}

static void
print_origin(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	static const char *const names[] = { "igp", "egp", "incomplete" };
	if (a->origin <= BGP_ORIGIN_INCOMPLETE)
		sb_printf(sb, "  %s %s\n", r->keyword, names[a->origin]);
	else
		sb_printf(sb, "  %s %u\n", r->keyword, a->origin);
}

static bool
equal_origin(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return x->origin == y->origin;
}

/* ---- AS_PATH and AS4_PATH ---- */

static enum dec_res
dec_as_path(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	unsigned asn_size = d->ctx->as4 ? 4 : 2;
	struct path_shape sh;

	d->why = aspath_check(v, len, asn_size, &sh);
	if (d->why != NULL)
		return DEC_BAD;
	if (asn_size == 4 || len == 0) {
		/* the 4-octet wire form is the stored form: no copy */
		d->a->as_path.p = v;
		d->a->as_path.len = (uint32_t)len;
		return DEC_OK;
	}
	size_t out_len = len + 2 * sh.nasn;
	uint8_t *out = dec_alloc(d, out_len), *q = out;
	if (out == NULL)
		return DEC_FAIL;
	struct seg_iter it = seg_iter(v, len, 2);
	struct seg s;
	while (seg_next(&it, &s)) {
		*q++ = s.type;
		*q++ = s.count;
		for (unsigned i = 0; i < s.count; i++, q += 4)
			put_u32(q, get_u16(s.asns + 2 * i));
	}
	d->a->as_path.p = out;
	d->a->as_path.len = (uint32_t)out_len;
	return DEC_OK;
}

/*
 * AS4_PATH (2-octet sessions only; the row rule drops it on as4 sessions).
 * Confederation segments must not appear in it: they are discarded and the
 * rest kept (RFC 6793 §6); anything else malformed discards the attribute.
 */
static enum dec_res
dec_as4_path(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	struct path_shape sh;

	d->why = aspath_check(v, len, 4, &sh);
	if (d->why != NULL)
		return DEC_BAD;
	d->as4_path.p = v;
	d->as4_path.len = (uint32_t)len;
	if (sh.confed) {
		uint8_t *out = dec_alloc(d, len), *q = out;
		if (out == NULL)
			return DEC_FAIL;
		struct seg_iter it = seg_iter(v, len, 4);
		struct seg s;
		while (seg_next(&it, &s)) {
			if (seg_confed(s.type))
				continue;
			size_t n = 2 + 4 * (size_t)s.count;
			memcpy(q, s.asns - 2, n);
			q += n;
		}
		d->as4_path.p = out;
		d->as4_path.len = (uint32_t)(q - out);
		note_err(d, WIRE_ATTR_DISCARD, r->d.err_subcode, d->attr, d->attr_len,
		    "%s: confederation segments discarded", r->d.name);
	}
	d->have_as4_path = true;
	return DEC_HELD;
}

/*
 * RFC 6793 §4.2.3: rebuild the path from AS_PATH and AS4_PATH. When AS_PATH
 * holds fewer ASNs than AS4_PATH, AS4_PATH is ignored; otherwise the result
 * is the leading (n2 - n4) ASNs of AS_PATH, segment structure kept and the
 * last segment taken cut if need be, followed by AS4_PATH. Leading
 * confederation segments of AS_PATH count 0 and are kept.
 */
static bool
aspath_merge(struct attr_dec *d)
{
	struct wire_bytes p2 = d->a->as_path, p4 = d->as4_path;
	unsigned n2 = wire_aspath_length(p2), n4 = wire_aspath_length(p4);

	if (n2 < n4 || p2.len == 0 || p4.len == 0)
		return true;	/* AS4_PATH ignored, or nothing to change */
	unsigned need = n2 - n4;
	uint8_t *out = dec_alloc(d, (size_t)p2.len + p4.len), *q = out;
	if (out == NULL)
		return false;
	struct seg_iter it = seg_iter(p2.p, p2.len, 4);
	struct seg s;
	while (seg_next(&it, &s)) {
		unsigned take = s.count;
		if (!seg_confed(s.type)) {
			if (need == 0)
				break;
			if (s.type == BGP_AS_SEQUENCE && take > need)
				take = need;
			need -= s.type == BGP_AS_SEQUENCE ? take : 1;
		}
		*q++ = s.type;
		*q++ = (uint8_t)take;
		memcpy(q, s.asns, 4 * (size_t)take);
		q += 4 * (size_t)take;
		if (take < s.count)
			break;
	}
	if (p4.len > 0)
		memcpy(q, p4.p, p4.len);
	q += p4.len;
	d->a->as_path.p = out;
	d->a->as_path.len = (uint32_t)(q - out);
	return true;
}

/* Sum of the AS_PATH value lengths for 2-octet ASNs, and whether AS4_PATH is needed. */
static size_t
aspath2_len(struct wire_bytes path, bool *need_as4, size_t *as4_len)
{
	struct seg_iter it = seg_iter(path.p, path.len, 4);
	struct seg s;
	size_t n = 0;

	*need_as4 = false;
	*as4_len = 0;
	while (seg_next(&it, &s)) {
		n += 2 + 2 * (size_t)s.count;
		if (seg_confed(s.type))
			continue;
		*as4_len += 2 + 4 * (size_t)s.count;
		for (unsigned i = 0; i < s.count; i++)
			if (get_u32(s.asns + 4 * i) > UINT16_MAX)
				*need_as4 = true;
	}
	return n;
}

static bool
enc_as_path(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	if (!wire_attr_has(a, r->d.type))
		return true;
	if (ctx->as4)
		return put_attr(wb, r->d.flags, r->d.type, a->as_path.p,
		    a->as_path.len);

	bool need_as4;
	size_t as4_len, vlen = aspath2_len(a->as_path, &need_as4, &as4_len);
	uint8_t *q;
	if (!put_hdr(wb, r->d.flags, r->d.type, vlen) ||
	    (q = wb_reserve(wb, vlen)) == NULL)
		return false;
	struct seg_iter it = seg_iter(a->as_path.p, a->as_path.len, 4);
	struct seg s;
	while (seg_next(&it, &s)) {
		*q++ = s.type;
		*q++ = s.count;
		for (unsigned i = 0; i < s.count; i++, q += 2) {
			uint32_t as = get_u32(s.asns + 4 * i);
			put_u16(q, as > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)as);
		}
	}
	return true;
}

/* For 2-octet peers: the 4-octet path, confederation segments left out (RFC 6793 §4.2.2). */
static bool
enc_as4_path(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	if (ctx->as4 || !wire_attr_has(a, BGP_ATTR_AS_PATH))
		return true;

	bool need_as4;
	size_t as4_len;
	aspath2_len(a->as_path, &need_as4, &as4_len);
	if (!need_as4)
		return true;
	if (!put_hdr(wb, r->d.flags, r->d.type, as4_len))
		return false;
	struct seg_iter it = seg_iter(a->as_path.p, a->as_path.len, 4);
	struct seg s;
	while (seg_next(&it, &s))
		if (!seg_confed(s.type) &&
		    !wb_put(wb, s.asns - 2, 2 + 4 * (size_t)s.count))
			return false;
	return true;
}

static void
print_as_path(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s", r->keyword);
	if (a->as_path.len > 0)
		sb_putc(sb, ' ');
	wire_aspath_print(a->as_path, sb);
	sb_putc(sb, '\n');
}

/* ---- NEXT_HOP ---- */

static enum dec_res
dec_next_hop(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	/* whether the address is usable is the session's question */
	memcpy(d->a->next_hop, v, 4);
	return DEC_OK;
}

static bool
enc_next_hop(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	if (!wire_attr_has(a, r->d.type))
		return true;
	return put_attr(wb, r->d.flags, r->d.type, a->next_hop, 4);
}

static void
print_next_hop(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s ", r->keyword);
	print_ipv4(sb, a->next_hop);
	sb_putc(sb, '\n');
}

static bool
equal_next_hop(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return memcmp(x->next_hop, y->next_hop, 4) == 0;
}

/* ---- ATOMIC_AGGREGATE ---- */

static enum dec_res
dec_flag_only(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	return DEC_OK;
}

static bool
enc_flag_only(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	if (!wire_attr_has(a, r->d.type))
		return true;
	return put_hdr(wb, r->d.flags, r->d.type, 0);
}

static void
print_flag_only(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s\n", r->keyword);
}

static bool
equal_flag_only(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return true;
}

/* ---- AGGREGATOR and AS4_AGGREGATOR ---- */

static enum dec_res
dec_aggregator(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	if (d->ctx->as4) {
		if (len != 8) {
			d->why = "length is not 8 on a 4-octet AS session";
			d->bad_subcode = BGP_ERR_UPD_ATTR_LEN;
			return DEC_BAD;
		}
		d->a->aggregator_as = get_u32(v);
		d->a->aggregator_id = get_u32(v + 4);
	} else {
		if (len != 6) {
			d->why = "length is not 6 on a 2-octet AS session";
			d->bad_subcode = BGP_ERR_UPD_ATTR_LEN;
			return DEC_BAD;
		}
		d->a->aggregator_as = get_u16(v);
		d->a->aggregator_id = get_u32(v + 2);
	}
	return DEC_OK;
}

static enum dec_res
dec_as4_aggregator(struct attr_dec *d, const struct attr_row *r,
    const uint8_t *v, size_t len)
{
	d->as4_agg_as = get_u32(v);
	d->as4_agg_id = get_u32(v + 4);
	d->have_as4_agg = true;
	return DEC_HELD;
}

static bool
enc_aggregator(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	uint8_t v[8];
	if (!wire_attr_has(a, r->d.type))
		return true;
	if (ctx->as4) {
		put_u32(v, a->aggregator_as);
		put_u32(v + 4, a->aggregator_id);
		return put_attr(wb, r->d.flags, r->d.type, v, 8);
	}
	put_u16(v, a->aggregator_as > UINT16_MAX ? BGP_AS_TRANS :
	    (uint16_t)a->aggregator_as);
	put_u32(v + 2, a->aggregator_id);
	return put_attr(wb, r->d.flags, r->d.type, v, 6);
}

static bool
enc_as4_aggregator(const struct attr_row *r, const struct wire_attrs *a,
    const struct wire_ctx *ctx, struct wbuf *wb)
{
	uint8_t v[8];
	if (ctx->as4 || !wire_attr_has(a, BGP_ATTR_AGGREGATOR) ||
	    a->aggregator_as <= UINT16_MAX)
		return true;
	put_u32(v, a->aggregator_as);
	put_u32(v + 4, a->aggregator_id);
	return put_attr(wb, r->d.flags, r->d.type, v, 8);
}

static void
print_aggregator(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	sb_printf(sb, "  %s %u ", r->keyword, a->aggregator_as);
	print_ipv4_u32(sb, a->aggregator_id);
	sb_putc(sb, '\n');
}

static bool
equal_aggregator(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	return x->aggregator_as == y->aggregator_as &&
	    x->aggregator_id == y->aggregator_id;
}

/* ---- MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760) ---- */

/*
 * Any malformation is a session reset (RFC 7606 §5.3): the NLRI cannot be
 * located reliably. Families we do not speak are kept raw and unchecked.
 */
static enum dec_res
dec_mp_reach(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	struct wire_mp_reach *m = &d->a->mp_reach;

	if (len < 5) {
		d->why = "shorter than 5 octets";
		return DEC_BAD;
	}
	uint8_t nh_len = v[3];
	if ((size_t)nh_len + 5 > len) {
		d->why = "next hop length overruns the attribute";
		return DEC_BAD;
	}
	m->afi = get_u16(v);
	m->safi = v[2];
	const uint8_t *nlri = v + 5 + nh_len;	/* past the reserved octet */
	size_t nlri_len = len - 5 - nh_len;
	int afs = afs_from_afi_safi(m->afi, m->safi);
	if (afs >= 0) {
		/* RFC 8950 IPv4 NLRI with IPv6 next hop is not accepted (yet) */
		if (afs == AFS_IPV4_UNICAST ? nh_len != 4 :
		    nh_len != 16 && nh_len != 32) {
			d->why = afs == AFS_IPV4_UNICAST ?
			    "next hop length is not 4 for ipv4-unicast" :
			    "next hop length is not 16 or 32 for ipv6-unicast";
			return DEC_BAD;
		}
		struct wire_err e;
		if (!wire_nlri_check(nlri, nlri_len, (enum afs)afs,
		    d->ctx->addpath_rx[afs], &m->nlri, &e)) {
			raise_err(d, r->d.name, &e);
			return DEC_FAIL;
		}
		m->known = true;
	} else {
		m->nlri.p = nlri;
		m->nlri.len = (uint32_t)nlri_len;
		m->known = false;
	}
	/* next hops of foreign families can be longer (VPN-IPv6: 48); keep 32 */
	m->nh_len = nh_len > sizeof(m->nexthop) ? (uint8_t)sizeof(m->nexthop) :
	    nh_len;
	memcpy(m->nexthop, v + 4, m->nh_len);
	return DEC_OK;
}

static enum dec_res
dec_mp_unreach(struct attr_dec *d, const struct attr_row *r, const uint8_t *v,
    size_t len)
{
	struct wire_mp_unreach *m = &d->a->mp_unreach;

	if (len < 3) {
		d->why = "shorter than 3 octets";
		return DEC_BAD;
	}
	m->afi = get_u16(v);
	m->safi = v[2];
	int afs = afs_from_afi_safi(m->afi, m->safi);
	if (afs >= 0) {
		struct wire_err e;
		if (!wire_nlri_check(v + 3, len - 3, (enum afs)afs,
		    d->ctx->addpath_rx[afs], &m->nlri, &e)) {
			raise_err(d, r->d.name, &e);
			return DEC_FAIL;
		}
		m->known = true;
	} else {
		m->nlri.p = v + 3;
		m->nlri.len = (uint32_t)(len - 3);
		m->known = false;
	}
	return DEC_OK;
}

static void
print_nlri(const char *what, const struct wire_nlri_view *v, struct sbuf *sb)
{
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;

	if (v->count == 0)
		return;
	sb_printf(sb, " %s (%u):", what, v->count);
	while (wire_nlri_next(&it, &n)) {
		sb_putc(sb, ' ');
		prefix_print(&n.pfx, sb);
		if (v->addpath)
			sb_printf(sb, " id %u", n.path_id);
	}
}

static void
print_mp_reach(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	const struct wire_mp_reach *m = &a->mp_reach;

	if (!m->known) {
		sb_printf(sb, "  %s afi %u safi %u next-hop ", r->keyword, m->afi,
		    m->safi);
		sb_hex(sb, m->nexthop, m->nh_len);
		sb_printf(sb, " nlri %u octets\n", m->nlri.len);
		return;
	}
	sb_printf(sb, "  %s %s next-hop ", r->keyword, afs_name(m->nlri.afs));
	if (m->nh_len == 4) {
		print_ipv4(sb, m->nexthop);
	} else {
		print_ipv6(sb, m->nexthop);
		if (m->nh_len == 32) {
			sb_puts(sb, " [");
			print_ipv6(sb, m->nexthop + 16);
			sb_putc(sb, ']');
		}
	}
	print_nlri("nlri", &m->nlri, sb);
	sb_putc(sb, '\n');
}

static void
print_mp_unreach(const struct attr_row *r, const struct wire_attrs *a,
    struct sbuf *sb)
{
	const struct wire_mp_unreach *m = &a->mp_unreach;

	if (!m->known) {
		sb_printf(sb, "  %s afi %u safi %u nlri %u octets\n", r->keyword,
		    m->afi, m->safi, m->nlri.len);
		return;
	}
	sb_printf(sb, "  %s %s", r->keyword, afs_name(m->nlri.afs));
	print_nlri("withdrawn", &m->nlri, sb);
	sb_putc(sb, '\n');
}

static bool
nlri_equal(const struct wire_nlri_view *x, const struct wire_nlri_view *y)
{
	return x->len == y->len &&
	    (x->len == 0 || memcmp(x->p, y->p, x->len) == 0);
}

static bool
equal_mp_reach(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	const struct wire_mp_reach *a = &x->mp_reach, *b = &y->mp_reach;
	return a->afi == b->afi && a->safi == b->safi && a->known == b->known &&
	    a->nh_len == b->nh_len && a->nh_len <= sizeof(a->nexthop) &&
	    memcmp(a->nexthop, b->nexthop, a->nh_len) == 0 &&
	    nlri_equal(&a->nlri, &b->nlri);
}

static bool
equal_mp_unreach(const struct attr_row *r, const struct wire_attrs *x,
    const struct wire_attrs *y)
{
	const struct wire_mp_unreach *a = &x->mp_unreach, *b = &y->mp_unreach;
	return a->afi == b->afi && a->safi == b->safi && a->known == b->known &&
	    nlri_equal(&a->nlri, &b->nlri);
}

#pragma GCC diagnostic pop

/* ---- the table ---- */

#define ROW(t, nm, kw, fl, act, sub) \
	[t] = { .d = { (t), (nm), (fl), (act), (sub) }, .keyword = (kw)

static const struct attr_row attr_table[ATTR_TABLE_SIZE] = {
	ROW(BGP_ATTR_ORIGIN, "ORIGIN", "origin", F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ORIGIN),
		.len_min = 1, .len_max = 1,
		.decode = dec_origin, .encode = enc_origin,
		.print = print_origin, .equal = equal_origin },
	ROW(BGP_ATTR_AS_PATH, "AS_PATH", "as-path", F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
		.len_min = 0, .len_max = LEN_ANY,
		.field = offsetof(struct wire_attrs, as_path),
		.decode = dec_as_path, .encode = enc_as_path,
		.print = print_as_path, .equal = equal_bytes },
	ROW(BGP_ATTR_NEXT_HOP, "NEXT_HOP", "next-hop", F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_NEXTHOP),
		.len_min = 4, .len_max = 4,
		.decode = dec_next_hop, .encode = enc_next_hop,
		.print = print_next_hop, .equal = equal_next_hop },
	ROW(BGP_ATTR_MED, "MULTI_EXIT_DISC", "med", F_O,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 4, .len_max = 4,
		.field = offsetof(struct wire_attrs, med),
		.decode = dec_u32, .encode = enc_u32,
		.print = print_u32, .equal = equal_u32 },
	ROW(BGP_ATTR_LOCAL_PREF, "LOCAL_PREF", "local-pref", F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
		.len_min = 4, .len_max = 4, .rules = RULE_IBGP_ONLY,
		.field = offsetof(struct wire_attrs, local_pref),
		.decode = dec_u32, .encode = enc_u32,
		.print = print_u32, .equal = equal_u32 },
	ROW(BGP_ATTR_ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", "atomic-aggregate", F_T,
	    WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
		.len_min = 0, .len_max = 0,
		.decode = dec_flag_only, .encode = enc_flag_only,
		.print = print_flag_only, .equal = equal_flag_only },
	ROW(BGP_ATTR_AGGREGATOR, "AGGREGATOR", "aggregator", F_O | F_T,
	    WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL),
		.len_min = 0, .len_max = LEN_ANY,	/* 6 or 8: the decoder knows */
		.decode = dec_aggregator, .encode = enc_aggregator,
		.print = print_aggregator, .equal = equal_aggregator },
	ROW(BGP_ATTR_COMMUNITIES, "COMMUNITIES", "communities", F_O | F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 4, .len_max = LEN_ANY, .len_mult = 4,
		.field = offsetof(struct wire_attrs, communities),
		.decode = dec_bytes, .encode = enc_bytes,
		.print = print_communities, .equal = equal_bytes },
	ROW(BGP_ATTR_ORIGINATOR_ID, "ORIGINATOR_ID", "originator-id", F_O,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 4, .len_max = 4,
		.field = offsetof(struct wire_attrs, originator_id),
		.decode = dec_u32, .encode = enc_u32,
		.print = print_u32_ip, .equal = equal_u32 },
	ROW(BGP_ATTR_CLUSTER_LIST, "CLUSTER_LIST", "cluster-list", F_O,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 4, .len_max = LEN_ANY, .len_mult = 4,
		.field = offsetof(struct wire_attrs, cluster_list),
		.decode = dec_bytes, .encode = enc_bytes,
		.print = print_cluster_list, .equal = equal_bytes },
	/* encoded by wire_update.c / the packer, not here (encode NULL) */
	ROW(BGP_ATTR_MP_REACH, "MP_REACH_NLRI", "mp-reach", F_O,
	    WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
		.len_min = 0, .len_max = LEN_ANY,
		.decode = dec_mp_reach,
		.print = print_mp_reach, .equal = equal_mp_reach },
	ROW(BGP_ATTR_MP_UNREACH, "MP_UNREACH_NLRI", "mp-unreach", F_O,
	    WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
		.len_min = 0, .len_max = LEN_ANY,
		.decode = dec_mp_unreach,
		.print = print_mp_unreach, .equal = equal_mp_unreach },
	ROW(BGP_ATTR_EXT_COMMUNITIES, "EXTENDED_COMMUNITIES", "ext-communities",
	    F_O | F_T, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 8, .len_max = LEN_ANY, .len_mult = 8,
		.field = offsetof(struct wire_attrs, ext_communities),
		.decode = dec_bytes, .encode = enc_bytes,
		.print = print_ext_communities, .equal = equal_bytes },
	/* folded into AS_PATH / AGGREGATOR: never present, no print */
	ROW(BGP_ATTR_AS4_PATH, "AS4_PATH", "as4-path", F_O | F_T,
	    WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL),
		.len_min = 0, .len_max = LEN_ANY, .rules = RULE_OLD_SESSION_ONLY,
		.decode = dec_as4_path, .encode = enc_as4_path },
	ROW(BGP_ATTR_AS4_AGGREGATOR, "AS4_AGGREGATOR", "as4-aggregator", F_O | F_T,
	    WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL),
		.len_min = 8, .len_max = 8, .rules = RULE_OLD_SESSION_ONLY,
		.decode = dec_as4_aggregator, .encode = enc_as4_aggregator },
	ROW(BGP_ATTR_LARGE_COMMUNITIES, "LARGE_COMMUNITY", "large-communities",
	    F_O | F_T, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 12, .len_max = LEN_ANY, .len_mult = 12,
		.field = offsetof(struct wire_attrs, large_communities),
		.decode = dec_bytes, .encode = enc_bytes,
		.print = print_large_communities, .equal = equal_bytes },
	ROW(BGP_ATTR_OTC, "OTC", "otc", F_O | F_T,
	    WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_OPTIONAL),
		.len_min = 4, .len_max = 4,
		.field = offsetof(struct wire_attrs, otc),
		.decode = dec_u32, .encode = enc_u32,
		.print = print_u32, .equal = equal_u32 },
};

#undef ROW

static inline const struct attr_row *
row_of(uint8_t type)
{
	if (type >= ATTR_TABLE_SIZE || attr_table[type].decode == NULL)
		return NULL;
	return &attr_table[type];
}

const struct wire_attr_desc *
wire_attr_desc(uint8_t type)
{
	const struct attr_row *r = row_of(type);
	return r != NULL ? &r->d : NULL;
}

const char *
wire_attr_name(uint8_t type)
{
	const struct attr_row *r = row_of(type);
	return r != NULL ? r->d.name : "unknown";
}

/* ---- unknown attributes ---- */

/* Room for every unknown optional transitive attribute from `from` to the section end. */
static size_t
unknown_room(const uint8_t *from, const uint8_t *end)
{
	size_t room = 0;

	while (end - from >= 3) {
		uint8_t flags = from[0], type = from[1];
		size_t hl = flags & F_E ? 4 : 3;
		if ((size_t)(end - from) < hl)
			break;
		size_t vlen = hl == 4 ? get_u16(from + 2) : from[2];
		if ((size_t)(end - from) - hl < vlen)
			break;
		if ((flags & (F_O | F_T)) == (F_O | F_T) && row_of(type) == NULL)
			room += (vlen > 255 ? 4 : 3) + vlen;
		from += hl + vlen;
	}
	return room;
}

/* Type and whole length of the blob entry at p (well formed: we built it). */
static inline size_t
blob_entry_len(const uint8_t *p)
{
	return p[0] & F_E ? 4u + get_u16(p + 2) : 3u + p[2];
}

/*
 * RFC 4271 §5: an unrecognised well-known attribute resets the session, an
 * unrecognised optional transitive one is passed on with Partial set, an
 * unrecognised optional non-transitive one is quietly ignored. Kept ones
 * are stored re-encoded (Partial set, Extended Length only when needed),
 * sorted by type so the encoder can merge them into type order.
 */
static bool
dec_unknown(struct attr_dec *d, uint8_t flags, uint8_t type, const uint8_t *v,
    size_t vlen)
{
	if (!(flags & F_O))
		return note_err(d, WIRE_SESSION_RESET, BGP_ERR_UPD_UNKNOWN_WK,
		    d->attr, d->attr_len,
		    "unrecognized well-known attribute %u", type);
	if (!(flags & F_T))
		return true;
	if (d->unknown == NULL) {
		d->unknown_cap = unknown_room(d->attr, d->end);
		d->unknown = dec_alloc(d, d->unknown_cap);
		if (d->unknown == NULL)
			return false;
		d->a->unknown.p = d->unknown;
	}
	size_t used = d->a->unknown.len, hl = vlen > 255 ? 4 : 3;
	if (used + hl + vlen > d->unknown_cap)	/* cannot happen: room was counted */
		return true;
	/* insertion point: after every entry of a type not above this one */
	size_t at = 0;
	while (at < used && d->unknown[at + 1] <= type)
		at += blob_entry_len(d->unknown + at);
	uint8_t *q = d->unknown + at;
	if (at < used)
		memmove(q + hl + vlen, q, used - at);
	q[0] = (uint8_t)((flags & (F_O | F_T)) | F_P | (hl == 4 ? F_E : 0));
	q[1] = type;
	if (hl == 4)
		put_u16(q + 2, (uint16_t)vlen);
	else
		q[2] = (uint8_t)vlen;
	memcpy(q + hl, v, vlen);
	d->a->unknown.len = (uint32_t)(used + hl + vlen);
	return true;
}

/* ---- decode ---- */

/*
 * memset(a, 0, sizeof(*a)) in pieces of 64: GCC inlines one constant
 * memset of this size as `rep stos`, whose start-up cost was a third of a
 * typical decode; pieces become plain vector stores.
 */
static inline void
zero_attrs(struct wire_attrs *a)
{
	uint8_t *z = (uint8_t *)a;
	size_t i;

	for (i = 0; i + 64 <= sizeof(*a); i += 64)
		memset(z + i, 0, 64);
	memset(z + i, 0, sizeof(*a) - i);
}

static inline bool
flags_ok(const struct attr_row *r, uint8_t flags)
{
	if ((flags & (F_O | F_T)) != r->d.flags)
		return false;
	/* Partial only on optional transitive attributes (RFC 4271 §4.3) */
	return !(flags & F_P) || r->d.flags == (F_O | F_T);
}

bool
wire_attrs_decode(const uint8_t *p, size_t len, const struct wire_ctx *ctx,
    struct arena *scratch, struct wire_attrs *a, enum wire_action *verdict,
    struct wire_err *err)
{
	const uint8_t *q = p, *end = len > 0 ? p + len : p;	/* p may be NULL */
	struct attr_dec d = {
		.ctx = ctx, .arena = scratch, .a = a, .verdict = verdict,
		.err = err, .end = end,
	};
	uint64_t seen[4] = { 0, 0, 0, 0 };
	bool mp_seen = false;

	zero_attrs(a);

	while (q < end) {
		size_t left = (size_t)(end - q);
		uint8_t flags = q[0];
		size_t hl = flags & F_E ? 4 : 3;
		size_t vlen = 0;
		if (left >= hl)
			vlen = hl == 4 ? get_u16(q + 2) : q[2];
		if (left < hl || left - hl < vlen) {
			/*
			 * RFC 7606 §4: an attribute header or value running past
			 * the section is treat-as-withdraw, the Total Path
			 * Attribute Length locating the NLRI. But the NLRI of
			 * an MP_REACH/MP_UNREACH in the lost part would be
			 * missed: unless one was already found, we cannot
			 * withdraw reliably, and reset the session as RFC
			 * 7606 §5.3 does for NLRI that cannot be parsed.
			 */
			enum wire_action act = mp_seen ? WIRE_TREAT_AS_WITHDRAW :
			    WIRE_SESSION_RESET;
			const char *what = left < hl ?
			    "attribute header cut short" :
			    "attribute length overruns the attribute section";
			if (!note_err(&d, act, BGP_ERR_UPD_ATTR_LIST, NULL, 0,
			    "%s at offset %zu%s", what, (size_t)(q - p),
			    mp_seen ? "" : " (no MP_REACH/MP_UNREACH before it)"))
				return false;
			break;
		}
		uint8_t type = q[1];
		const uint8_t *v = q + hl;
		d.attr = q;
		d.attr_len = hl + vlen;
		q += hl + vlen;

		const struct attr_row *r = row_of(type);
		if (r != NULL && (r->rules & RULE_OLD_SESSION_ONLY) && ctx->as4)
			continue;	/* RFC 6793 §4.1: NEW speakers ignore AS4_* from NEW speakers */

		uint64_t bit = (uint64_t)1 << (type & 63);
		if (seen[type >> 6] & bit) {
			/* RFC 7606 §3.g */
			if (type == BGP_ATTR_MP_REACH || type == BGP_ATTR_MP_UNREACH) {
				note_err(&d, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_LIST,
				    NULL, 0, "%s appears twice", r->d.name);
				return false;
			}
			note_err(&d, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST,
			    d.attr, d.attr_len, "duplicate %s %u discarded",
			    r != NULL ? r->d.name : "attribute", type);
			continue;
		}
		seen[type >> 6] |= bit;

		if (r == NULL) {
			if (!dec_unknown(&d, flags, type, v, vlen))
				return false;
			continue;
		}
		if ((r->rules & RULE_IBGP_ONLY) && !ctx->ibgp) {
			note_err(&d, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST,
			    d.attr, d.attr_len,
			    "%s from an external peer discarded", r->d.name);
			continue;
		}
		if (type == BGP_ATTR_MP_REACH || type == BGP_ATTR_MP_UNREACH)
			mp_seen = true;

		/* RFC 7606 §3.c: flag errors take the attribute's own action */
		if (!flags_ok(r, flags)) {
			if (!note_err(&d, r->d.on_error, BGP_ERR_UPD_ATTR_FLAGS,
			    d.attr, d.attr_len, "%s: flags 0x%02x, expected 0x%02x%s",
			    r->d.name, flags, r->d.flags,
			    r->d.flags == (F_O | F_T) ? " (Partial allowed)" : ""))
				return false;
			continue;
		}
		if (vlen < r->len_min || vlen > r->len_max ||
		    (r->len_mult != 0 && vlen % r->len_mult != 0)) {
			if (!note_err(&d, r->d.on_error, BGP_ERR_UPD_ATTR_LEN,
			    d.attr, d.attr_len, r->len_min == r->len_max ?
			    "%s: length %zu, must be %u" :
			    "%s: length %zu, must be a non-zero multiple of %u",
			    r->d.name, vlen, r->len_min))
				return false;
			continue;
		}
		switch (r->decode(&d, r, v, vlen)) {
		case DEC_OK:
			a->present |= ATTR_BIT(type);
			break;
		case DEC_HELD:
			break;
		case DEC_BAD:
			if (!note_err(&d, r->d.on_error,
			    d.bad_subcode ? d.bad_subcode : r->d.err_subcode,
			    d.attr, d.attr_len, "%s: %s", r->d.name, d.why))
				return false;
			d.bad_subcode = 0;
			break;
		case DEC_FAIL:
			return false;
		}
	}

	/* RFC 6793 §4.2.3, for what an OLD speaker sent */
	if (!ctx->as4 && (d.have_as4_path || d.have_as4_agg)) {
		bool agg = wire_attr_has(a, BGP_ATTR_AGGREGATOR);
		if (agg && a->aggregator_as != BGP_AS_TRANS)
			return true;	/* an OLD speaker aggregated: AS4_* are stale */
		if (agg && d.have_as4_agg) {
			a->aggregator_as = d.as4_agg_as;
			a->aggregator_id = d.as4_agg_id;
		}
		if (d.have_as4_path && wire_attr_has(a, BGP_ATTR_AS_PATH) &&
		    !aspath_merge(&d))
			return false;
	}
	return true;
}

/* ---- encode ---- */

/* Copy blob entries (sorted by type) whose type is below `below`. */
static bool
put_unknown(struct wire_bytes *rest, unsigned below, struct wbuf *wb)
{
	const uint8_t *p = rest->p;
	size_t left = rest->len;

	while (left >= 3 && p[1] < below) {
		size_t n = p[0] & F_E ? (left >= 4 ? 4u + get_u16(p + 2) : left) :
		    3u + p[2];
		if (n > left)
			n = left;	/* a blob not built by us: copy what is there */
		if (!wb_put(wb, p, n))
			return false;
		p += n;
		left -= n;
	}
	if (below > 255 && left > 0 && !wb_put(wb, p, left))
		return false;
	rest->p = p;
	rest->len = (uint32_t)(below > 255 ? 0 : left);
	return true;
}

bool
wire_attrs_encode(const struct wire_attrs *a, const struct wire_ctx *ctx,
    struct wbuf *wb)
{
	size_t saved = wb->len;
	struct wire_bytes rest = a->unknown;
	/* the rows to visit: what is present, and for OLD peers the AS4_* */
	uint64_t todo = a->present;
	if (!ctx->as4)
		todo |= ATTR_BIT(BGP_ATTR_AS4_PATH) | ATTR_BIT(BGP_ATTR_AS4_AGGREGATOR);

	while (todo != 0) {
		unsigned t = (unsigned)__builtin_ctzll(todo);
		const struct attr_row *r = &attr_table[t];
		todo &= todo - 1;
		if (r->encode == NULL)
			continue;
		if (rest.len > 0 && !put_unknown(&rest, t, wb))
			goto full;
		if (!r->encode(r, a, ctx, wb))
			goto full;
	}
	if (rest.len > 0 && !put_unknown(&rest, 256, wb))
		goto full;
	return true;
full:
	wb->len = saved;
	wb->overflow = true;
	return false;
}

/* ---- print and compare ---- */

static void
print_unknown(struct wire_bytes *rest, unsigned below, struct sbuf *sb)
{
	while (rest->len >= 3 && rest->p[1] < below) {
		const uint8_t *p = rest->p;
		size_t hl = p[0] & F_E ? 4 : 3;
		if (rest->len < hl)
			break;
		size_t vlen = hl == 4 ? get_u16(p + 2) : p[2];
		if (rest->len - hl < vlen)
			break;
		sb_printf(sb, "  unknown attribute %u flags 0x%02x len %zu: ",
		    p[1], p[0], vlen);
		sb_hex(sb, p + hl, vlen);
		sb_putc(sb, '\n');
		rest->p += hl + vlen;
		rest->len -= (uint32_t)(hl + vlen);
	}
}

void
wire_attrs_print(const struct wire_attrs *a, struct sbuf *sb)
{
	struct wire_bytes rest = a->unknown;

	for (unsigned t = 0; t < ATTR_TABLE_SIZE; t++) {
		const struct attr_row *r = &attr_table[t];
		print_unknown(&rest, t, sb);
		if (r->print != NULL && wire_attr_has(a, t))
			r->print(r, a, sb);
	}
	print_unknown(&rest, 256, sb);
}

bool
wire_attrs_equal(const struct wire_attrs *x, const struct wire_attrs *y)
{
	if (x->present != y->present || !bytes_equal(x->unknown, y->unknown))
		return false;
	for (uint64_t todo = x->present; todo != 0; todo &= todo - 1) {
		const struct attr_row *r = &attr_table[__builtin_ctzll(todo)];
		if (r->equal != NULL && !r->equal(r, x, y))
			return false;
	}
	return true;
}
