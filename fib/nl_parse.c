/*
 * nl_parse.c -- read the kernel's route, nexthop and error messages.
 *
 * Lenient (OpenBGPD portable #61 is the counter-example): every length is
 * checked, unknown attributes are skipped, a malformed known attribute is
 * ignored rather than fatal; only a message too short for its fixed header
 * is refused. Pure: the input is a message in memory.
 */
#include "config.h"

#include "nl.h"

#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "fib_int.h"

static size_t
fam_alen(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static bool
attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_get_payload_len(a) < 4)
		return false;
	memcpy(v, mnl_attr_get_payload(a), 4);
	return true;
}

static bool
attr_u16(const struct nlattr *a, uint16_t *v)
{
	if (mnl_attr_get_payload_len(a) < 2)
		return false;
	memcpy(v, mnl_attr_get_payload(a), 2);
	return true;
}

/* RTA_GATEWAY of a route of `family`, or RTA_VIA (any family) */
static bool
get_gw(const struct nlattr *a, int family, struct nl_gw *gw)
{
	size_t len = mnl_attr_get_payload_len(a);
	const uint8_t *p = mnl_attr_get_payload(a);
	memset(gw->addr, 0, sizeof(gw->addr));
	if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) == RTA_GATEWAY) {
		size_t alen = fam_alen(family);
		if (alen == 0 || len != alen)
			return false;
		gw->afs = (uint8_t)family_afs(family);
		memcpy(gw->addr, p, alen);
		return true;
	}
	uint16_t vf;
	if (len < 2)
		return false;
	memcpy(&vf, p, 2);
	size_t alen = fam_alen(vf);
	if (alen == 0 || len < 2 + alen)
		return false;
	gw->afs = (uint8_t)family_afs(vf);
	memcpy(gw->addr, p + 2, alen);
	return true;
}

static void
parse_multipath(const struct nlattr *a, int family, struct nl_route_info *ri)
{
	const char *p = mnl_attr_get_payload(a);
	size_t left = mnl_attr_get_payload_len(a);
	while (left >= sizeof(struct rtnexthop)) {
		const struct rtnexthop *rtnh = (const void *)p;
		if (rtnh->rtnh_len < sizeof(*rtnh) || rtnh->rtnh_len > left)
			break;
		if (ri->n_gw == NL_MAX_NH) {
			ri->gw_truncated = true;
			break;
		}
		struct nl_gw *gw = &ri->gw[ri->n_gw];
		memset(gw, 0, sizeof(*gw));
		gw->oif = (uint32_t)rtnh->rtnh_ifindex;
		gw->afs = (uint8_t)family_afs(family);
		const char *ap = p + RTNH_ALIGN(sizeof(*rtnh));
		int alen = (int)rtnh->rtnh_len - (int)RTNH_ALIGN(sizeof(*rtnh));
		const struct nlattr *x = (const void *)ap;
		while (alen > 0 && mnl_attr_ok(x, alen)) {
			uint16_t t = mnl_attr_get_type(x) & NLA_TYPE_MASK;
			if (t == RTA_GATEWAY || t == RTA_VIA)
				get_gw(x, family, gw);
			alen -= (int)MNL_ALIGN(x->nla_len);
			x = (const void *)((const char *)x + MNL_ALIGN(x->nla_len));
		}
		ri->n_gw++;
		size_t step = RTNH_ALIGN(rtnh->rtnh_len);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
}

bool
nl_route_parse(const struct nlmsghdr *nlh, struct nl_route_info *ri)
{
	memset(ri, 0, offsetof(struct nl_route_info, gw));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg)))
		return false;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	ri->type = nlh->nlmsg_type;
	ri->nlflags = nlh->nlmsg_flags;
	ri->family = rtm->rtm_family;
	ri->dst_len = rtm->rtm_dst_len;
	ri->protocol = rtm->rtm_protocol;
	ri->rtm_type = rtm->rtm_type;
	ri->scope = rtm->rtm_scope;
	ri->rtm_flags = rtm->rtm_flags;
	ri->table = rtm->rtm_table;
	size_t alen = fam_alen(rtm->rtm_family);
	uint32_t oif = 0;
	bool have_gw = false;
	struct nl_gw gw = { 0 };
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a) & NLA_TYPE_MASK) {
		case RTA_DST:
			if (alen != 0 && mnl_attr_get_payload_len(a) == alen)
				memcpy(ri->dst, mnl_attr_get_payload(a), alen);
			break;
		case RTA_TABLE:
			attr_u32(a, &ri->table);
			break;
		case RTA_PRIORITY:
			attr_u32(a, &ri->metric);
			break;
		case RTA_NH_ID:
			attr_u32(a, &ri->nhid);
			break;
		case RTA_OIF:
			attr_u32(a, &oif);
			break;
		case RTA_GATEWAY:
		case RTA_VIA:
			have_gw = get_gw(a, rtm->rtm_family, &gw);
			break;
		case RTA_MULTIPATH:
			if (ri->nhid == 0 && ri->n_gw == 0)
				parse_multipath(a, rtm->rtm_family, ri);
			break;
		default:
			break;	/* lenient: skip what we do not use */
		}
	}
	if (ri->n_gw == 0 && have_gw) {
		gw.oif = oif;
		ri->gw[0] = gw;
		ri->n_gw = 1;
	}
	return true;
}

bool
nl_route_prefix(const struct nl_route_info *ri, struct prefix *p)
{
	int afs = family_afs(ri->family);
	if (afs < 0 || ri->dst_len > (afs == AFS_IPV4_UNICAST ? 32 : 128))
		return false;
	memset(p, 0, sizeof(*p));
	p->afs = (uint8_t)afs;
	p->len = ri->dst_len;
	memcpy(p->addr, ri->dst, afs == AFS_IPV4_UNICAST ? 4 : 16);
	return true;
}

static void
parse_res_group(const struct nlattr *nest, struct nl_nh_info *ni)
{
	const struct nlattr *a;
	uint32_t v;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a) & NLA_TYPE_MASK) {
		case NHA_RES_GROUP_BUCKETS:
			attr_u16(a, &ni->buckets);
			break;
		case NHA_RES_GROUP_IDLE_TIMER:
			if (attr_u32(a, &v))
				ni->idle_timer = v / NL_USER_HZ;
			break;
		case NHA_RES_GROUP_UNBALANCED_TIMER:
			if (attr_u32(a, &v))
				ni->unbalanced_timer = v / NL_USER_HZ;
			break;
		default:
			break;
		}
	}
}

bool
nl_nexthop_parse(const struct nlmsghdr *nlh, struct nl_nh_info *ni)
{
	memset(ni, 0, offsetof(struct nl_nh_info, grp));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nhmsg)))
		return false;
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);
	ni->type = nlh->nlmsg_type;
	ni->family = nhm->nh_family;
	ni->protocol = nhm->nh_protocol;
	ni->nh_flags = nhm->nh_flags;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(*nhm)) {
		switch (mnl_attr_get_type(a) & NLA_TYPE_MASK) {
		case NHA_ID:
			attr_u32(a, &ni->id);
			break;
		case NHA_GROUP: {
			size_t len = mnl_attr_get_payload_len(a);
			const struct nexthop_grp *g = mnl_attr_get_payload(a);
			size_t n = len / sizeof(*g);
			ni->is_group = true;
			if (n > NL_MAX_NH) {
				n = NL_MAX_NH;
				ni->grp_truncated = true;
			}
			for (size_t i = 0; i < n; i++) {
				struct nexthop_grp x;
				memcpy(&x, g + i, sizeof(x));
				ni->grp[i] = x.id;
				ni->weight[i] = x.weight;
			}
			ni->n_grp = n;
			break;
		}
		case NHA_GROUP_TYPE:
			attr_u16(a, &ni->grp_type);
			break;
		case NHA_BLACKHOLE:
			ni->blackhole = true;
			break;
		case NHA_FDB:
			ni->fdb = true;
			break;
		case NHA_OIF:
			attr_u32(a, &ni->oif);
			break;
		case NHA_GATEWAY: {
			size_t alen = fam_alen(nhm->nh_family);
			if (alen != 0 && mnl_attr_get_payload_len(a) == alen) {
				ni->has_gw = true;
				ni->gw.afs = (uint8_t)family_afs(nhm->nh_family);
				memcpy(ni->gw.addr, mnl_attr_get_payload(a), alen);
			}
			break;
		}
		case NHA_RES_GROUP:
			parse_res_group(a, ni);
			break;
		default:
			break;
		}
	}
	ni->gw.oif = ni->oif;
	return true;
}

bool
nl_err_parse(const struct nlmsghdr *nlh, struct nl_err *e)
{
	memset(e, 0, sizeof(*e));
	if (nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		return false;
	const struct nlmsgerr *me = mnl_nlmsg_get_payload(nlh);
	e->seq = nlh->nlmsg_seq;
	e->err = -me->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return true;
	size_t plen = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	size_t off = sizeof(*me);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (me->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return true;
		off = sizeof(me->error) + MNL_ALIGN(me->msg.nlmsg_len);
	}
	if (off >= plen)
		return true;
	const struct nlattr *a = (const void *)((const char *)me + off);
	int left = (int)(plen - off);
	while (mnl_attr_ok(a, left)) {
		size_t len = mnl_attr_get_payload_len(a);
		const char *p = mnl_attr_get_payload(a);
		switch (mnl_attr_get_type(a) & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (len > 0 && p[len - 1] == '\0')
				e->msg = p;
			break;
		case NLMSGERR_ATTR_OFFS:
			if (len >= 4) {
				memcpy(&e->off, p, 4);
				e->has_off = true;
			}
			break;
		default:
			break;
		}
		left -= (int)MNL_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
	}
	return true;
}
