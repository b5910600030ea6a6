/*
 * ctl_proto.h -- the wire format between ecmpctl and ecmpd's control socket.
 *
 * Pure: encoders write into caller buffers, decoders read caller buffers
 * and return an error value on anything malformed (never assert, never
 * allocate). The daemon side (ctl_server.c), the client side (ctl_client.c)
 * and the fuzz target share it.
 *
 * A connection carries one request and its reply. Every frame is
 *
 *	 0      1      2      3      4      5      6      7
 *	+------+------+------+------+------+------+------+------+
 *	| ver  | type | reserved (0)|    payload length (u32)   |
 *	+------+------+------+------+------+------+------+------+
 *	| payload ...
 *
 * all integers in network byte order, ver = CTL_PROTO_VERSION.
 *
 * REQUEST (client -> daemon, exactly one; whole frame <= CTL_REQ_MAX):
 *	flags u32 (CTL_F_*; unknown bits are an error)
 *	count u16 (<= CTL_MAX_WORDS), then count x { len u16, len octets }
 *	Words are the command line as typed (abbreviations are resolved by
 *	the daemon); a word may be empty but may not contain a NUL octet.
 *
 * DATA (daemon -> client, zero or more): 1..CTL_DATA_MAX octets of
 *	output, UTF-8 text in the renderer's format; the client copies it
 *	to standard output as it arrives.
 *
 * END (daemon -> client, exactly one, last): status u8 (CTL_EXIT_OK,
 *	CTL_EXIT_ERROR or CTL_EXIT_USAGE: ecmpctl's exit status), then
 *	0..CTL_MSG_MAX octets of error message (no NUL), for stderr.
 */
#ifndef ECMPD_CTL_PROTO_H
#define ECMPD_CTL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CTL_PROTO_VERSION	1
#define CTL_HDR_LEN		8
#define CTL_REQ_MAX		4096		/* a whole REQUEST frame */
#define CTL_DATA_MAX		65536		/* payload of one DATA frame */
#define CTL_MSG_MAX		1024		/* END message */
#define CTL_MAX_WORDS		64
#define CTL_FRAME_MAX		(CTL_HDR_LEN + CTL_DATA_MAX)	/* largest frame of any type */

enum ctl_frame_type {
	CTL_T_REQUEST = 1,
	CTL_T_DATA = 2,
	CTL_T_END = 3,
};

/* Request flags. */
#define CTL_F_JSON	0x0001u		/* render as JSON */
#define CTL_F_DRY_RUN	0x0002u		/* show what would change, change nothing */
#define CTL_F_HELP	0x0004u		/* print the command's help instead of running it */
#define CTL_F_ALL	(CTL_F_JSON | CTL_F_DRY_RUN | CTL_F_HELP)

/* Exit status carried by END. */
enum ctl_exit {
	CTL_EXIT_OK = 0,
	CTL_EXIT_ERROR = 1,
	CTL_EXIT_USAGE = 2,
};

/* Error values (negative; 0 is success). ctl_strerror() gives the words. */
enum ctl_error {
	CTL_OK = 0,
	CTL_E_SHORT = -1,	/* need more octets (not an error for a stream reader) */
	CTL_E_VERSION = -2,	/* unsupported protocol version */
	CTL_E_TYPE = -3,	/* unknown or unexpected frame type */
	CTL_E_RESERVED = -4,	/* reserved header octets not zero */
	CTL_E_TOOBIG = -5,	/* frame or field over its bound */
	CTL_E_MALFORMED = -6,	/* payload does not parse */
	CTL_E_FLAGS = -7,	/* unknown request flag */
	CTL_E_NUL = -8,		/* NUL octet in a word or message */
	CTL_E_STATUS = -9,	/* END status out of range */
	CTL_E_EMPTY = -10,	/* zero-length DATA frame */
	CTL_E_SPACE = -11,	/* encoder: output buffer too small */
};

const char *ctl_strerror(int err);

/* A frame found in a byte stream; payload points into the caller's buffer. */
struct ctl_frame {
	uint8_t version;
	uint8_t type;
	uint32_t len;
	const uint8_t *payload;
};

/*
 * Look for one frame at the start of p[0..avail). On CTL_OK, *f describes it
 * and *used is its whole length. CTL_E_SHORT: not all there yet (*used is
 * the total length needed once the header is known, else CTL_HDR_LEN).
 * max_payload bounds the payload length (CTL_REQ_MAX - CTL_HDR_LEN on the
 * daemon side, CTL_DATA_MAX on the client side). For CTL_E_VERSION,
 * f->version holds the peer's version.
 */
int ctl_frame_parse(const uint8_t *p, size_t avail, size_t max_payload,
    struct ctl_frame *f, size_t *used);

/* Write a frame header. */
void ctl_hdr_put(uint8_t hdr[CTL_HDR_LEN], uint8_t type, uint32_t len);

/* A decoded request; the words live in store (self-contained, no allocation). */
struct ctl_request {
	uint32_t flags;
	int argc;
	char *argv[CTL_MAX_WORDS + 1];	/* NULL-terminated */
	char store[CTL_REQ_MAX];
};

/* Encode a whole REQUEST frame; *len gets its length. */
int ctl_req_encode(uint32_t flags, int argc, const char *const *argv,
    uint8_t *out, size_t cap, size_t *len);
/* Decode a REQUEST payload. */
int ctl_req_decode(const uint8_t *payload, size_t len, struct ctl_request *req);

/* Encode a DATA frame header for a payload of len (1..CTL_DATA_MAX) octets. */
int ctl_data_hdr(uint8_t hdr[CTL_HDR_LEN], size_t len);

struct ctl_end {
	int status;
	size_t msg_len;
	char msg[CTL_MSG_MAX + 1];	/* NUL-terminated */
};

/*
 * Encode a whole END frame. A message longer than CTL_MSG_MAX is cut at a
 * UTF-8 character boundary; NUL octets end it. msg may be NULL.
 */
int ctl_end_encode(int status, const char *msg, uint8_t *out, size_t cap, size_t *len);
int ctl_end_decode(const uint8_t *payload, size_t len, struct ctl_end *end);

#endif /* ECMPD_CTL_PROTO_H */
