/*
 * wire_err.c -- error values of the codec, and the address-family table.
 */
#include "wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool
wire_fail(struct wire_err *e, uint8_t code, uint8_t subcode,
    enum wire_action action, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->subcode = subcode;
	e->action = action;
	e->data = NULL;
	e->data_len = 0;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
	return false;
}

void
wire_err_set_data(struct wire_err *e, const uint8_t *p, size_t len)
{
	e->data = p;
	e->data_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
}

void
wire_err_own_data(struct wire_err *e, const uint8_t *p, size_t len)
{
	if (len > sizeof(e->own))
		len = sizeof(e->own);
	memcpy(e->own, p, len);
	e->data = NULL;
	e->data_len = (uint16_t)len;
}

const char *
wire_action_name(enum wire_action a)
{
	switch (a) {
	case WIRE_OK:
		return "ok";
	case WIRE_ATTR_DISCARD:
		return "attribute discard";
	case WIRE_TREAT_AS_WITHDRAW:
		return "treat-as-withdraw";
	case WIRE_SESSION_RESET:
		return "session reset";
	}
	return "unknown";
}

static const struct {
	uint16_t afi;
	uint8_t safi;
	const char *name;
} afs_table[AFS_COUNT] = {
	[AFS_IPV4_UNICAST] = { BGP_AFI_IPV4, BGP_SAFI_UNICAST, "ipv4-unicast" },
	[AFS_IPV6_UNICAST] = { BGP_AFI_IPV6, BGP_SAFI_UNICAST, "ipv6-unicast" },
};

int
afs_from_afi_safi(uint16_t afi, uint8_t safi)
{
	for (int i = 0; i < AFS_COUNT; i++)
		if (afs_table[i].afi == afi && afs_table[i].safi == safi)
			return i;
	return -1;
}

uint16_t
afs_afi(enum afs afs)
{
	return afs_table[afs].afi;
}

uint8_t
afs_safi(enum afs afs)
{
	return afs_table[afs].safi;
}

const char *
afs_name(enum afs afs)
{
	return afs < AFS_COUNT ? afs_table[afs].name : "unknown";
}
