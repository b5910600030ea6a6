/* fuzz_header.c -- libFuzzer target for the message header check. */
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_header h;
	struct wire_err err;
	/* under both limits: 4096, and 65535 with extended messages */
	if (wire_header_decode(data, size, BGP_MAX_MSG_LEN, &h, &err) &&
	    (h.len < BGP_HEADER_LEN || h.len > BGP_MAX_MSG_LEN))
		__builtin_trap();
	(void)wire_header_decode(data, size, BGP_MAX_EXT_MSG_LEN, &h, &err);
	return 0;
}
