/*
 * nl_route.c -- RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE dump requests,
 * written into a caller's buffer with libmnl. Pure.
 *
 * A route points at a nexthop group (RTA_NH_ID), or, without nexthop
 * objects, carries its next hops: RTA_GATEWAY (RTA_VIA when the gateway's
 * family differs from the route's) + RTA_OIF for one, RTA_MULTIPATH with
 * one struct rtnexthop per next hop for more. The table goes in rtm_table
 * when it fits in 8 bits and in RTA_TABLE otherwise, as iproute2 does.
 */
#include "config.h"

#include "nl.h"

#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "fib_int.h"

bool
nl_attr_put(struct nlmsghdr *nlh, size_t cap, uint16_t type, size_t len, const void *data)
{
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
	if (!mnl_attr_put_check(nlh, cap, type, len, data))
		return false;
	size_t pad = MNL_ALIGN(len) - len;
	if (pad > 0)
		memset((char *)mnl_attr_get_payload(a) + len, 0, pad);
	return true;
}

static bool
put_gw(struct nlmsghdr *nlh, size_t cap, uint8_t route_afs, const struct nl_gw *gw)
{
	size_t alen = gw->afs == AFS_IPV4_UNICAST ? 4 : 16;
	if (gw->afs == route_afs)
		return nl_attr_put(nlh, cap, RTA_GATEWAY, alen, gw->addr);
	/* RFC 8950: an IPv4 route via an IPv6 next hop */
	uint8_t via[2 + 16];
	uint16_t fam = (uint16_t)afs_family(gw->afs);
	memcpy(via, &fam, 2);
	memcpy(via + 2, gw->addr, alen);
	return nl_attr_put(nlh, cap, RTA_VIA, 2 + alen, via);
}

static bool
put_multipath(struct nlmsghdr *nlh, size_t cap, uint8_t route_afs, const struct nl_gw *gw, size_t n)
{
	struct nlattr *mp = mnl_nlmsg_get_payload_tail(nlh);
	if (nlh->nlmsg_len + MNL_ATTR_HDRLEN > cap)
		return false;
	mp->nla_type = RTA_MULTIPATH;
	nlh->nlmsg_len += MNL_ATTR_HDRLEN;
	for (size_t i = 0; i < n; i++) {
		struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(nlh);
		if (nlh->nlmsg_len + RTNH_ALIGN(sizeof(*rtnh)) > cap)
			return false;
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)gw[i].oif;
		rtnh->rtnh_hops = 0;		/* weight 1 */
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		if (!put_gw(nlh, cap, route_afs, &gw[i]))
			return false;
		rtnh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)rtnh);
	}
	mp->nla_len = (uint16_t)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)mp);
	return true;
}

struct nlmsghdr *
nl_route_put(void *buf, size_t cap, uint32_t seq, const struct nl_route_req *rq)
{
	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg)))
		return NULL;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = rq->type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (rq->type == RTM_NEWROUTE)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq;

	const struct prefix *p = rq->pfx;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)afs_family(p->afs);
	rtm->rtm_dst_len = p->len;
	rtm->rtm_table = rq->table < 256 ? (unsigned char)rq->table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = rq->protocol;
	if (rq->type == RTM_DELROUTE) {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any scope, as `ip route del` */
		rtm->rtm_type = RTN_UNSPEC;
	} else {
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNICAST;
	}

	size_t alen = p->afs == AFS_IPV4_UNICAST ? 4 : 16;
	if (p->len > 0 && !nl_attr_put(nlh, cap, RTA_DST, alen, p->addr))
		return NULL;
	if (rq->table >= 256 && !mnl_attr_put_u32_check(nlh, cap, RTA_TABLE, rq->table))
		return NULL;
	if (!mnl_attr_put_u32_check(nlh, cap, RTA_PRIORITY, rq->metric))
		return NULL;
	if (rq->type == RTM_DELROUTE)
		return nlh;
	if (rq->nhid != 0)
		return mnl_attr_put_u32_check(nlh, cap, RTA_NH_ID, rq->nhid) ? nlh : NULL;
	if (rq->n_gw == 1) {
		if (!put_gw(nlh, cap, p->afs, &rq->gw[0]) ||
		    !mnl_attr_put_u32_check(nlh, cap, RTA_OIF, rq->gw[0].oif))
			return NULL;
		return nlh;
	}
	if (rq->n_gw > 1 && !put_multipath(nlh, cap, p->afs, rq->gw, rq->n_gw))
		return NULL;
	return nlh;
}

struct nlmsghdr *
nl_route_dump_put(void *buf, size_t cap, uint32_t seq, int family, uint32_t table,
    uint8_t protocol)
{
	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg)) + 8)
		return NULL;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = protocol;
	if (table >= 256 && !mnl_attr_put_u32_check(nlh, cap, RTA_TABLE, table))
		return NULL;
	return nlh;
}
