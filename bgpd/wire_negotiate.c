/*
 * wire_negotiate.c -- derive the decoding context of a session from the two
 * OPEN messages (RFC 6793 §3, RFC 7911 §4, RFC 8654 §3).
 */
#include "wire.h"

#include <string.h>

void
wire_negotiate(const struct wire_open *local, const struct wire_open *remote,
    struct wire_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->as4 = local->as4_present && remote->as4_present;
	ctx->ext_msg = local->ext_msg && remote->ext_msg;
	ctx->ibgp = wire_open_peer_as(local) == wire_open_peer_as(remote);
	for (int i = 0; i < AFS_COUNT; i++) {
		ctx->addpath_rx[i] = (local->addpath[i] & ADDPATH_RX) &&
		    (remote->addpath[i] & ADDPATH_TX);
		ctx->addpath_tx[i] = (local->addpath[i] & ADDPATH_TX) &&
		    (remote->addpath[i] & ADDPATH_RX);
	}
}
