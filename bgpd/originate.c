/*
 * originate.c -- the routes of the `networks:` section, sent to a peer
 * when its session comes up (before End-of-RIB).
 *
 * A first, static form of origination: one UPDATE per network, built with
 * the packer; changes at reload and runtime announce/withdraw come with the
 * Adj-RIB-Out (issue 4).
 */
#include "config.h"

#include <string.h>

#include "log.h"
#include "originate.h"
#include "session.h"

/* Our address on this connection, of the family wanted; false when it has another. */
static bool
local_addr(const struct conn *c, enum afs afs, uint8_t out[16])
{
	struct conf_addr a;
	if (!sockaddr_to_conf_addr((const struct sockaddr *)&c->local, &a) || a.afs != afs)
		return false;
	memcpy(out, a.addr, afs_addr_len(afs));
	return true;
}

unsigned
originate_send_all(struct conn *c)
{
	struct peer *p = c->peer;
	const struct conf *conf = p->d->conf;
	const struct wire_ctx *ctx = fsm_wire_ctx(&c->fsm);
	unsigned sent = 0;

	for (size_t i = 0; i < conf->n_networks; i++) {
		const struct conf_network *nw = &conf->networks[i];
		enum afs afs = (enum afs)nw->prefix.afs;
		/* only families both sides speak (IPv4 is implied without capabilities) */
		bool theirs = p->has_peer_open && (p->peer_open.mp[afs] ||
		    (afs == AFS_IPV4_UNICAST && !p->peer_open.mp[AFS_IPV6_UNICAST]));
		if (!p->fcfg.open.mp[afs] || !theirs)
			continue;

		uint8_t nh[16];
		if (nw->has_next_hop && nw->next_hop.afs == afs)
			memcpy(nh, nw->next_hop.addr, afs_addr_len(afs));
		else if (!local_addr(c, afs, nh)) {
			struct sbuf sb;
			sb_init(&sb);
			prefix_print(&nw->prefix, &sb);
			log_peer(LOG_WARNING, p->name, peer_as(p), peer_descr(p),
			    "network %s not sent: no next hop of its family on this session "
			    "(set next-hop for it)", sb.p);
			sb_free(&sb);
			continue;
		}

		struct wire_attrs a;
		uint8_t aspath[6];
		uint8_t comms[4 * 32];
		memset(&a, 0, sizeof(a));
		a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH);
		a.origin = BGP_ORIGIN_IGP;
		if (!ctx->ibgp) {
			aspath[0] = BGP_AS_SEQUENCE;
			aspath[1] = 1;
			put_u32(aspath + 2, conf->as);
			a.as_path.p = aspath;
			a.as_path.len = sizeof(aspath);
		}
		if (ctx->ibgp) {
			a.present |= ATTR_BIT(BGP_ATTR_LOCAL_PREF);
			a.local_pref = nw->has_local_pref ? nw->local_pref : 100;
		}
		if (nw->has_med) {
			a.present |= ATTR_BIT(BGP_ATTR_MED);
			a.med = nw->med;
		}
		size_t nc = nw->n_communities < 32 ? nw->n_communities : 32;
		for (size_t k = 0; k < nc; k++)
			put_u32(comms + 4 * k, nw->communities[k]);
		if (nc) {
			a.present |= ATTR_BIT(BGP_ATTR_COMMUNITIES);
			a.communities.p = comms;
			a.communities.len = (uint32_t)(4 * nc);
		}
		if (afs == AFS_IPV4_UNICAST) {
			a.present |= ATTR_BIT(BGP_ATTR_NEXT_HOP);
			memcpy(a.next_hop, nh, 4);
		}

		uint8_t buf[BGP_MAX_MSG_LEN];
		struct wire_packer pk;
		struct wire_nlri n = { .path_id = 1, .pfx = nw->prefix };
		if (!wire_pack_begin(&pk, buf, sizeof(buf), ctx, afs, &a, nh, afs_addr_len(afs)) ||
		    !wire_pack_add(&pk, &n))
			continue;
		size_t len = wire_pack_finish(&pk);
		if (conn_send(c, buf, len))
			sent++;
	}
	return sent;
}
