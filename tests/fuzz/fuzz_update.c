/*
 * fuzz_update.c -- libFuzzer target for UPDATE under every negotiated
 * context: the first input octet picks AS4, add-path per family, iBGP and
 * extended messages; the rest is the UPDATE body. What decodes is printed,
 * re-encoded, and the re-encoding must decode again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t scratch[4 * BGP_MAX_EXT_MSG_LEN + 64];
	static uint8_t scratch2[4 * BGP_MAX_EXT_MSG_LEN + 64];
	static uint8_t out[BGP_MAX_EXT_MSG_LEN];
	struct wire_ctx ctx;
	struct wire_update u, u2;
	struct wire_err err;

	if (size < 1)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = data[0] & 1;
	ctx.addpath_rx[AFS_IPV4_UNICAST] = ctx.addpath_tx[AFS_IPV4_UNICAST] = data[0] & 2;
	ctx.addpath_rx[AFS_IPV6_UNICAST] = ctx.addpath_tx[AFS_IPV6_UNICAST] = data[0] & 4;
	ctx.ibgp = data[0] & 8;
	ctx.ext_msg = true;
	data++;
	size--;
	if (size > BGP_MAX_EXT_MSG_LEN - BGP_HEADER_LEN)
		return 0;

	struct arena ar = arena_init(scratch, sizeof(scratch));
	if (!wire_update_decode(data, size, &ctx, &ar, &u, &err)) {
		if (err.code != BGP_ERR_UPDATE || err.action != WIRE_SESSION_RESET)
			__builtin_trap();
		return 0;
	}
	struct sbuf sb;
	sb_init(&sb);
	wire_update_print(&u, &sb);
	sb_free(&sb);

	struct wbuf wb = wb_init(out, sizeof(out));
	if (!wire_update_encode(&u, &ctx, &wb))
		return 0;	/* widening (AS4_PATH, Partial) may not fit */
	struct arena ar2 = arena_init(scratch2, sizeof(scratch2));
	if (!wire_update_decode(out + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, &ctx, &ar2, &u2, &err))
		__builtin_trap();	/* what we encode must decode */
	return 0;
}
