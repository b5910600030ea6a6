/* fuzz_notification.c -- libFuzzer target for NOTIFICATION decode and print. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_notification n;
	struct wire_err err;

	if (!wire_notification_decode(data, size, &n, &err)) {
		if (size >= 2)
			__builtin_trap();	/* content never makes it fail */
		return 0;
	}
	if (n.has_shutdown_msg && strlen(n.shutdown_msg) > BGP_SHUTDOWN_MSG_MAX)
		__builtin_trap();
	struct sbuf sb;
	sb_init(&sb);
	wire_notification_print(&n, &sb);
	sb_free(&sb);
	return 0;
}
