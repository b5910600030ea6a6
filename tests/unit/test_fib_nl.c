/*
 * test_fib_nl.c -- the FIB's netlink messages, byte by byte: routes with a
 * nexthop group id, RTA_MULTIPATH, RTA_VIA, tables above 255, deletions;
 * nexthop objects, hash-threshold and resilient groups; and the parsers of
 * what the kernel sends (route and nexthop dumps, extended ACKs), lenient
 * with what they do not know and strict with lengths.
 */
#include "config.h"

#include "testlib.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "fib_int.h"
#include "nl.h"

/* host-order helpers for the expected bytes (the machine is little-endian or not: build them) */
#define U16(v) (uint8_t)((v) & 0xff), (uint8_t)((v) >> 8)
#define U32(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff), \
	(uint8_t)(((v) >> 16) & 0xff), (uint8_t)((v) >> 24)
/* an attribute header: length (header included), type */
#define NLA(len, type) U16(len), U16(type)

static bool
little_endian(void)
{
	uint16_t x = 1;
	return *(uint8_t *)&x == 1;
}

static struct prefix
pfx(const char *s)
{
	struct prefix p;
	assert_true(prefix_parse(s, &p));
	return p;
}

static struct nl_gw
gw(const char *a, uint32_t oif)
{
	struct nl_gw g = { .oif = oif };
	if (inet_pton(AF_INET, a, g.addr) == 1)
		g.afs = AFS_IPV4_UNICAST;
	else
		assert_int_equal(inet_pton(AF_INET6, a, g.addr), 1), g.afs = AFS_IPV6_UNICAST;
	return g;
}

static void
test_route_nhid(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[256];
	struct prefix p = pfx("10.1.1.0/24");
	struct nl_route_req rq = { .type = RTM_NEWROUTE, .pfx = &p, .table = 254, .protocol = 186,
		.metric = 20, .nhid = 186000004 };
	struct nlmsghdr *nlh = nl_route_put(buf, sizeof(buf), 7, &rq);
	assert_non_null(nlh);
	const uint8_t want[] = {
		U32(52), U16(RTM_NEWROUTE), U16(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
		U32(7), U32(0),
		/* rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags */
		AF_INET, 24, 0, 0, 254, 186, RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(8, RTA_DST), 10, 1, 1, 0,
		NLA(8, RTA_PRIORITY), U32(20),
		NLA(8, RTA_NH_ID), U32(186000004),
	};
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));
	/* every shorter buffer is refused, never overrun */
	uint8_t small[sizeof(want)];
	for (size_t cap = 0; cap < sizeof(want); cap++)
		assert_null(nl_route_put(small, cap, 7, &rq));
}

static void
test_route_big_table_and_delete(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[256];
	struct prefix p = pfx("2001:db8:1::/64");
	struct nl_route_req rq = { .type = RTM_DELROUTE, .pfx = &p, .table = 1000, .protocol = 186,
		.metric = 20, .nhid = 99 };
	struct nlmsghdr *nlh = nl_route_put(buf, sizeof(buf), 1, &rq);
	assert_non_null(nlh);
	const uint8_t want[] = {
		U32(64), U16(RTM_DELROUTE), U16(NLM_F_REQUEST | NLM_F_ACK), U32(1), U32(0),
		AF_INET6, 64, 0, 0, RT_TABLE_UNSPEC, 186, RT_SCOPE_NOWHERE, RTN_UNSPEC, U32(0),
		NLA(20, RTA_DST), 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		NLA(8, RTA_TABLE), U32(1000),
		NLA(8, RTA_PRIORITY), U32(20),
		/* a deletion names the route by its key: no next hops, no group */
	};
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));
}

static void
test_route_default_has_no_dst(void **state)
{
	uint8_t buf[256];
	struct prefix p = pfx("0.0.0.0/0");
	struct nl_route_req rq = { .type = RTM_NEWROUTE, .pfx = &p, .table = 254, .protocol = 186,
		.metric = 20, .nhid = 5 };
	struct nlmsghdr *nlh = nl_route_put(buf, sizeof(buf), 1, &rq);
	assert_non_null(nlh);
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct rtmsg))
		assert_int_not_equal(mnl_attr_get_type(a), RTA_DST);
}

static void
test_route_multipath(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[512];
	struct prefix p = pfx("10.1.1.0/24");
	struct nl_gw g[2] = { gw("10.0.0.105", 3), gw("10.0.0.106", 4) };
	struct nl_route_req rq = { .type = RTM_NEWROUTE, .pfx = &p, .table = 254, .protocol = 186,
		.metric = 20, .n_gw = 2, .gw = g };
	struct nlmsghdr *nlh = nl_route_put(buf, sizeof(buf), 2, &rq);
	assert_non_null(nlh);
	const uint8_t want[] = {
		U32(80), U16(RTM_NEWROUTE), U16(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
		U32(2), U32(0),
		AF_INET, 24, 0, 0, 254, 186, RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(8, RTA_DST), 10, 1, 1, 0,
		NLA(8, RTA_PRIORITY), U32(20),
		NLA(36, RTA_MULTIPATH),
		/* rtnexthop: len, flags, hops (weight - 1), ifindex; then its RTA_GATEWAY */
		U16(16), 0, 0, U32(3), NLA(8, RTA_GATEWAY), 10, 0, 0, 105,
		U16(16), 0, 0, U32(4), NLA(8, RTA_GATEWAY), 10, 0, 0, 106,
	};
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));
	uint8_t small[sizeof(want)];
	for (size_t cap = 0; cap < sizeof(want); cap++)
		assert_null(nl_route_put(small, cap, 2, &rq));

	/* and back */
	static struct nl_route_info ri;
	assert_true(nl_route_parse(nlh, &ri));
	assert_int_equal(ri.n_gw, 2);
	assert_int_equal(ri.gw[1].oif, 4);
	assert_int_equal(ri.gw[1].afs, AFS_IPV4_UNICAST);
	assert_int_equal(ri.gw[1].addr[3], 106);
	assert_int_equal(ri.metric, 20);
	assert_int_equal(ri.table, 254);
	struct prefix q;
	assert_true(nl_route_prefix(&ri, &q));
	assert_true(prefix_equal(&p, &q));
}

static void
test_route_single_gateway_and_via(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[512];
	struct prefix p = pfx("10.1.2.0/24");
	struct nl_gw g = gw("10.0.0.105", 3);
	struct nl_route_req rq = { .type = RTM_NEWROUTE, .pfx = &p, .table = 254, .protocol = 186,
		.metric = 20, .n_gw = 1, .gw = &g };
	struct nlmsghdr *nlh = nl_route_put(buf, sizeof(buf), 2, &rq);
	const uint8_t want_gw[] = {
		NLA(8, RTA_GATEWAY), 10, 0, 0, 105,
		NLA(8, RTA_OIF), U32(3),
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh + nlh->nlmsg_len - sizeof(want_gw), sizeof(want_gw),
	    want_gw, sizeof(want_gw));

	/* RFC 8950: an IPv4 route via an IPv6 next hop goes in RTA_VIA */
	struct nl_gw g6 = gw("fe80::1", 3);
	rq.gw = &g6;
	nlh = nl_route_put(buf, sizeof(buf), 2, &rq);
	assert_non_null(nlh);
	const uint8_t want_via[] = {
		NLA(22, RTA_VIA), U16(AF_INET6), 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0, 0,	/* padding */
		NLA(8, RTA_OIF), U32(3),
	};
	assert_bytes_equal((uint8_t *)nlh + nlh->nlmsg_len - sizeof(want_via), sizeof(want_via),
	    want_via, sizeof(want_via));
	static struct nl_route_info ri;
	assert_true(nl_route_parse(nlh, &ri));
	assert_int_equal(ri.n_gw, 1);
	assert_int_equal(ri.gw[0].afs, AFS_IPV6_UNICAST);
	assert_int_equal(ri.gw[0].addr[0], 0xfe);
	assert_int_equal(ri.gw[0].oif, 3);
}

static void
test_route_dump_request(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[128];
	struct nlmsghdr *nlh = nl_route_dump_put(buf, sizeof(buf), 9, AF_INET6, 4000, 186);
	const uint8_t want[] = {
		U32(36), U16(RTM_GETROUTE), U16(NLM_F_REQUEST | NLM_F_DUMP), U32(9), U32(0),
		AF_INET6, 0, 0, 0, RT_TABLE_UNSPEC, 186, 0, 0, U32(0),
		NLA(8, RTA_TABLE), U32(4000),
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));
}

static void
test_nexthop_single(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[256];
	struct nl_gw g = gw("10.0.0.105", 3);
	struct nl_nh_req rq = { .type = RTM_NEWNEXTHOP, .flags = NLM_F_CREATE | NLM_F_EXCL,
		.id = 186000001, .protocol = 186, .gw = &g };
	struct nlmsghdr *nlh = nl_nexthop_put(buf, sizeof(buf), 3, &rq);
	const uint8_t want[] = {
		U32(48), U16(RTM_NEWNEXTHOP), U16(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
		U32(3), U32(0),
		/* nhmsg: family, scope, protocol, resvd, flags */
		AF_INET, 0, 186, 0, U32(0),
		NLA(8, NHA_ID), U32(186000001),
		NLA(8, NHA_OIF), U32(3),
		NLA(8, NHA_GATEWAY), 10, 0, 0, 105,
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));
	uint8_t small[sizeof(want)];
	for (size_t cap = 0; cap < sizeof(want); cap++)
		assert_null(nl_nexthop_put(small, cap, 3, &rq));
	static struct nl_nh_info ni;
	assert_true(nl_nexthop_parse(nlh, &ni));
	assert_int_equal(ni.id, 186000001);
	assert_true(ni.has_gw);
	assert_int_equal(ni.oif, 3);
	assert_int_equal(ni.protocol, 186);
	assert_false(ni.is_group);
}

static void
test_nexthop_resilient_group(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[256];
	uint32_t ids[3] = { 186000001, 186000002, 186000003 };
	struct nl_nh_req rq = { .type = RTM_NEWNEXTHOP, .flags = NLM_F_CREATE | NLM_F_REPLACE,
		.id = 186000009, .protocol = 186, .n_grp = 3, .grp = ids,
		.grp_type = NEXTHOP_GRP_TYPE_RES, .buckets = 128, .idle_timer = 120, .unbalanced_timer = 0 };
	struct nlmsghdr *nlh = nl_nexthop_put(buf, sizeof(buf), 4, &rq);
	assert_non_null(nlh);
	/* the nest: buckets, idle timer in clock ticks (USER_HZ 100), unbalanced timer */
	const uint8_t want_tail[] = {
		NLA(28, NHA_RES_GROUP | NLA_F_NESTED),
		NLA(6, NHA_RES_GROUP_BUCKETS), U16(128), 0, 0,
		NLA(8, NHA_RES_GROUP_IDLE_TIMER), U32(12000),
		NLA(8, NHA_RES_GROUP_UNBALANCED_TIMER), U32(0),
	};
	const uint8_t want_head[] = {
		U32(96), U16(RTM_NEWNEXTHOP), U16(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
		U32(4), U32(0),
		AF_UNSPEC, 0, 186, 0, U32(0),
		NLA(8, NHA_ID), U32(186000009),
		NLA(28, NHA_GROUP), U32(186000001), 0, 0, U16(0), U32(186000002), 0, 0, U16(0),
		U32(186000003), 0, 0, U16(0),
		NLA(6, NHA_GROUP_TYPE), U16(NEXTHOP_GRP_TYPE_RES), 0, 0,
	};
	assert_int_equal(nlh->nlmsg_len, sizeof(want_head) + sizeof(want_tail));
	assert_bytes_equal((uint8_t *)nlh, sizeof(want_head), want_head, sizeof(want_head));
	assert_bytes_equal((uint8_t *)nlh + sizeof(want_head), sizeof(want_tail), want_tail,
	    sizeof(want_tail));
	uint8_t small[128];
	for (size_t cap = 0; cap < nlh->nlmsg_len; cap++)
		assert_null(nl_nexthop_put(small, cap, 4, &rq));

	static struct nl_nh_info ni;
	assert_true(nl_nexthop_parse(nlh, &ni));
	assert_true(ni.is_group);
	assert_int_equal(ni.n_grp, 3);
	assert_int_equal(ni.grp[2], 186000003);
	assert_int_equal(ni.grp_type, NEXTHOP_GRP_TYPE_RES);
	assert_int_equal(ni.buckets, 128);
	assert_int_equal(ni.idle_timer, 120);	/* back in seconds */
}

static void
test_nexthop_mpath_group_and_delete(void **state)
{
	if (!little_endian())
		skip();
	uint8_t buf[256];
	uint32_t ids[1] = { 5 };
	struct nl_nh_req rq = { .type = RTM_NEWNEXTHOP, .id = 6, .protocol = 186, .n_grp = 1,
		.grp = ids, .grp_type = NEXTHOP_GRP_TYPE_MPATH, .buckets = 128 };
	struct nlmsghdr *nlh = nl_nexthop_put(buf, sizeof(buf), 5, &rq);
	const uint8_t want[] = {
		U32(52), U16(RTM_NEWNEXTHOP), U16(NLM_F_REQUEST | NLM_F_ACK), U32(5), U32(0),
		AF_UNSPEC, 0, 186, 0, U32(0),
		NLA(8, NHA_ID), U32(6),
		NLA(12, NHA_GROUP), U32(5), 0, 0, U16(0),
		NLA(6, NHA_GROUP_TYPE), U16(NEXTHOP_GRP_TYPE_MPATH), 0, 0,
		/* no NHA_RES_GROUP for a hash-threshold group */
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want, sizeof(want));

	struct nl_nh_req del = { .type = RTM_DELNEXTHOP, .id = 6, .protocol = 186 };
	nlh = nl_nexthop_put(buf, sizeof(buf), 6, &del);
	const uint8_t want_del[] = {
		U32(32), U16(RTM_DELNEXTHOP), U16(NLM_F_REQUEST | NLM_F_ACK), U32(6), U32(0),
		AF_UNSPEC, 0, 0, 0, U32(0),
		NLA(8, NHA_ID), U32(6),
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want_del, sizeof(want_del));

	struct nl_nh_req bh = { .type = RTM_NEWNEXTHOP, .flags = NLM_F_CREATE | NLM_F_EXCL, .id = 7,
		.protocol = 186, .blackhole = true };
	nlh = nl_nexthop_put(buf, sizeof(buf), 7, &bh);
	const uint8_t want_bh[] = {
		U32(36), U16(RTM_NEWNEXTHOP), U16(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
		U32(7), U32(0),
		AF_INET, 0, 186, 0, U32(0),
		NLA(8, NHA_ID), U32(7),
		NLA(4, NHA_BLACKHOLE),
	};
	assert_non_null(nlh);
	assert_bytes_equal((uint8_t *)nlh, nlh->nlmsg_len, want_bh, sizeof(want_bh));
}

/* A route as a dump sends it, with attributes we do not use and a truncated one. */
static void
test_route_parse_lenient(void **state)
{
	if (!little_endian())
		skip();
	const uint8_t msg[] = {
		U32(80), U16(RTM_NEWROUTE), U16(NLM_F_MULTI), U32(1), U32(1234),
		AF_INET, 24, 0, 0, 254, 186, RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(8, RTA_TABLE), U32(254),
		NLA(8, RTA_DST), 10, 1, 1, 0,
		NLA(8, RTA_PRIORITY), U32(20),
		NLA(8, 0x7fff), U32(0xdeadbeef),	/* unknown: skipped */
		NLA(8, RTA_NH_ID), U32(42),
		NLA(5, RTA_PREF), 0, 0, 0, 0,
		NLA(6, RTA_GATEWAY), 1, 2, 0, 0,	/* wrong length for IPv4: ignored */
		NLA(8, RTA_OIF), U32(3),
	};
	static struct nl_route_info ri;
	assert_true(nl_route_parse((const struct nlmsghdr *)msg, &ri));
	assert_int_equal(ri.nhid, 42);
	assert_int_equal(ri.metric, 20);
	assert_int_equal(ri.table, 254);
	assert_int_equal(ri.n_gw, 0);
	assert_int_equal(ri.dst[2], 1);

	/* a message too short for its rtmsg is refused */
	uint8_t shortmsg[20];
	memcpy(shortmsg, msg, sizeof(shortmsg));
	((struct nlmsghdr *)shortmsg)->nlmsg_len = sizeof(shortmsg);
	assert_false(nl_route_parse((const struct nlmsghdr *)shortmsg, &ri));

	/* an attribute claiming more than the message holds ends the walk, nothing more */
	uint8_t bad[sizeof(msg)];
	memcpy(bad, msg, sizeof(bad));
	bad[28] = 200;	/* RTA_TABLE's length */
	assert_true(nl_route_parse((const struct nlmsghdr *)bad, &ri));
	assert_int_equal(ri.nhid, 0);
}

/* A multipath entry with a bad rtnh_len stops there. */
static void
test_route_parse_multipath_bounds(void **state)
{
	if (!little_endian())
		skip();
	const uint8_t msg[] = {
		U32(72), U16(RTM_NEWROUTE), 0, 0, U32(1), U32(0),
		AF_INET, 24, 0, 0, 254, 186, RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(8, RTA_DST), 10, 1, 1, 0,
		NLA(36, RTA_MULTIPATH),
		U16(16), 0, 0, U32(3), NLA(8, RTA_GATEWAY), 10, 0, 0, 105,
		U16(99), 0, 0, U32(4), NLA(8, RTA_GATEWAY), 10, 0, 0, 106,
	};
	static struct nl_route_info ri;
	assert_true(nl_route_parse((const struct nlmsghdr *)msg, &ri));
	assert_int_equal(ri.n_gw, 1);
	assert_int_equal(ri.gw[0].addr[3], 105);
}

static size_t
put_err(uint8_t *buf, int error, bool capped, const char *text, uint32_t off)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 77;
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -error;
	e->msg.nlmsg_len = 60;	/* the request's length */
	e->msg.nlmsg_type = RTM_NEWROUTE;
	e->msg.nlmsg_seq = 77;
	if (!capped) {
		/* the request's payload follows: 44 octets */
		memset(mnl_nlmsg_get_payload_tail(nlh), 0xab, 44);
		nlh->nlmsg_len += 44;
	} else {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	}
	if (text != NULL) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, off);
	}
	return nlh->nlmsg_len;
}

static void
test_extack(void **state)
{
	uint8_t buf[512];
	struct nl_err e;
	put_err(buf, 22, true, "Nexthop id does not exist", 44);
	assert_true(nl_err_parse((struct nlmsghdr *)buf, &e));
	assert_int_equal(e.err, 22);
	assert_int_equal(e.seq, 77);
	assert_string_equal(e.msg, "Nexthop id does not exist");
	assert_true(e.has_off);
	assert_int_equal(e.off, 44);

	put_err(buf, 17, false, "File exists here", 0);	/* not capped: after the echoed request */
	assert_true(nl_err_parse((struct nlmsghdr *)buf, &e));
	assert_int_equal(e.err, 17);
	assert_string_equal(e.msg, "File exists here");

	put_err(buf, 0, true, NULL, 0);	/* an ACK */
	assert_true(nl_err_parse((struct nlmsghdr *)buf, &e));
	assert_int_equal(e.err, 0);
	assert_null(e.msg);

	/* a message text without its NUL is not used */
	size_t len = put_err(buf, 22, true, "abc", 0);
	uint8_t *p = memmem(buf, len, "abc", 4);
	assert_non_null(p);
	p[3] = 'd';
	assert_true(nl_err_parse((struct nlmsghdr *)buf, &e));
	assert_null(e.msg);

	/* too short for struct nlmsgerr */
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	assert_false(nl_err_parse(nlh, &e));
	nlh->nlmsg_type = RTM_NEWROUTE;
	assert_false(nl_err_parse(nlh, &e));
}

static void
test_nexthop_parse_lenient(void **state)
{
	if (!little_endian())
		skip();
	const uint8_t msg[] = {
		U32(68), U16(RTM_NEWNEXTHOP), 0, 0, U32(1), U32(0),
		AF_INET6, 0, 186, 0, U32(0),
		NLA(8, NHA_ID), U32(9),
		NLA(20, NHA_GATEWAY), 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x69,
		NLA(8, NHA_OIF), U32(2),
		NLA(8, 99), U32(1),	/* unknown */
	};
	static struct nl_nh_info ni;
	assert_true(nl_nexthop_parse((const struct nlmsghdr *)msg, &ni));
	assert_int_equal(ni.id, 9);
	assert_true(ni.has_gw);
	assert_int_equal(ni.gw.afs, AFS_IPV6_UNICAST);
	assert_int_equal(ni.gw.addr[15], 0x69);
	assert_int_equal(ni.oif, 2);
	/* an IPv4-sized gateway in an IPv6 nexthop is ignored */
	uint8_t bad[sizeof(msg)];
	memcpy(bad, msg, sizeof(bad));
	bad[32] = 8;	/* NHA_GATEWAY's length; what follows is no attribute: the walk stops */
	assert_true(nl_nexthop_parse((const struct nlmsghdr *)bad, &ni));
	assert_false(ni.has_gw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_nhid),
		cmocka_unit_test(test_route_big_table_and_delete),
		cmocka_unit_test(test_route_default_has_no_dst),
		cmocka_unit_test(test_route_multipath),
		cmocka_unit_test(test_route_single_gateway_and_via),
		cmocka_unit_test(test_route_dump_request),
		cmocka_unit_test(test_nexthop_single),
		cmocka_unit_test(test_nexthop_resilient_group),
		cmocka_unit_test(test_nexthop_mpath_group_and_delete),
		cmocka_unit_test(test_route_parse_lenient),
		cmocka_unit_test(test_route_parse_multipath_bounds),
		cmocka_unit_test(test_extack),
		cmocka_unit_test(test_nexthop_parse_lenient),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
