/* fuzz_route_refresh.c -- libFuzzer target for ROUTE-REFRESH decode, print and round trip. */
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_route_refresh rr, rr2;
	struct wire_err err;
	uint8_t out[64];

	if (!wire_route_refresh_decode(data, size, &rr, &err))
		return 0;
	struct sbuf sb;
	sb_init(&sb);
	wire_route_refresh_print(&rr, &sb);
	sb_free(&sb);
	struct wbuf wb = wb_init(out, sizeof(out));
	if (!wire_route_refresh_encode(&rr, &wb) ||
	    !wire_route_refresh_decode(out + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, &rr2, &err) ||
	    rr2.afi != rr.afi || rr2.safi != rr.safi || rr2.subtype != rr.subtype)
		__builtin_trap();
	return 0;
}
