/*
 * test_wire_open.c -- OPEN and capabilities: OPENs as five daemons send
 * them, every capability, every error path, RFC 9072, truncation, round trips.
 * Vectors are OPEN bodies (no header), as wire_open_decode takes them.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#define LEN(a) sizeof(a)

/* ---- OPENs as daemons send them ---- */

/* BIRD 2: all capabilities in one parameter; GR aware, LLGR aware, add-path */
static const uint8_t open_bird[] = {
	0x04, 0xfd, 0xe9, 0x00, 0xf0, 0xc0, 0x00, 0x02, 0x01,	/* v4 AS 65001 hold 240 192.0.2.1 */
	0x28,							/* Opt Parm Len 40 */
	0x02, 0x26,						/* capabilities, 38 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,			/* MP ipv4 unicast */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,			/* MP ipv6 unicast */
	0x02, 0x00,						/* route refresh */
	0x40, 0x02, 0x00, 0x78,					/* GR time 120, no families */
	0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9,			/* AS4 65001 */
	0x45, 0x08, 0x00, 0x01, 0x01, 0x03, 0x00, 0x02, 0x01, 0x01, /* add-path */
	0x46, 0x00,						/* enhanced route refresh */
	0x47, 0x00,						/* LLGR, no families */
};

/* FRR 8/9: one capability per parameter, old and new route refresh, FQDN */
static const uint8_t open_frr[] = {
	0x04, 0xfd, 0xea, 0x00, 0xb4, 0x0a, 0x00, 0x00, 0x02,	/* AS 65002 hold 180 10.0.0.2 */
	0x3c,							/* Opt Parm Len 60 */
	0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01,		/* MP ipv4 unicast */
	0x02, 0x02, 0x80, 0x00,					/* route refresh (old, 128) */
	0x02, 0x02, 0x02, 0x00,					/* route refresh */
	0x02, 0x02, 0x46, 0x00,					/* enhanced route refresh */
	0x02, 0x06, 0x41, 0x04, 0x00, 0x00, 0xfd, 0xea,		/* AS4 65002 */
	0x02, 0x06, 0x45, 0x04, 0x00, 0x01, 0x01, 0x01,		/* add-path ipv4 receive */
	0x02, 0x08, 0x49, 0x06, 0x04, 'f', 'r', 'r', '1', 0x00,	/* FQDN "frr1", no domain */
	0x02, 0x04, 0x40, 0x02, 0xc0, 0x78,			/* GR R N time 120 */
	0x02, 0x02, 0x47, 0x00,					/* LLGR */
	0x02, 0x02, 0x06, 0x00,					/* extended message */
};

/* GoBGP: one parameter, 4-octet AS with AS_TRANS, GR with families */
static const uint8_t open_gobgp[] = {
	0x04, 0x5b, 0xa0, 0x00, 0x5a, 0xac, 0x10, 0x00, 0x01,	/* AS_TRANS hold 90 172.16.0.1 */
	0x22,							/* Opt Parm Len 34 */
	0x02, 0x20,						/* capabilities, 32 */
	0x02, 0x00,						/* route refresh */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,			/* MP ipv4 unicast */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,			/* MP ipv6 unicast */
	0x41, 0x04, 0xfa, 0x56, 0xea, 0x01,			/* AS4 4200000001 */
	0x40, 0x0a, 0x00, 0x78,					/* GR time 120 */
	0x00, 0x01, 0x01, 0x80,					/*   ipv4 unicast, F */
	0x00, 0x02, 0x01, 0x00,					/*   ipv6 unicast */
};

/* OpenBGPD: one parameter, GR with the R flag and no families */
static const uint8_t open_openbgpd[] = {
	0x04, 0xfd, 0xeb, 0x00, 0x5a, 0xc6, 0x33, 0x64, 0x01,	/* AS 65003 hold 90 198.51.100.1 */
	0x1a,							/* Opt Parm Len 26 */
	0x02, 0x18,						/* capabilities, 24 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,			/* MP ipv4 unicast */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,			/* MP ipv6 unicast */
	0x02, 0x00,						/* route refresh */
	0x40, 0x02, 0x80, 0x00,					/* GR R, time 0 */
	0x41, 0x04, 0x00, 0x00, 0xfd, 0xeb,			/* AS4 65003 */
};

/* ExaBGP: one capability per parameter, a flowspec family we do not speak */
static const uint8_t open_exabgp[] = {
	0x04, 0xfd, 0xec, 0x00, 0xb4, 0x0a, 0x00, 0x00, 0x04,	/* AS 65004 hold 180 10.0.0.4 */
	0x34,							/* Opt Parm Len 52 */
	0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01,		/* MP ipv4 unicast */
	0x02, 0x06, 0x01, 0x04, 0x00, 0x02, 0x00, 0x01,		/* MP ipv6 unicast */
	0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x85,		/* MP ipv4 flowspec */
	0x02, 0x06, 0x41, 0x04, 0x00, 0x00, 0xfd, 0xec,		/* AS4 65004 */
	0x02, 0x02, 0x02, 0x00,					/* route refresh */
	0x02, 0x02, 0x46, 0x00,					/* enhanced route refresh */
	0x02, 0x0a, 0x45, 0x08, 0x00, 0x01, 0x01, 0x03,		/* add-path ipv4 send/receive */
	0x00, 0x02, 0x01, 0x03,					/*   ipv6 send/receive */
};

/* RFC 9072 form although short (FRR's "extended-optional-parameters" knob) */
static const uint8_t open_ext_ok[] = {
	0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
	0xff, 0xff, 0x00, 0x14,					/* 255, type 255, ext len 20 */
	0x02, 0x00, 0x08,					/* capabilities, 2-octet len 8 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,			/* MP ipv4 unicast */
	0x02, 0x00,						/* route refresh */
	0x02, 0x00, 0x06,					/* capabilities, len 6 */
	0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9,			/* AS4 65001 */
};

/* The same with a stray capability code octet in the second parameter */
static const uint8_t open_ext_stray[] = {
	0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
	0xff, 0xff, 0x00, 0x15,					/* 255, type 255, ext len 21 */
	0x02, 0x00, 0x08,					/* capabilities, 2-octet len 8 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,			/* MP ipv4 unicast */
	0x02, 0x00,						/* route refresh */
	0x02, 0x00, 0x07,					/* capabilities, len 7 */
	0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9,			/* AS4 65001 */
	0x06,							/* a code, no length */
};

/* No optional parameters at all */
static const uint8_t open_bare[] = {
	0x04, 0xfd, 0xe9, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x00,	/* hold 0 */
};

static const struct {
	const char *name;
	const uint8_t *body;
	size_t len;
} valid_opens[] = {
	{ "bird", open_bird, LEN(open_bird) },
	{ "frr", open_frr, LEN(open_frr) },
	{ "gobgp", open_gobgp, LEN(open_gobgp) },
	{ "openbgpd", open_openbgpd, LEN(open_openbgpd) },
	{ "exabgp", open_exabgp, LEN(open_exabgp) },
	{ "rfc9072", open_ext_ok, LEN(open_ext_ok) },
	{ "bare", open_bare, LEN(open_bare) },
};

/* ---- helpers ---- */

static void
decode_ok(const uint8_t *body, size_t len, struct wire_open *o)
{
	struct wire_err err;
	memset(&err, 0, sizeof(err));
	if (!wire_open_decode(body, len, o, &err)) {
		fprintf(stderr, "decode failed: %u/%u %s\n", err.code, err.subcode,
		    err.reason);
		fail();
	}
}

static void
expect_err(const uint8_t *body, size_t len, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t data_len, const char *reason_has)
{
	struct wire_open o;
	struct wire_err err;
	memset(&err, 0, sizeof(err));
	assert_false(wire_open_decode(body, len, &o, &err));
	if (err.code != code || err.subcode != subcode)
		fprintf(stderr, "got %u/%u: %s\n", err.code, err.subcode, err.reason);
	assert_int_equal(err.code, code);
	assert_int_equal(err.subcode, subcode);
	assert_int_equal(err.action, WIRE_SESSION_RESET);
	assert_int_equal(err.data_len, data_len);
	if (data_len)
		assert_memory_equal(wire_err_data(&err), data, data_len);
	assert_true(err.reason[0] != '\0');
	if (reason_has != NULL && strstr(err.reason, reason_has) == NULL) {
		fprintf(stderr, "reason \"%s\" lacks \"%s\"\n", err.reason, reason_has);
		fail();
	}
}

/* An OPEN body around one Capabilities parameter holding caps. */
static size_t
open_with_caps(const uint8_t *caps, size_t n, uint8_t *out)
{
	static const uint8_t fixed[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
	};
	assert_true(n <= 253);
	memcpy(out, fixed, sizeof(fixed));
	out[9] = (uint8_t)(n + 2);
	out[10] = BGP_OPT_PARAM_CAPABILITY;
	out[11] = (uint8_t)n;
	memcpy(out + 12, caps, n);
	return 12 + n;
}

static void
assert_open_equal(const struct wire_open *a, const struct wire_open *b)
{
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->my_as, b->my_as);
	assert_int_equal(a->hold_time, b->hold_time);
	assert_int_equal(a->bgp_id, b->bgp_id);
	for (int i = 0; i < AFS_COUNT; i++) {
		assert_int_equal(a->mp[i], b->mp[i]);
		assert_int_equal(a->addpath[i], b->addpath[i]);
		assert_int_equal(a->gr.afs[i], b->gr.afs[i]);
		assert_int_equal(a->gr.forwarding[i], b->gr.forwarding[i]);
	}
	assert_int_equal(a->route_refresh, b->route_refresh);
	assert_int_equal(a->enhanced_rr, b->enhanced_rr);
	assert_int_equal(a->ext_msg, b->ext_msg);
	assert_int_equal(a->as4_present, b->as4_present);
	assert_int_equal(a->as4, b->as4);
	assert_int_equal(a->gr.present, b->gr.present);
	assert_int_equal(a->gr.restart_state, b->gr.restart_state);
	assert_int_equal(a->gr.notification, b->gr.notification);
	assert_int_equal(a->gr.restart_time, b->gr.restart_time);
	assert_int_equal(a->n_unknown, b->n_unknown);
	for (unsigned i = 0; i < a->n_unknown; i++) {
		assert_int_equal(a->unknown[i].code, b->unknown[i].code);
		assert_int_equal(a->unknown[i].len, b->unknown[i].len);
		if (a->unknown[i].len)
			assert_memory_equal(a->unknown[i].value, b->unknown[i].value,
			    a->unknown[i].len);
	}
	assert_int_equal(a->ext_opt_params, b->ext_opt_params);
}

/*
 * Encode o, emit it, check the header, decode it back into out.
 * RFC 9072 OPENs are not emitted: the tshark of Debian 12 (Wireshark 4.0)
 * does not know the extended form and calls these valid messages malformed.
 */
static size_t
encode_decode(const struct wire_open *o, uint8_t *buf, size_t cap,
    struct wire_open *out)
{
	struct wbuf wb = wb_init(buf, cap);
	assert_true(wire_open_encode(o, &wb));
	bool ext = buf[BGP_HEADER_LEN + 10] == BGP_OPT_PARAM_EXT_LEN &&
	    buf[BGP_HEADER_LEN + 9] != 0;
	if (!ext)
		test_emit(buf, wb.len);

	struct wire_header h;
	struct wire_err err;
	assert_true(wire_header_decode(buf, wb.len, BGP_MAX_MSG_LEN, &h, &err));
	assert_int_equal(h.type, BGP_MSG_OPEN);
	assert_int_equal(h.len, wb.len);
	decode_ok(buf + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, out);
	return wb.len;
}

static void
print_has(const struct wire_open *o, const char *want)
{
	struct sbuf sb;
	sb_init(&sb);
	wire_open_print(o, &sb);
	if (strstr(sb.p, want) == NULL) {
		fprintf(stderr, "print output:\n%s\nlacks \"%s\"\n", sb.p, want);
		sb_free(&sb);
		fail();
	}
	sb_free(&sb);
}

/* ---- daemons' OPENs ---- */

static void
test_open_bird(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_bird, LEN(open_bird), &o);
	assert_int_equal(o.version, 4);
	assert_int_equal(o.my_as, 65001);
	assert_int_equal(o.hold_time, 240);
	assert_int_equal(o.bgp_id, 0xc0000201);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.mp[AFS_IPV6_UNICAST]);
	assert_true(o.route_refresh);
	assert_true(o.enhanced_rr);
	assert_false(o.ext_msg);
	assert_true(o.as4_present);
	assert_int_equal(o.as4, 65001);
	assert_int_equal(wire_open_peer_as(&o), 65001);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], ADDPATH_RX | ADDPATH_TX);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], ADDPATH_RX);
	assert_true(o.gr.present);
	assert_false(o.gr.restart_state);
	assert_false(o.gr.notification);
	assert_int_equal(o.gr.restart_time, 120);
	assert_false(o.gr.afs[AFS_IPV4_UNICAST]);
	assert_false(o.gr.afs[AFS_IPV6_UNICAST]);
	assert_int_equal(o.n_unknown, 1);
	assert_int_equal(o.unknown[0].code, BGP_CAP_LLGR);
	assert_int_equal(o.unknown[0].len, 0);
	assert_false(o.ext_opt_params);
	print_has(&o, "version 4, AS 65001, hold time 240, router id 192.0.2.1\n");
	print_has(&o, "  add-path ipv4-unicast send/receive ipv6-unicast receive\n");
	print_has(&o, "  graceful-restart time 120\n");
	print_has(&o, "  unknown capability 71 len 0\n");
}

static void
test_open_frr(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_frr, LEN(open_frr), &o);
	assert_int_equal(o.my_as, 65002);
	assert_int_equal(o.hold_time, 180);
	assert_int_equal(o.bgp_id, 0x0a000002);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_false(o.mp[AFS_IPV6_UNICAST]);
	assert_true(o.route_refresh);
	assert_true(o.enhanced_rr);
	assert_true(o.ext_msg);
	assert_true(o.as4_present);
	assert_int_equal(o.as4, 65002);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], ADDPATH_RX);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], 0);
	assert_true(o.gr.present);
	assert_true(o.gr.restart_state);
	assert_true(o.gr.notification);
	assert_int_equal(o.gr.restart_time, 120);
	assert_int_equal(o.n_unknown, 2);
	assert_int_equal(o.unknown[0].code, BGP_CAP_FQDN);
	assert_int_equal(o.unknown[0].len, 6);
	/* a view into the message */
	assert_ptr_equal(o.unknown[0].value, open_frr + 50);
	assert_int_equal(o.unknown[1].code, BGP_CAP_LLGR);
	print_has(&o, "  unknown capability 73 len 6: 046672723100\n");
	print_has(&o, "  graceful-restart time 120 R N\n");
	print_has(&o, "  add-path ipv4-unicast receive\n");
	print_has(&o, "  extended-message\n");
	print_has(&o, "  route-refresh\n");
	print_has(&o, "  enhanced-route-refresh\n");
	print_has(&o, "  multiprotocol ipv4-unicast\n");
}

static void
test_open_gobgp(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_gobgp, LEN(open_gobgp), &o);
	assert_int_equal(o.my_as, BGP_AS_TRANS);
	assert_int_equal(o.hold_time, 90);
	assert_int_equal(o.bgp_id, 0xac100001);
	assert_true(o.as4_present);
	assert_int_equal(o.as4, 4200000001u);
	assert_int_equal(wire_open_peer_as(&o), 4200000001u);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.mp[AFS_IPV6_UNICAST]);
	assert_true(o.route_refresh);
	assert_false(o.enhanced_rr);
	assert_true(o.gr.present);
	assert_false(o.gr.restart_state);
	assert_int_equal(o.gr.restart_time, 120);
	assert_true(o.gr.afs[AFS_IPV4_UNICAST]);
	assert_true(o.gr.forwarding[AFS_IPV4_UNICAST]);
	assert_true(o.gr.afs[AFS_IPV6_UNICAST]);
	assert_false(o.gr.forwarding[AFS_IPV6_UNICAST]);
	assert_int_equal(o.n_unknown, 0);
	print_has(&o, "AS 4200000001 (2-octet field 23456), hold time 90, router id 172.16.0.1");
	print_has(&o, "  graceful-restart time 120 ipv4-unicast(F) ipv6-unicast\n");
	print_has(&o, "  4-octet-as 4200000001\n");
}

static void
test_open_openbgpd(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_openbgpd, LEN(open_openbgpd), &o);
	assert_int_equal(o.my_as, 65003);
	assert_int_equal(o.bgp_id, 0xc6336401);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.mp[AFS_IPV6_UNICAST]);
	assert_true(o.route_refresh);
	assert_true(o.gr.present);
	assert_true(o.gr.restart_state);
	assert_false(o.gr.notification);
	assert_int_equal(o.gr.restart_time, 0);
	assert_int_equal(o.as4, 65003);
	assert_int_equal(o.n_unknown, 0);
	print_has(&o, "  graceful-restart time 0 R\n");
}

static void
test_open_exabgp(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_exabgp, LEN(open_exabgp), &o);
	assert_int_equal(o.my_as, 65004);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.mp[AFS_IPV6_UNICAST]);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], 3);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], 3);
	assert_true(o.route_refresh);
	assert_true(o.enhanced_rr);
	assert_false(o.gr.present);
	/* MP for flowspec is kept as it came */
	assert_int_equal(o.n_unknown, 1);
	assert_int_equal(o.unknown[0].code, BGP_CAP_MP);
	assert_int_equal(o.unknown[0].len, 4);
	static const uint8_t flowspec[] = { 0x00, 0x01, 0x00, 0x85 };
	assert_memory_equal(o.unknown[0].value, flowspec, 4);
	print_has(&o, "  multiprotocol afi 1 safi 133\n");
}

static void
test_open_bare(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_bare, LEN(open_bare), &o);
	assert_int_equal(o.hold_time, 0);
	assert_false(o.mp[AFS_IPV4_UNICAST]);
	assert_false(o.as4_present);
	assert_int_equal(wire_open_peer_as(&o), 65001);
	assert_int_equal(o.n_unknown, 0);
}

/* ---- RFC 9072 ---- */

static void
test_open_ext_decode(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_ext_ok, LEN(open_ext_ok), &o);
	assert_true(o.ext_opt_params);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.route_refresh);
	assert_true(o.as4_present);
	assert_int_equal(o.as4, 65001);
	print_has(&o, "extended optional parameters (RFC 9072)");

	/* RFC 9072 §3: type 255 decides even when Opt Parm Len is not 255 */
	static const uint8_t len_not_255[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
		0x09,						/* Opt Parm Len 9 */
		0xff, 0x00, 0x05,				/* type 255, ext len 5 */
		0x02, 0x00, 0x02, 0x46, 0x00,			/* enhanced route refresh */
	};
	decode_ok(len_not_255, LEN(len_not_255), &o);
	assert_true(o.ext_opt_params);
	assert_true(o.enhanced_rr);

	/* the extended form with no parameters at all */
	static const uint8_t ext_empty[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
		0xff, 0xff, 0x00, 0x00,
	};
	decode_ok(ext_empty, LEN(ext_empty), &o);
	assert_true(o.ext_opt_params);
	assert_int_equal(o.n_unknown, 0);
	assert_false(o.route_refresh);

	/* ext length 21 where 20 octets follow */
	expect_err(open_ext_stray, LEN(open_ext_stray) - 1, BGP_ERR_OPEN, 0,
	    NULL, 0, "extended optional parameters length 21, 20 octets follow");
	/* ext length right, but a capability overruns its parameter */
	expect_err(open_ext_stray, LEN(open_ext_stray), BGP_ERR_OPEN, 0,
	    NULL, 0, "capability 6");
}

static void
test_open_ext_errors(void **state)
{
	(void)state;
	/* Opt Parm Len 255, type 255, and no room for the extended length */
	static const uint8_t no_ext_len[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0xff, 0xff, 0x00,
	};
	expect_err(no_ext_len, LEN(no_ext_len), BGP_ERR_OPEN, 0, NULL, 0, NULL);
	/* extended parameter with a 2-octet length past the end */
	static const uint8_t param_overrun[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
		0xff, 0xff, 0x00, 0x05, 0x02, 0x00, 0x03, 0x02, 0x00,
	};
	expect_err(param_overrun, LEN(param_overrun), BGP_ERR_OPEN, 0, NULL, 0,
	    "optional parameter");
	/* extended form with an unknown parameter type */
	static const uint8_t param_type[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
		0xff, 0xff, 0x00, 0x05, 0x01, 0x00, 0x02, 0x00, 0x00,
	};
	expect_err(param_type, LEN(param_type), BGP_ERR_OPEN,
	    BGP_ERR_OPEN_OPT_PARAM, NULL, 0, "type 1");
}

static void
fill_unknown(struct wire_open *o, const uint8_t *value, unsigned n, uint8_t len)
{
	for (unsigned i = 0; i < n; i++) {
		o->unknown[i].code = (uint8_t)(239 + i % 16);	/* private use */
		o->unknown[i].len = len;
		o->unknown[i].value = value;
	}
	o->n_unknown = (uint8_t)n;
}

static void
test_open_ext_encode(void **state)
{
	(void)state;
	uint8_t value[20];
	for (unsigned i = 0; i < sizeof(value); i++)
		value[i] = (uint8_t)(0xa0 + i);

	struct wire_open o, back;
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65001;
	o.hold_time = 90;
	o.bgp_id = 0xc0000201;
	o.mp[AFS_IPV4_UNICAST] = true;
	o.as4_present = true;
	o.as4 = 65001;
	/* 6 + 6 + 16 x 22 = 364 octets of capabilities: more than 253 */
	fill_unknown(&o, value, WIRE_MAX_UNKNOWN_CAPS, sizeof(value));
	o.ext_opt_params = true;	/* what decoding the result must say */

	uint8_t buf[BGP_MAX_MSG_LEN];
	size_t n = encode_decode(&o, buf, sizeof(buf), &back);
	const uint8_t *b = buf + BGP_HEADER_LEN;
	assert_int_equal(n, BGP_HEADER_LEN + 9 + 4 + 3 + 364);
	assert_int_equal(b[9], 255);
	assert_int_equal(b[10], 255);
	assert_int_equal(get_u16(b + 11), 3 + 364);
	assert_int_equal(b[13], BGP_OPT_PARAM_CAPABILITY);
	assert_int_equal(get_u16(b + 14), 364);
	assert_int_equal(b[16], BGP_CAP_MP);
	assert_open_equal(&o, &back);

	/* at the limit of the short form: 253 octets of capabilities */
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65001;
	o.hold_time = 90;
	o.bgp_id = 0xc0000201;
	uint8_t big[253 - 2];
	memset(big, 0x5a, sizeof(big));
	o.unknown[0].code = 239;
	o.unknown[0].len = sizeof(big);
	o.unknown[0].value = big;
	o.n_unknown = 1;
	n = encode_decode(&o, buf, sizeof(buf), &back);
	assert_int_equal(n, BGP_HEADER_LEN + 10 + 255);
	assert_int_equal(buf[BGP_HEADER_LEN + 9], 255);
	assert_int_equal(buf[BGP_HEADER_LEN + 10], BGP_OPT_PARAM_CAPABILITY);
	assert_false(back.ext_opt_params);
	assert_open_equal(&o, &back);

	/* one octet more: extended form */
	uint8_t bigger[253 - 1];
	memset(bigger, 0x5a, sizeof(bigger));
	o.unknown[0].len = sizeof(bigger);
	o.unknown[0].value = bigger;
	o.ext_opt_params = true;
	n = encode_decode(&o, buf, sizeof(buf), &back);
	assert_int_equal(n, BGP_HEADER_LEN + 9 + 4 + 3 + 254);
	assert_true(back.ext_opt_params);
	assert_open_equal(&o, &back);
}

/* ---- encoding ---- */

static void
test_open_encode_bytes(void **state)
{
	(void)state;
	static const uint8_t want[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x45, 0x01,
		0x04, 0x5b, 0xa0, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01,
		0x28, 0x02, 0x26,
		0x01, 0x04, 0x00, 0x01, 0x00, 0x01,
		0x01, 0x04, 0x00, 0x02, 0x00, 0x01,
		0x02, 0x00,
		0x46, 0x00,
		0x06, 0x00,
		0x41, 0x04, 0x00, 0x01, 0x00, 0x00,
		0x45, 0x04, 0x00, 0x01, 0x01, 0x03,
		0x40, 0x06, 0x80, 0x78, 0x00, 0x01, 0x01, 0x80,
	};
	struct wire_open o, back;
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = BGP_AS_TRANS;		/* written as given */
	o.hold_time = 90;
	o.bgp_id = 0xc0000201;
	o.mp[AFS_IPV4_UNICAST] = o.mp[AFS_IPV6_UNICAST] = true;
	o.route_refresh = true;
	o.enhanced_rr = true;
	o.ext_msg = true;
	o.as4_present = true;
	o.as4 = 65536;
	o.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX | ADDPATH_TX;
	o.gr.present = true;
	o.gr.restart_state = true;
	o.gr.restart_time = 120;
	o.gr.afs[AFS_IPV4_UNICAST] = true;
	o.gr.forwarding[AFS_IPV4_UNICAST] = true;

	uint8_t buf[256];
	size_t n = encode_decode(&o, buf, sizeof(buf), &back);
	assert_bytes_equal(buf, n, want, LEN(want));
	assert_open_equal(&o, &back);
	assert_int_equal(wire_open_peer_as(&back), 65536);
}

static void
test_open_encode_bare(void **state)
{
	(void)state;
	struct wire_open o, back;
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65001;
	o.bgp_id = 0xc0000201;
	uint8_t buf[64];
	size_t n = encode_decode(&o, buf, sizeof(buf), &back);
	assert_int_equal(n, BGP_OPEN_MIN_LEN);
	assert_bytes_equal(buf + BGP_HEADER_LEN, n - BGP_HEADER_LEN, open_bare,
	    LEN(open_bare));
	assert_open_equal(&o, &back);
}

static void
test_open_encode_no_room(void **state)
{
	(void)state;
	struct wire_open o;
	decode_ok(open_bird, LEN(open_bird), &o);
	uint8_t buf[BGP_MAX_MSG_LEN + 200];
	struct wbuf full = wb_init(buf, sizeof(buf));
	assert_true(wire_open_encode(&o, &full));
	size_t need = full.len;
	/* every buffer too small: false, nothing written, overflow flagged */
	for (size_t cap = 0; cap < need; cap++) {
		struct wbuf wb = wb_init(buf, cap);
		assert_false(wire_open_encode(&o, &wb));
		assert_int_equal(wb.len, 0);
		assert_true(wb.overflow);
	}
	struct wbuf exact = wb_init(buf, need);
	assert_true(wire_open_encode(&o, &exact));
	assert_int_equal(exact.len, need);
	test_emit(buf, exact.len);
	/* 16 unknown capabilities of 255 octets: over 4096, never sent */
	uint8_t value[255];
	memset(value, 0x11, sizeof(value));
	fill_unknown(&o, value, WIRE_MAX_UNKNOWN_CAPS, sizeof(value));
	struct wbuf wb = wb_init(buf, sizeof(buf));
	wb.len = 7;			/* something already in the buffer stays */
	assert_false(wire_open_encode(&o, &wb));
	assert_int_equal(wb.len, 7);
}

static void
test_open_roundtrip_daemons(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid_opens) / sizeof(valid_opens[0]); i++) {
		struct wire_open o, back;
		uint8_t buf[BGP_MAX_MSG_LEN];
		decode_ok(valid_opens[i].body, valid_opens[i].len, &o);
		/* the encoder picks the short form when it fits */
		o.ext_opt_params = false;
		encode_decode(&o, buf, sizeof(buf), &back);
		assert_open_equal(&o, &back);
	}
}

/* ---- truncation ---- */

static void
test_open_truncated(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(valid_opens) / sizeof(valid_opens[0]); v++) {
		const uint8_t *body = valid_opens[v].body;
		size_t len = valid_opens[v].len;
		for (size_t i = 0; i < len; i++) {
			struct wire_open o;
			struct wire_err err;
			memset(&err, 0, sizeof(err));
			/* a copy of exactly i octets, so ASan sees any overread */
			uint8_t *cut = test_malloc(i ? i : 1);
			memcpy(cut, body, i);
			bool ok = wire_open_decode(cut, i, &o, &err);
			test_free(cut);
			if (ok)
				fprintf(stderr, "%s cut at %zu decoded\n",
				    valid_opens[v].name, i);
			assert_false(ok);
			if (i < 10) {
				assert_int_equal(err.code, BGP_ERR_HEADER);
				assert_int_equal(err.subcode, BGP_ERR_HDR_BAD_LEN);
				assert_int_equal(err.data_len, 2);
				assert_int_equal(get_u16(wire_err_data(&err)),
				    BGP_HEADER_LEN + i);
			} else {
				assert_int_equal(err.code, BGP_ERR_OPEN);
				assert_int_equal(err.subcode, 0);
				assert_int_equal(err.data_len, 0);
			}
		}
	}
}

/* ---- errors of the fixed part ---- */

static void
test_open_bad_version(void **state)
{
	(void)state;
	static const uint8_t v3[] = {
		0x03, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t v5[] = {
		0x05, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t four[] = { 0x00, 0x04 };
	expect_err(v3, LEN(v3), BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, four, 2, "version 3");
	expect_err(v5, LEN(v5), BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, four, 2, "version 5");
}

static void
test_open_hold_time(void **state)
{
	(void)state;
	static const uint8_t hold1[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t hold2[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x02, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t hold3[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x03, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t hold_max[] = {
		0x04, 0xfd, 0xe9, 0xff, 0xff, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	expect_err(hold1, LEN(hold1), BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME, NULL, 0, "hold time 1");
	expect_err(hold2, LEN(hold2), BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME, NULL, 0, "hold time 2");
	struct wire_open o;
	decode_ok(hold3, LEN(hold3), &o);
	assert_int_equal(o.hold_time, 3);
	decode_ok(hold_max, LEN(hold_max), &o);
	assert_int_equal(o.hold_time, 65535);
	decode_ok(open_bare, LEN(open_bare), &o);	/* hold time 0 */
	assert_int_equal(o.hold_time, 0);
}

static void
test_open_bad_id(void **state)
{
	(void)state;
	static const uint8_t id0[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t id_bcast[] = {	/* RFC 6286: any non-zero value */
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xff, 0xff, 0xff, 0xff, 0x00,
	};
	expect_err(id0, LEN(id0), BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_ID, NULL, 0, "identifier");
	struct wire_open o;
	decode_ok(id_bcast, LEN(id_bcast), &o);
	assert_int_equal(o.bgp_id, 0xffffffff);
}

static void
test_open_as_zero(void **state)
{
	(void)state;
	static const uint8_t as0[] = {
		0x04, 0x00, 0x00, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t as4_0[] = {
		0x04, 0x5b, 0xa0, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x08,
		0x02, 0x06, 0x41, 0x04, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t zero[4];
	expect_err(as0, LEN(as0), BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_AS, zero, 2, "AS 0");
	expect_err(as4_0, LEN(as4_0), BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_AS, zero, 4, "4-octet");
}

/* ---- errors of the optional parameters ---- */

static void
test_open_unsupported_param(void **state)
{
	(void)state;
	/* type 1, the withdrawn Authentication Information */
	static const uint8_t auth[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x05,
		0x01, 0x03, 0x01, 0x02, 0x03,
	};
	/* a capability parameter, then type 3 */
	static const uint8_t after_caps[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x06,
		0x02, 0x02, 0x02, 0x00, 0x03, 0x00,
	};
	expect_err(auth, LEN(auth), BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM, NULL, 0, "type 1");
	expect_err(after_caps, LEN(after_caps), BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM,
	    NULL, 0, "type 3");
}

static void
test_open_opt_len_mismatch(void **state)
{
	(void)state;
	/* Opt Parm Len 8, 6 octets follow */
	static const uint8_t overrun[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x08,
		0x02, 0x04, 0x02, 0x00, 0x46, 0x00,
	};
	/* Opt Parm Len 4, 6 octets follow */
	static const uint8_t trailing[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x04,
		0x02, 0x02, 0x02, 0x00, 0x46, 0x00,
	};
	/* Opt Parm Len 255 but not the RFC 9072 form */
	static const uint8_t len255[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0xff,
		0x02, 0x02, 0x02, 0x00,
	};
	expect_err(overrun, LEN(overrun), BGP_ERR_OPEN, 0, NULL, 0,
	    "optional parameters length 8, 6 octets follow");
	expect_err(trailing, LEN(trailing), BGP_ERR_OPEN, 0, NULL, 0,
	    "optional parameters length 4, 6 octets follow");
	expect_err(len255, LEN(len255), BGP_ERR_OPEN, 0, NULL, 0, NULL);
}

static void
test_open_param_overrun(void **state)
{
	(void)state;
	/* parameter length 5 in 4 octets of parameters */
	static const uint8_t param[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x04,
		0x02, 0x05, 0x02, 0x00,
	};
	/* a lone parameter type octet */
	static const uint8_t lone[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x05,
		0x02, 0x02, 0x02, 0x00, 0x02,
	};
	expect_err(param, LEN(param), BGP_ERR_OPEN, 0, NULL, 0, "optional parameter");
	expect_err(lone, LEN(lone), BGP_ERR_OPEN, 0, NULL, 0, "optional parameter");
}

static void
test_open_cap_overrun(void **state)
{
	(void)state;
	/* AS4 capability says 4 octets, its parameter holds 2 */
	static const uint8_t cap[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x06,
		0x02, 0x04, 0x41, 0x04, 0x00, 0x00,
		/* the rest sits in the next parameter: no help */
	};
	/* a capability code with no length octet */
	static const uint8_t code_only[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x05,
		0x02, 0x03, 0x02, 0x00, 0x46,
	};
	/* a capability straddling two parameters */
	static const uint8_t straddle[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x0a,
		0x02, 0x04, 0x41, 0x04, 0x00, 0x00,
		0x02, 0x02, 0xfd, 0xe9,
	};
	expect_err(cap, LEN(cap), BGP_ERR_OPEN, 0, NULL, 0, "capability 65");
	expect_err(code_only, LEN(code_only), BGP_ERR_OPEN, 0, NULL, 0, "capability 70");
	expect_err(straddle, LEN(straddle), BGP_ERR_OPEN, 0, NULL, 0, "capability 65");
}

/* Known capabilities with a length their RFC does not allow. */
static const uint8_t bad_mp3[] = { 0x01, 0x03, 0x00, 0x01, 0x00 };
static const uint8_t bad_mp5[] = { 0x01, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00 };
static const uint8_t bad_rr[] = { 0x02, 0x01, 0x00 };
static const uint8_t bad_rr_old[] = { 0x80, 0x01, 0x00 };
static const uint8_t bad_err[] = { 0x46, 0x02, 0x00, 0x00 };
static const uint8_t bad_ext_msg[] = { 0x06, 0x01, 0x00 };
static const uint8_t bad_as4_2[] = { 0x41, 0x02, 0xfd, 0xe9 };
static const uint8_t bad_as4_0[] = { 0x41, 0x00 };
static const uint8_t bad_addpath_len[] = { 0x45, 0x03, 0x00, 0x01, 0x01 };
static const uint8_t bad_addpath_len5[] = { 0x45, 0x05, 0x00, 0x01, 0x01, 0x01, 0x00 };
static const uint8_t bad_addpath_sr0[] = { 0x45, 0x04, 0x00, 0x01, 0x01, 0x00 };
static const uint8_t bad_addpath_sr4[] = {
	0x45, 0x08, 0x00, 0x01, 0x01, 0x01, 0x00, 0x02, 0x01, 0x04,
};
static const uint8_t bad_gr0[] = { 0x40, 0x00 };
static const uint8_t bad_gr1[] = { 0x40, 0x01, 0x00 };
static const uint8_t bad_gr4[] = { 0x40, 0x04, 0x00, 0x78, 0x00, 0x01 };

static const struct {
	const uint8_t *cap;
	size_t len;
	const char *reason;
} bad_caps[] = {
	{ bad_mp3, LEN(bad_mp3), "multiprotocol capability has length 3" },
	{ bad_mp5, LEN(bad_mp5), "multiprotocol capability has length 5" },
	{ bad_rr, LEN(bad_rr), "route-refresh capability has length 1" },
	{ bad_rr_old, LEN(bad_rr_old), "route-refresh capability has length 1" },
	{ bad_err, LEN(bad_err), "enhanced route-refresh capability has length 2" },
	{ bad_ext_msg, LEN(bad_ext_msg), "extended message capability has length 1" },
	{ bad_as4_2, LEN(bad_as4_2), "4-octet AS capability has length 2" },
	{ bad_as4_0, LEN(bad_as4_0), "4-octet AS capability has length 0" },
	{ bad_addpath_len, LEN(bad_addpath_len), "add-path capability has length 3" },
	{ bad_addpath_len5, LEN(bad_addpath_len5), "add-path capability has length 5" },
	{ bad_addpath_sr0, LEN(bad_addpath_sr0), "send/receive value 0" },
	{ bad_addpath_sr4, LEN(bad_addpath_sr4), "send/receive value 4" },
	{ bad_gr0, LEN(bad_gr0), "graceful-restart capability has length 0" },
	{ bad_gr1, LEN(bad_gr1), "graceful-restart capability has length 1" },
	{ bad_gr4, LEN(bad_gr4), "graceful-restart capability has length 4" },
};

static void
test_open_bad_cap_len(void **state)
{
	(void)state;
	static const uint8_t good_first[] = { 0x01, 0x04, 0x00, 0x01, 0x00, 0x01 };
	for (size_t i = 0; i < sizeof(bad_caps) / sizeof(bad_caps[0]); i++) {
		uint8_t caps[64], body[128];
		/* alone, and after a good capability */
		size_t n = open_with_caps(bad_caps[i].cap, bad_caps[i].len, body);
		expect_err(body, n, BGP_ERR_OPEN, 0, NULL, 0, bad_caps[i].reason);
		memcpy(caps, good_first, sizeof(good_first));
		memcpy(caps + sizeof(good_first), bad_caps[i].cap, bad_caps[i].len);
		n = open_with_caps(caps, sizeof(good_first) + bad_caps[i].len, body);
		expect_err(body, n, BGP_ERR_OPEN, 0, NULL, 0, bad_caps[i].reason);
	}
}

/* ---- capability details ---- */

static void
test_open_caps_accumulate(void **state)
{
	(void)state;
	/* MP and add-path in separate parameters, add-path split in two */
	static const uint8_t body[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x24,
		0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01,
		0x02, 0x06, 0x45, 0x04, 0x00, 0x01, 0x01, 0x02,
		0x02, 0x06, 0x01, 0x04, 0x00, 0x02, 0x00, 0x01,
		0x02, 0x06, 0x45, 0x04, 0x00, 0x02, 0x01, 0x01,
		0x02, 0x02, 0x80, 0x00,		/* only the old route refresh */
	};
	struct wire_open o;
	decode_ok(body, LEN(body), &o);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_true(o.mp[AFS_IPV6_UNICAST]);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], ADDPATH_TX);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], ADDPATH_RX);
	assert_true(o.route_refresh);
	assert_false(o.as4_present);
	assert_int_equal(o.n_unknown, 0);
	print_has(&o, "  add-path ipv4-unicast send ipv6-unicast receive\n");
}

static void
test_open_addpath_families(void **state)
{
	(void)state;
	/* all tuples for families we do not speak: kept whole */
	static const uint8_t all_unknown[] = {
		0x45, 0x08, 0x00, 0x01, 0x80, 0x03, 0x00, 0x19, 0x46, 0x01,
	};
	/* mixed: the unknown tuple is dropped */
	static const uint8_t mixed[] = {
		0x45, 0x08, 0x00, 0x01, 0x80, 0x03, 0x00, 0x02, 0x01, 0x03,
	};
	uint8_t body[64];
	struct wire_open o;
	size_t n = open_with_caps(all_unknown, LEN(all_unknown), body);
	decode_ok(body, n, &o);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], 0);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], 0);
	assert_int_equal(o.n_unknown, 1);
	assert_int_equal(o.unknown[0].code, BGP_CAP_ADDPATH);
	assert_int_equal(o.unknown[0].len, 8);
	assert_memory_equal(o.unknown[0].value, all_unknown + 2, 8);
	print_has(&o, "  add-path afi 1 safi 128 send/receive afi 25 safi 70 receive\n");

	n = open_with_caps(mixed, LEN(mixed), body);
	decode_ok(body, n, &o);
	assert_int_equal(o.addpath[AFS_IPV4_UNICAST], 0);
	assert_int_equal(o.addpath[AFS_IPV6_UNICAST], 3);
	assert_int_equal(o.n_unknown, 0);
}

static void
test_open_gr_detail(void **state)
{
	(void)state;
	/* R and N, the largest 12-bit time, an unknown family ignored */
	static const uint8_t gr[] = {
		0x40, 0x0e, 0xcf, 0xff,
		0x00, 0x02, 0x01, 0x80,
		0x00, 0x01, 0x80, 0x80,
		0x00, 0x01, 0x01, 0x7f,		/* other flag bits are not F */
	};
	uint8_t body[64];
	struct wire_open o;
	size_t n = open_with_caps(gr, LEN(gr), body);
	decode_ok(body, n, &o);
	assert_true(o.gr.present);
	assert_true(o.gr.restart_state);
	assert_true(o.gr.notification);
	assert_int_equal(o.gr.restart_time, 4095);
	assert_true(o.gr.afs[AFS_IPV4_UNICAST]);
	assert_false(o.gr.forwarding[AFS_IPV4_UNICAST]);
	assert_true(o.gr.afs[AFS_IPV6_UNICAST]);
	assert_true(o.gr.forwarding[AFS_IPV6_UNICAST]);
	assert_int_equal(o.n_unknown, 0);
	print_has(&o, "  graceful-restart time 4095 R N ipv4-unicast ipv6-unicast(F)\n");
}

static void
test_open_unknown_caps(void **state)
{
	(void)state;
	/* 20 unknown capabilities of 2 octets each: the first 16 are kept */
	uint8_t caps[20 * 4], body[128];
	for (unsigned i = 0; i < 20; i++) {
		caps[4 * i] = (uint8_t)(200 + i);
		caps[4 * i + 1] = 2;
		caps[4 * i + 2] = (uint8_t)i;
		caps[4 * i + 3] = 0xee;
	}
	size_t n = open_with_caps(caps, sizeof(caps), body);
	struct wire_open o;
	decode_ok(body, n, &o);
	assert_int_equal(o.n_unknown, WIRE_MAX_UNKNOWN_CAPS);
	for (unsigned i = 0; i < WIRE_MAX_UNKNOWN_CAPS; i++) {
		assert_int_equal(o.unknown[i].code, 200 + i);
		assert_int_equal(o.unknown[i].len, 2);
		assert_int_equal(o.unknown[i].value[0], i);
		assert_ptr_equal(o.unknown[i].value, body + 12 + 4 * i + 2);
	}
	print_has(&o, "  unknown capability 215 len 2: 0fee\n");

	/* codes we name but do not parse are kept too, lengths unchecked */
	static const uint8_t others[] = {
		0x05, 0x06, 0x00, 0x01, 0x00, 0x01, 0x00, 0x02,	/* extended next hop */
		0x09, 0x01, 0x03,				/* role: customer */
		0x00, 0x00,					/* reserved code 0 */
	};
	n = open_with_caps(others, LEN(others), body);
	decode_ok(body, n, &o);
	assert_int_equal(o.n_unknown, 3);
	assert_int_equal(o.unknown[0].code, BGP_CAP_EXT_NEXTHOP);
	assert_int_equal(o.unknown[1].code, BGP_CAP_ROLE);
	assert_int_equal(o.unknown[2].code, 0);
	print_has(&o, "  unknown capability 5 len 6: 000100010002\n");
	print_has(&o, "  unknown capability 9 len 1: 03\n");
}

static void
test_open_repeated(void **state)
{
	(void)state;
	/* the same capabilities twice: idempotent; AS4 twice: the last wins */
	static const uint8_t caps[] = {
		0x01, 0x04, 0x00, 0x01, 0x00, 0x01,
		0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9,
		0x01, 0x04, 0x00, 0x01, 0x00, 0x01,
		0x41, 0x04, 0x00, 0x00, 0xfd, 0xea,
		0x06, 0x00, 0x06, 0x00,
	};
	uint8_t body[64];
	struct wire_open o;
	size_t n = open_with_caps(caps, LEN(caps), body);
	decode_ok(body, n, &o);
	assert_true(o.mp[AFS_IPV4_UNICAST]);
	assert_int_equal(o.as4, 65002);
	assert_true(o.ext_msg);
	assert_int_equal(o.n_unknown, 0);
}

static void
test_open_empty_cap_param(void **state)
{
	(void)state;
	/* an empty Capabilities parameter is allowed (RFC 5492 §4) */
	static const uint8_t body[] = {
		0x04, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x02,
		0x02, 0x00,
	};
	struct wire_open o;
	decode_ok(body, LEN(body), &o);
	assert_int_equal(o.n_unknown, 0);
	assert_false(o.mp[AFS_IPV4_UNICAST]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_bird),
		cmocka_unit_test(test_open_frr),
		cmocka_unit_test(test_open_gobgp),
		cmocka_unit_test(test_open_openbgpd),
		cmocka_unit_test(test_open_exabgp),
		cmocka_unit_test(test_open_bare),
		cmocka_unit_test(test_open_ext_decode),
		cmocka_unit_test(test_open_ext_errors),
		cmocka_unit_test(test_open_ext_encode),
		cmocka_unit_test(test_open_encode_bytes),
		cmocka_unit_test(test_open_encode_bare),
		cmocka_unit_test(test_open_encode_no_room),
		cmocka_unit_test(test_open_roundtrip_daemons),
		cmocka_unit_test(test_open_truncated),
		cmocka_unit_test(test_open_bad_version),
		cmocka_unit_test(test_open_hold_time),
		cmocka_unit_test(test_open_bad_id),
		cmocka_unit_test(test_open_as_zero),
		cmocka_unit_test(test_open_unsupported_param),
		cmocka_unit_test(test_open_opt_len_mismatch),
		cmocka_unit_test(test_open_param_overrun),
		cmocka_unit_test(test_open_cap_overrun),
		cmocka_unit_test(test_open_bad_cap_len),
		cmocka_unit_test(test_open_caps_accumulate),
		cmocka_unit_test(test_open_addpath_families),
		cmocka_unit_test(test_open_gr_detail),
		cmocka_unit_test(test_open_unknown_caps),
		cmocka_unit_test(test_open_repeated),
		cmocka_unit_test(test_open_empty_cap_param),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
