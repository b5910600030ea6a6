/*
 * wire.h -- BGP-4 wire codec: constants, message structs, error values.
 *
 * The codec is pure: no I/O, no logging, no globals, no allocation beyond a
 * caller-supplied scratch arena. Decoders take the message bytes (header
 * already checked, body only) and a small negotiated context, and return
 * true with a filled struct, or false with a struct wire_err that carries
 * the NOTIFICATION code, subcode and data to send plus a reason in words.
 * UPDATE decoding additionally returns the RFC 7606 verdict.
 *
 * Decoded structs hold views (pointer + length) into the message and the
 * arena; they live as long as both do.
 *
 * Encoders write whole messages, header included, into a struct wbuf and
 * return false when the message would not fit.
 */
#ifndef ECMPD_WIRE_H
#define ECMPD_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "sbuf.h"

/* ---- message framing (RFC 4271 §4.1, RFC 8654) ---- */
#define BGP_MARKER_LEN		16
#define BGP_HEADER_LEN		19
#define BGP_MAX_MSG_LEN		4096
#define BGP_MAX_EXT_MSG_LEN	65535
#define BGP_VERSION		4
#define BGP_PORT		179
#define BGP_AS_TRANS		23456	/* RFC 6793 */

/* smallest legal length of each message type, header included */
#define BGP_OPEN_MIN_LEN	29
#define BGP_UPDATE_MIN_LEN	23
#define BGP_NOTIFICATION_MIN_LEN 21
#define BGP_KEEPALIVE_LEN	19
#define BGP_ROUTE_REFRESH_LEN	23

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/* ---- address families: the ones ecmpd speaks, as dense indices ---- */
#define BGP_AFI_IPV4		1
#define BGP_AFI_IPV6		2
#define BGP_SAFI_UNICAST	1

enum afs {
	AFS_IPV4_UNICAST = 0,
	AFS_IPV6_UNICAST = 1,
	AFS_COUNT
};

/* AFI/SAFI pair to index; -1 for a family we do not speak. */
int afs_from_afi_safi(uint16_t afi, uint8_t safi);
uint16_t afs_afi(enum afs afs);
uint8_t afs_safi(enum afs afs);
const char *afs_name(enum afs afs);	/* "ipv4-unicast" */
static inline unsigned afs_addr_len(enum afs afs)
{
	return afs == AFS_IPV4_UNICAST ? 4 : 16;
}

/*
 * What the two ends of a session agreed on; it changes how bytes are read.
 * Add-path is per family and per direction: the decoders look at addpath_rx
 * (path ids present in what we receive), the encoders at addpath_tx.
 */
struct wire_ctx {
	bool as4;			/* both sent the 4-octet AS capability */
	bool ext_msg;			/* RFC 8654: messages up to 65535 octets */
	bool ibgp;			/* internal session (LOCAL_PREF rules) */
	bool addpath_rx[AFS_COUNT];
	bool addpath_tx[AFS_COUNT];
};

static inline size_t
wire_max_msg_len(const struct wire_ctx *ctx)
{
	return ctx->ext_msg ? BGP_MAX_EXT_MSG_LEN : BGP_MAX_MSG_LEN;
}

/* ---- NOTIFICATION codes and subcodes (IANA "BGP Error Codes" registries) ---- */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
	BGP_ERR_SEND_HOLD = 8,		/* RFC 9687 */
};

enum bgp_err_header {
	BGP_ERR_HDR_NOT_SYNC = 1,
	BGP_ERR_HDR_BAD_LEN = 2,
	BGP_ERR_HDR_BAD_TYPE = 3,
};

enum bgp_err_open {
	BGP_ERR_OPEN_VERSION = 1,
	BGP_ERR_OPEN_BAD_AS = 2,
	BGP_ERR_OPEN_BAD_ID = 3,
	BGP_ERR_OPEN_OPT_PARAM = 4,
	BGP_ERR_OPEN_AUTH = 5,		/* deprecated */
	BGP_ERR_OPEN_HOLD_TIME = 6,
	BGP_ERR_OPEN_CAPABILITY = 7,	/* RFC 5492 */
	BGP_ERR_OPEN_ROLE = 11,		/* RFC 9234 */
};

enum bgp_err_update {
	BGP_ERR_UPD_ATTR_LIST = 1,
	BGP_ERR_UPD_UNKNOWN_WK = 2,
	BGP_ERR_UPD_MISSING_WK = 3,
	BGP_ERR_UPD_ATTR_FLAGS = 4,
	BGP_ERR_UPD_ATTR_LEN = 5,
	BGP_ERR_UPD_ORIGIN = 6,
	BGP_ERR_UPD_LOOP = 7,		/* deprecated */
	BGP_ERR_UPD_NEXTHOP = 8,
	BGP_ERR_UPD_OPTIONAL = 9,
	BGP_ERR_UPD_NETWORK = 10,
	BGP_ERR_UPD_AS_PATH = 11,
};

enum bgp_err_fsm {			/* RFC 6608 */
	BGP_ERR_FSM_UNSPEC = 0,
	BGP_ERR_FSM_OPENSENT = 1,
	BGP_ERR_FSM_OPENCONFIRM = 2,
	BGP_ERR_FSM_ESTABLISHED = 3,
};

enum bgp_err_cease {			/* RFC 4486, 8538, 9384 */
	BGP_CEASE_MAX_PREFIX = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_DECONFIGURED = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_CONN_REJECTED = 5,
	BGP_CEASE_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7,
	BGP_CEASE_OUT_OF_RESOURCES = 8,
	BGP_CEASE_HARD_RESET = 9,
	BGP_CEASE_BFD_DOWN = 10,
};

enum bgp_err_route_refresh {		/* RFC 7313 */
	BGP_ERR_RR_BAD_LEN = 1,
};

/* What to do about an error found in an UPDATE (RFC 7606 §2), weakest first. */
enum wire_action {
	WIRE_OK = 0,
	WIRE_ATTR_DISCARD,		/* drop the attribute, use the rest */
	WIRE_TREAT_AS_WITHDRAW,		/* withdraw every prefix in the message */
	WIRE_SESSION_RESET,		/* send the NOTIFICATION, close */
};

const char *wire_action_name(enum wire_action a);

#define WIRE_ERR_REASON_LEN 160
#define WIRE_ERR_OWN_DATA 8

/*
 * An error from a decoder: the NOTIFICATION to send (or, for UPDATE errors
 * below session reset, the one that would have been sent) and why.
 * data points into the decoded message, or at own[] for data the decoder made
 * up (a bad length, the version we support); copying the struct is fine only
 * while data does not point at own[], so use wire_err_data().
 */
struct wire_err {
	uint8_t code;
	uint8_t subcode;
	enum wire_action action;
	const uint8_t *data;		/* NULL: data is in own[] */
	uint16_t data_len;
	uint8_t own[WIRE_ERR_OWN_DATA];
	char reason[WIRE_ERR_REASON_LEN];
};

static inline const uint8_t *
wire_err_data(const struct wire_err *e)
{
	return e->data != NULL ? e->data : e->own;
}

/* Fill an error; reason is printf-style. Returns false so decoders can `return wire_fail(...)`. */
bool wire_fail(struct wire_err *e, uint8_t code, uint8_t subcode,
    enum wire_action action, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Attach data: a view into the message, or a copy of a few made-up bytes. */
void wire_err_set_data(struct wire_err *e, const uint8_t *p, size_t len);
void wire_err_own_data(struct wire_err *e, const uint8_t *p, size_t len);

/* A BGP identifier, ORIGINATOR_ID or cluster id (host order) as dotted quad; buf holds 16. */
static inline const char *
wire_id_format(uint32_t id, char buf[16])
{
	unsigned char o[4] = { (unsigned char)(id >> 24), (unsigned char)(id >> 16),
		(unsigned char)(id >> 8), (unsigned char)id };
	char *q = buf;
	for (int i = 0; i < 4; i++) {
		unsigned v = o[i];
		if (v >= 100)
			*q++ = (char)('0' + v / 100);
		if (v >= 10)
			*q++ = (char)('0' + v / 10 % 10);
		*q++ = (char)('0' + v % 10);
		*q++ = i < 3 ? '.' : '\0';
	}
	return buf;
}

/* ---- header (wire_header.c) ---- */
struct wire_header {
	uint16_t len;		/* whole message, header included */
	uint8_t type;
};

/*
 * Check marker, length and type of the 19 octets at p (len >= 19 required,
 * else false with Bad Message Length). max_len is 4096 or 65535 (extended
 * messages). Per-type length rules of RFC 4271 §6.1 are checked here too.
 */
bool wire_header_decode(const uint8_t *p, size_t len, size_t max_len,
    struct wire_header *h, struct wire_err *err);
/* Write marker and type and reserve the length; returns the message start. */
bool wire_header_begin(struct wbuf *wb, uint8_t type, size_t *start);
/* Patch the length of the message that began at start. */
void wire_header_finish(struct wbuf *wb, size_t start);
const char *wire_msg_type_name(uint8_t type);

bool wire_keepalive_encode(struct wbuf *wb);

/* ---- OPEN and capabilities (wire_open.c) ---- */
enum bgp_capability {
	BGP_CAP_MP = 1,			/* RFC 4760 */
	BGP_CAP_ROUTE_REFRESH = 2,	/* RFC 2918 */
	BGP_CAP_EXT_NEXTHOP = 5,	/* RFC 8950 */
	BGP_CAP_EXT_MSG = 6,		/* RFC 8654 */
	BGP_CAP_ROLE = 9,		/* RFC 9234 */
	BGP_CAP_GR = 64,		/* RFC 4724 */
	BGP_CAP_AS4 = 65,		/* RFC 6793 */
	BGP_CAP_ADDPATH = 69,		/* RFC 7911 */
	BGP_CAP_ENHANCED_RR = 70,	/* RFC 7313 */
	BGP_CAP_LLGR = 71,
	BGP_CAP_FQDN = 73,
	BGP_CAP_ROUTE_REFRESH_OLD = 128, /* pre-standard Cisco code */
};

#define BGP_OPT_PARAM_CAPABILITY 2
#define BGP_OPT_PARAM_EXT_LEN	255	/* RFC 9072 */

/* add-path send/receive field (RFC 7911 §4) */
#define ADDPATH_RX 1
#define ADDPATH_TX 2

#define WIRE_MAX_UNKNOWN_CAPS 16

struct wire_cap_raw {
	uint8_t code;
	uint8_t len;
	const uint8_t *value;	/* view into the message */
};

struct wire_cap_gr {
	bool present;
	bool restart_state;	/* R bit */
	bool notification;	/* N bit, RFC 8538 */
	uint16_t restart_time;	/* seconds, 12 bits */
	bool afs[AFS_COUNT];	/* family listed */
	bool forwarding[AFS_COUNT]; /* F bit per family */
};

struct wire_open {
	uint8_t version;
	uint16_t my_as;		/* the 2-octet field: AS_TRANS for large ASNs */
	uint16_t hold_time;
	uint32_t bgp_id;	/* host order */

	bool mp[AFS_COUNT];	/* MP capability for our families */
	bool route_refresh;	/* code 2 (or 128) */
	bool enhanced_rr;
	bool ext_msg;
	bool as4_present;
	uint32_t as4;		/* from the 4-octet AS capability */
	uint8_t addpath[AFS_COUNT]; /* ADDPATH_RX | ADDPATH_TX as advertised */
	struct wire_cap_gr gr;
	/* everything else, kept as it came: unknown codes, MP or add-path for families we do not speak, ... */
	struct wire_cap_raw unknown[WIRE_MAX_UNKNOWN_CAPS];
	uint8_t n_unknown;
	bool ext_opt_params;	/* decode: RFC 9072 form was used */
};

/* The peer's AS: the capability when present, else the 2-octet field. */
static inline uint32_t
wire_open_peer_as(const struct wire_open *o)
{
	return o->as4_present ? o->as4 : o->my_as;
}

/*
 * Decode an OPEN body. Checks what the message alone decides: version,
 * hold time 1 or 2, BGP identifier 0, parameter and capability framing.
 * Session rules (expected AS, required capabilities) are the caller's.
 */
bool wire_open_decode(const uint8_t *body, size_t len, struct wire_open *o,
    struct wire_err *err);
/* Encode a whole OPEN; switches to the RFC 9072 form when parameters exceed 255 octets. */
bool wire_open_encode(const struct wire_open *o, struct wbuf *wb);
void wire_open_print(const struct wire_open *o, struct sbuf *sb);

/*
 * What two OPENs agree on, seen from `local` (wire_negotiate.c): AS4 and
 * extended messages when both sent them; add-path rx for a family when we
 * said receive and the peer said send, tx the other way round; iBGP when
 * the ASes match.
 */
void wire_negotiate(const struct wire_open *local, const struct wire_open *remote,
    struct wire_ctx *ctx);

/* ---- NOTIFICATION (wire_notify.c) ---- */
#define BGP_SHUTDOWN_MSG_MAX 255	/* RFC 9003 */

struct wire_notification {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	uint16_t data_len;
	/* RFC 9003 shutdown communication (Cease 2 and 4), NUL-terminated */
	bool has_shutdown_msg;
	char shutdown_msg[BGP_SHUTDOWN_MSG_MAX + 1];
};

/* Never fails on content (one does not answer a NOTIFICATION); only a body under 2 octets is refused. */
bool wire_notification_decode(const uint8_t *body, size_t len,
    struct wire_notification *n, struct wire_err *err);
bool wire_notification_encode(uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t data_len, struct wbuf *wb);
/* Cease with an RFC 9003 message (subcode 2 or 4); msg is cut at 255 octets on a UTF-8 boundary. */
bool wire_notification_encode_shutdown(uint8_t subcode, const char *msg,
    struct wbuf *wb);
/* Encode the NOTIFICATION an error calls for. */
bool wire_notification_encode_err(const struct wire_err *e, struct wbuf *wb);
const char *wire_err_code_name(uint8_t code);
const char *wire_err_subcode_name(uint8_t code, uint8_t subcode);
/* "Cease / Administrative Shutdown: "maintenance"" */
void wire_notification_print(const struct wire_notification *n, struct sbuf *sb);

/* ---- ROUTE-REFRESH (wire_notify.c, beside the other small messages) ---- */
enum bgp_rr_subtype {
	BGP_RR_NORMAL = 0,
	BGP_RR_BORR = 1,	/* RFC 7313 beginning of route refresh */
	BGP_RR_EORR = 2,	/* end of route refresh */
};

struct wire_route_refresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};

bool wire_route_refresh_decode(const uint8_t *body, size_t len,
    struct wire_route_refresh *rr, struct wire_err *err);
bool wire_route_refresh_encode(const struct wire_route_refresh *rr,
    struct wbuf *wb);
void wire_route_refresh_print(const struct wire_route_refresh *rr,
    struct sbuf *sb);

/* ---- prefixes and NLRI (wire_nlri.c) ---- */
struct prefix {
	uint8_t afs;		/* enum afs */
	uint8_t len;		/* prefix length in bits */
	uint8_t addr[16];	/* network order, bits past len zero */
};

struct wire_nlri {
	uint32_t path_id;	/* 0 without add-path */
	struct prefix pfx;
};

/* A checked run of encoded prefixes: iterate without further checks. */
struct wire_nlri_view {
	const uint8_t *p;
	uint32_t len;
	uint32_t count;
	uint8_t afs;
	bool addpath;
};

struct wire_nlri_iter {
	const uint8_t *p;
	const uint8_t *end;
	uint8_t afs;
	bool addpath;
};

/* Check a run of prefixes; an error is UPDATE / Invalid Network Field (session reset). */
bool wire_nlri_check(const uint8_t *p, size_t len, enum afs afs,
    bool addpath, struct wire_nlri_view *v, struct wire_err *err);

static inline struct wire_nlri_iter
wire_nlri_iter(const struct wire_nlri_view *v)
{
	struct wire_nlri_iter it = { v->p, v->p + v->len, v->afs, v->addpath };
	return it;
}

/* Bytes one prefix takes on the wire. */
static inline size_t
wire_nlri_size(const struct wire_nlri *n, bool addpath)
{
	return (addpath ? 4u : 0u) + 1u + (n->pfx.len + 7u) / 8u;
}

/* The next prefix of a checked run (inline: the decode hot path). */
static inline uint64_t
wire_load_be64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static inline void
wire_store_be64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

/* Keep the top `bits` bits of a 64-bit word (0..64). */
static inline uint64_t
wire_mask64(unsigned bits)
{
	return bits == 0 ? 0 : bits >= 64 ? ~(uint64_t)0 : ~(uint64_t)0 << (64 - bits);
}

static inline bool
wire_nlri_next(struct wire_nlri_iter *it, struct wire_nlri *out)
{
	const uint8_t *q = it->p;
	if (q >= it->end)
		return false;
	if (it->addpath) {
		out->path_id = get_u32(q);
		q += 4;
	} else {
		out->path_id = 0;
	}
	unsigned bits = *q++;
	unsigned bytes = (bits + 7) / 8;
	out->pfx.afs = it->afs;
	out->pfx.len = (uint8_t)bits;
	/*
	 * Hot path: with 16 readable octets, load two words and mask them; this
	 * also clears the trailing bits RFC 4271 calls irrelevant, so equal
	 * prefixes compare equal. Near the end of the run, copy byte-wise.
	 */
	if (it->end - q >= 16) {
		uint64_t hi = wire_load_be64(q) & wire_mask64(bits);
		uint64_t lo = bits > 64 ? wire_load_be64(q + 8) & wire_mask64(bits - 64) : 0;
		wire_store_be64(out->pfx.addr, hi);
		wire_store_be64(out->pfx.addr + 8, lo);
	} else {
		memset(out->pfx.addr, 0, sizeof(out->pfx.addr));
		memcpy(out->pfx.addr, q, bytes);
		if (bits % 8)
			out->pfx.addr[bytes - 1] &= (uint8_t)(0xff << (8 - bits % 8));
	}
	it->p = q + bytes;
	return true;
}

/* Append one prefix; false (nothing written) when it does not fit. */
static inline bool
wire_nlri_put(struct wbuf *wb, const struct wire_nlri *n, bool addpath)
{
	size_t need = wire_nlri_size(n, addpath);
	uint8_t *q = wb_reserve(wb, need);
	if (q == NULL)
		return false;
	if (addpath) {
		put_u32(q, n->path_id);
		q += 4;
	}
	*q++ = n->pfx.len;
	/* a short loop beats a call to memcpy for 0..16 octets */
	for (unsigned i = 0, bytes = (n->pfx.len + 7u) / 8u; i < bytes; i++)
		q[i] = n->pfx.addr[i];
	return true;
}

void prefix_print(const struct prefix *p, struct sbuf *sb);
/* Parse "10.1.1.0/24" or "2001:db8::/32"; false on bad text. */
bool prefix_parse(const char *s, struct prefix *p);
bool prefix_equal(const struct prefix *a, const struct prefix *b);

/* ---- path attributes (wire_attr.c) ---- */
enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH = 14,
	BGP_ATTR_MP_UNREACH = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32,
	BGP_ATTR_OTC = 35,		/* RFC 9234 */
};

#define BGP_ATTR_F_OPTIONAL	0x80
#define BGP_ATTR_F_TRANSITIVE	0x40
#define BGP_ATTR_F_PARTIAL	0x20
#define BGP_ATTR_F_EXTLEN	0x10

enum bgp_origin { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };

enum bgp_aspath_seg {
	BGP_AS_SET = 1,
	BGP_AS_SEQUENCE = 2,
	BGP_AS_CONFED_SEQUENCE = 3,	/* RFC 5065 */
	BGP_AS_CONFED_SET = 4,
};

/* well-known communities (IANA) */
#define BGP_COMM_GRACEFUL_SHUTDOWN	0xFFFF0000u	/* RFC 8326 */
#define BGP_COMM_ACCEPT_OWN		0xFFFF0001u
#define BGP_COMM_BLACKHOLE		0xFFFF029Au	/* RFC 7999 */
#define BGP_COMM_NO_EXPORT		0xFFFFFF01u
#define BGP_COMM_NO_ADVERTISE		0xFFFFFF02u
#define BGP_COMM_NO_EXPORT_SUBCONFED	0xFFFFFF03u
#define BGP_COMM_NO_PEER		0xFFFFFF04u	/* RFC 3765 */

struct wire_bytes {
	const uint8_t *p;
	uint32_t len;
};

struct wire_mp_reach {
	uint16_t afi;
	uint8_t safi;
	uint8_t nh_len;			/* 4, 16, or 32 (global + link-local) */
	uint8_t nexthop[32];
	struct wire_nlri_view nlri;	/* checked when the family is ours */
	bool known;			/* afs_from_afi_safi() >= 0 */
};

struct wire_mp_unreach {
	uint16_t afi;
	uint8_t safi;
	struct wire_nlri_view nlri;
	bool known;
};

/* present[] bit for attribute type t (all known types are below 64) */
#define ATTR_BIT(t) ((uint64_t)1 << (t))

struct wire_attrs {
	uint64_t present;		/* ATTR_BIT(type) of each attribute held */
	uint8_t origin;
	/*
	 * AS_PATH in one form whatever the session: segments of
	 * {type, count, count x 4-octet ASN}, after the RFC 6793 merge of
	 * AS_PATH and AS4_PATH. The encoder splits it again for 2-octet peers.
	 */
	struct wire_bytes as_path;
	uint8_t next_hop[4];
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;		/* after AS4_AGGREGATOR reconciliation */
	uint32_t aggregator_id;
	struct wire_bytes communities;	/* n x 4 octets, wire order */
	uint32_t originator_id;
	struct wire_bytes cluster_list;	/* n x 4 octets */
	struct wire_bytes ext_communities; /* n x 8 */
	struct wire_bytes large_communities; /* n x 12 */
	uint32_t otc;
	/* unknown optional transitive attributes, re-encoded whole with Partial set */
	struct wire_bytes unknown;
	struct wire_mp_reach mp_reach;
	struct wire_mp_unreach mp_unreach;
};

static inline bool
wire_attr_has(const struct wire_attrs *a, unsigned type)
{
	return type < 64 && (a->present & ATTR_BIT(type)) != 0;
}

/*
 * One row per attribute: the descriptor table of wire_attr.c. flags holds
 * the Optional and Transitive bits the attribute must carry; on_error is the
 * RFC 7606 action for a malformed instance.
 */
struct wire_attr_desc {
	uint8_t type;
	const char *name;
	uint8_t flags;
	enum wire_action on_error;
	uint8_t err_subcode;	/* subcode used when malformed */
};

const struct wire_attr_desc *wire_attr_desc(uint8_t type);	/* NULL: unknown */
const char *wire_attr_name(uint8_t type);	/* "type 99" style for unknown (static buffer-free: returns "unknown") */

/*
 * Decode the path attribute section. Accumulates RFC 7606 verdicts into
 * *verdict / *err (strongest wins, first reason kept per strength);
 * returns false only when the verdict is session reset and parsing cannot
 * go on. MP_REACH / MP_UNREACH NLRI are checked here (their families'
 * add-path from ctx). Missing well-known attributes are the UPDATE
 * decoder's business (it knows whether there is NLRI).
 */
bool wire_attrs_decode(const uint8_t *p, size_t len,
    const struct wire_ctx *ctx, struct arena *scratch,
    struct wire_attrs *a, enum wire_action *verdict, struct wire_err *err);
/*
 * Encode every attribute but MP_REACH / MP_UNREACH, in type order; for a
 * 2-octet session (ctx->as4 false) also AS4_PATH / AS4_AGGREGATOR when needed.
 */
bool wire_attrs_encode(const struct wire_attrs *a, const struct wire_ctx *ctx,
    struct wbuf *wb);
void wire_attrs_print(const struct wire_attrs *a, struct sbuf *sb);
bool wire_attrs_equal(const struct wire_attrs *x, const struct wire_attrs *y);

/* AS_PATH helpers over the 4-octet segment form */
unsigned wire_aspath_length(struct wire_bytes path);	/* RFC 4271 §9.1.2.2 count: SET = 1, confed = 0 */
bool wire_aspath_first_as(struct wire_bytes path, uint32_t *as);
void wire_aspath_print(struct wire_bytes path, struct sbuf *sb);
void wire_community_print(uint32_t c, struct sbuf *sb);	/* "65000:1" or "no-export" */

/* ---- UPDATE (wire_update.c) ---- */
struct wire_update {
	struct wire_nlri_view withdrawn;	/* IPv4 unicast, message body */
	struct wire_nlri_view nlri;		/* IPv4 unicast, message body */
	struct wire_attrs attrs;
	int eor_afs;			/* End-of-RIB for this family, or -1 */
	enum wire_action action;	/* RFC 7606 verdict for the message */
	struct wire_err err;		/* why, when action != WIRE_OK */
};

/*
 * Decode an UPDATE body. Returns false (err filled, session reset) when the
 * message cannot be used at all; otherwise true, with u->action telling
 * whether the prefixes are to be withdrawn instead (treat-as-withdraw) or an
 * attribute was dropped, and u->err why.
 */
bool wire_update_decode(const uint8_t *body, size_t len,
    const struct wire_ctx *ctx, struct arena *scratch, struct wire_update *u,
    struct wire_err *err);
/* Encode the message a decoded (or built) struct describes. */
bool wire_update_encode(const struct wire_update *u, const struct wire_ctx *ctx,
    struct wbuf *wb);
bool wire_eor_encode(enum afs afs, struct wbuf *wb);
void wire_update_print(const struct wire_update *u, struct sbuf *sb);

/*
 * The UPDATE packer: one attribute set, as many prefixes as fit the
 * negotiated maximum. IPv4 goes in the body, IPv6 in MP_REACH (kept last so
 * it can grow). For withdrawals attrs is NULL: IPv4 goes in Withdrawn
 * Routes, IPv6 in MP_UNREACH.
 */
struct wire_packer {
	struct wbuf wb;
	const struct wire_ctx *ctx;
	enum afs afs;
	bool withdraw;
	bool addpath;
	uint32_t count;
	size_t msg_start;
	size_t wlen_pos;	/* withdrawn routes length field */
	size_t alen_pos;	/* total path attribute length field */
	size_t mplen_pos;	/* MP attribute 2-octet length field, 0 if none */
};

/* buf must hold wire_max_msg_len(ctx) octets. next_hop: 4 or 16/32 octets for MP_REACH. */
bool wire_pack_begin(struct wire_packer *pk, uint8_t *buf, size_t cap,
    const struct wire_ctx *ctx, enum afs afs, const struct wire_attrs *attrs,
    const uint8_t *next_hop, size_t nh_len);
/* Add one prefix; false when the message is full (start another). */
bool wire_pack_add(struct wire_packer *pk, const struct wire_nlri *n);
/* Finish and return the message length. */
size_t wire_pack_finish(struct wire_packer *pk);

/* ---- any message, for printing (wire_print.c) ---- */
/* Decode and print one whole message (header included). Returns false if it did not decode; sb then says why. */
bool wire_msg_print(const uint8_t *msg, size_t len, const struct wire_ctx *ctx,
    struct sbuf *sb);

#endif /* ECMPD_WIRE_H */
