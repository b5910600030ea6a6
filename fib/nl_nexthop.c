/*
 * nl_nexthop.c -- RTM_NEWNEXTHOP / RTM_DELNEXTHOP and the nexthop dump
 * request, written into a caller's buffer with libmnl. Pure.
 *
 * A next hop: struct nhmsg of its family, NHA_ID, NHA_GATEWAY, NHA_OIF.
 * A group: AF_UNSPEC, NHA_ID, NHA_GROUP (struct nexthop_grp per member,
 * weight 1), NHA_GROUP_TYPE; a resilient group adds NHA_RES_GROUP with
 * NHA_RES_GROUP_BUCKETS, _IDLE_TIMER, _UNBALANCED_TIMER (clock ticks).
 * Replacing a group in place is RTM_NEWNEXTHOP with NLM_F_REPLACE on its
 * id; the kernel keeps the routes pointing at it, and a resilient group
 * keeps the buckets of the members that stay.
 */
#include "config.h"

#include "nl.h"

#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "fib_int.h"

static struct nlmsghdr *
nh_header(void *buf, size_t cap, uint16_t type, uint16_t flags, uint32_t seq,
    int family, uint8_t protocol)
{
	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nhmsg)))
		return NULL;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = (unsigned char)family;
	nhm->nh_protocol = protocol;
	return nlh;
}

static bool
attr_put_u16(struct nlmsghdr *nlh, size_t cap, uint16_t type, uint16_t v)
{
	return nl_attr_put(nlh, cap, type, sizeof(v), &v);
}

static uint32_t
ticks(uint32_t seconds)
{
	uint64_t t = (uint64_t)seconds * NL_USER_HZ;
	return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

struct nlmsghdr *
nl_nexthop_put(void *buf, size_t cap, uint32_t seq, const struct nl_nh_req *rq)
{
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK | rq->flags;
	int family = AF_UNSPEC;
	if (rq->type == RTM_NEWNEXTHOP && rq->n_grp == 0)
		family = rq->gw != NULL ? afs_family(rq->gw->afs) : AF_INET;
	struct nlmsghdr *nlh = nh_header(buf, cap, rq->type, flags, seq, family,
	    rq->type == RTM_NEWNEXTHOP ? rq->protocol : 0);
	if (nlh == NULL || !mnl_attr_put_u32_check(nlh, cap, NHA_ID, rq->id))
		return NULL;
	if (rq->type == RTM_DELNEXTHOP)
		return nlh;

	if (rq->n_grp > 0) {
		struct nexthop_grp grp[NL_MAX_NH];
		if (rq->n_grp > NL_MAX_NH)
			return NULL;
		memset(grp, 0, rq->n_grp * sizeof(grp[0]));
		for (size_t i = 0; i < rq->n_grp; i++)
			grp[i].id = rq->grp[i];	/* weight 0 on the wire is weight 1 */
		if (!nl_attr_put(nlh, cap, NHA_GROUP, rq->n_grp * sizeof(grp[0]), grp) ||
		    !attr_put_u16(nlh, cap, NHA_GROUP_TYPE, rq->grp_type))
			return NULL;
		if (rq->grp_type == NEXTHOP_GRP_TYPE_RES) {
			struct nlattr *nest = mnl_attr_nest_start_check(nlh, cap, NHA_RES_GROUP);
			if (nest == NULL ||
			    !attr_put_u16(nlh, cap, NHA_RES_GROUP_BUCKETS, rq->buckets) ||
			    !mnl_attr_put_u32_check(nlh, cap, NHA_RES_GROUP_IDLE_TIMER, ticks(rq->idle_timer)) ||
			    !mnl_attr_put_u32_check(nlh, cap, NHA_RES_GROUP_UNBALANCED_TIMER,
			    ticks(rq->unbalanced_timer)))
				return NULL;
			mnl_attr_nest_end(nlh, nest);
		}
		return nlh;
	}
	if (rq->blackhole)
		return nl_attr_put(nlh, cap, NHA_BLACKHOLE, 0, NULL) ? nlh : NULL;
	if (rq->gw == NULL)
		return NULL;
	size_t alen = rq->gw->afs == AFS_IPV4_UNICAST ? 4 : 16;
	if (!mnl_attr_put_u32_check(nlh, cap, NHA_OIF, rq->gw->oif) ||
	    !nl_attr_put(nlh, cap, NHA_GATEWAY, alen, rq->gw->addr))
		return NULL;
	return nlh;
}

struct nlmsghdr *
nl_nexthop_dump_put(void *buf, size_t cap, uint32_t seq)
{
	return nh_header(buf, cap, RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, seq, AF_UNSPEC, 0);
}
