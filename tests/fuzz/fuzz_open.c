/*
 * fuzz_open.c -- libFuzzer target for OPEN: decode, and for what decodes,
 * encode again and decode that, which must succeed (round trip).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_open o, o2;
	struct wire_err err;
	static uint8_t out[BGP_MAX_EXT_MSG_LEN];

	if (!wire_open_decode(data, size, &o, &err)) {
		if (err.code == 0)
			__builtin_trap();	/* an error must name its NOTIFICATION */
		return 0;
	}
	struct sbuf sb;
	sb_init(&sb);
	wire_open_print(&o, &sb);
	sb_free(&sb);

	struct wbuf wb = wb_init(out, sizeof(out));
	if (!wire_open_encode(&o, &wb))
		return 0;
	if (!wire_open_decode(out + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, &o2, &err))
		__builtin_trap();	/* what we encode must decode */
	return 0;
}
