/*
 * fuzz_ctl_proto.c -- libFuzzer target for the control protocol, both
 * sides: the input is read as the daemon reads a request (and what decodes
 * must encode back to the same octets, then go through the command matcher
 * and the help renderer), and as ecmpctl reads a reply (a stream of frames;
 * END frames must round-trip too). Then the same octets go through the JSON
 * writer and the text renderer as an untrusted string, whose output must
 * be valid UTF-8 with no raw control characters.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmd.h"
#include "ctl_out.h"
#include "ctl_proto.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ctl_pattern pats[CTL_MAX_CMDS];
static const struct ctl_pattern *pp[CTL_MAX_CMDS];
static const struct ctl_cmdinfo *infos[CTL_MAX_CMDS];
static size_t npats;

static void
null_sink(void *arg, const char *p, size_t len)
{
	(void)arg;
	(void)p;
	(void)len;
}

/* Collect output, bounded; the checks look at it afterwards. */
struct capture {
	char buf[1 << 16];
	size_t len;
};

static void
capture_sink(void *arg, const char *p, size_t len)
{
	struct capture *c = arg;
	if (len > sizeof(c->buf) - c->len)
		len = sizeof(c->buf) - c->len;
	memcpy(c->buf + c->len, p, len);
	c->len += len;
}

/* Valid UTF-8, and no control character (C0, DEL, C1) but the newlines allowed. */
static void
check_printable(const struct capture *c, bool newlines)
{
	size_t i = 0, bad;
	while (i < c->len) {
		unsigned char ch = (unsigned char)c->buf[i];
		if ((ch < 0x20 && !(newlines && ch == '\n')) || ch == 0x7f)
			__builtin_trap();
		size_t n = json_utf8_seq((const unsigned char *)c->buf + i, c->len - i, &bad);
		if (n == 2 && ch == 0xc2 && (unsigned char)c->buf[i + 1] < 0xa0)
			__builtin_trap();	/* a raw C1 control */
		if (n == 0) {
			if (c->len - i >= 4)
				__builtin_trap();	/* a cut at the capture's end is fine */
			return;
		}
		i += n;
	}
}

static void
setup(void)
{
	for (size_t i = 0; i < ctl_cmd_ndocs && npats < CTL_MAX_CMDS; i++) {
		if (!ctl_pattern_parse(ctl_cmd_docs[i].pattern, &pats[npats], NULL, 0))
			__builtin_trap();	/* the documentation must parse */
		pats[npats].prefer = ctl_cmd_docs[i].flags & CTL_PREFER;
		pp[npats] = &pats[npats];
		infos[npats] = &ctl_cmd_docs[i];
		npats++;
	}
}

static void
daemon_side(const uint8_t *data, size_t size)
{
	static struct ctl_request req, again;
	static uint8_t out[CTL_REQ_MAX];
	struct ctl_frame f;
	struct ctl_match m;
	size_t used, len;
	char msg[CTL_MSG_MAX];

	if (ctl_frame_parse(data, size, CTL_REQ_MAX - CTL_HDR_LEN, &f, &used) != CTL_OK)
		return;
	if (used > size || used != CTL_HDR_LEN + (size_t)f.len)
		__builtin_trap();
	if (f.type != CTL_T_REQUEST || ctl_req_decode(f.payload, f.len, &req) != CTL_OK)
		return;
	/* the encoding is canonical: what decodes, encodes to the same octets */
	if (ctl_req_encode(req.flags, req.argc, (const char *const *)req.argv, out, sizeof(out), &len) != CTL_OK ||
	    len != used || memcmp(out, data, len) != 0)
		__builtin_trap();
	if (ctl_req_decode(out + CTL_HDR_LEN, len - CTL_HDR_LEN, &again) != CTL_OK ||
	    again.argc != req.argc || again.flags != req.flags)
		__builtin_trap();
	for (int i = 0; i < req.argc; i++)
		if (strcmp(req.argv[i], again.argv[i]) != 0)
			__builtin_trap();

	enum ctl_match_result r = ctl_match(pp, npats, req.argc, req.argv, &m);
	if (r == CTL_M_OK && (m.cmd < 0 || (size_t)m.cmd >= npats))
		__builtin_trap();
	if (r != CTL_M_OK && m.msg[0] == '\0')
		__builtin_trap();	/* every refusal says why */
	for (int fmt = CTL_FMT_TEXT; fmt <= CTL_FMT_JSON; fmt++) {
		struct ctl_out *o = ctl_out_new((enum ctl_fmt)fmt, null_sink, NULL);
		if (o == NULL)
			return;
		ctl_help_render(o, infos, pp, npats, req.argc, req.argv, msg, sizeof(msg));
		if (!ctl_out_finish(o))
			__builtin_trap();	/* help nests its output correctly */
		ctl_out_free(o);
	}
}

static void
client_side(const uint8_t *data, size_t size)
{
	static uint8_t out[CTL_HDR_LEN + 1 + CTL_MSG_MAX];
	struct ctl_frame f;
	struct ctl_end end, again;
	size_t off = 0, used, len;

	while (off < size && ctl_frame_parse(data + off, size - off, CTL_DATA_MAX, &f, &used) == CTL_OK) {
		if (used > size - off)
			__builtin_trap();
		if (f.type == CTL_T_END && ctl_end_decode(f.payload, f.len, &end) == CTL_OK) {
			if (ctl_end_encode(end.status, end.msg, out, sizeof(out), &len) != CTL_OK ||
			    len != used || memcmp(out, data + off, len) != 0)
				__builtin_trap();
			if (ctl_end_decode(out + CTL_HDR_LEN, len - CTL_HDR_LEN, &again) != CTL_OK ||
			    again.status != end.status || strcmp(again.msg, end.msg) != 0)
				__builtin_trap();
		}
		off += used;
	}
}

static void
as_text(const uint8_t *data, size_t size)
{
	static struct capture cap;
	static char s[4096];
	struct json_writer w;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';

	cap.len = 0;
	json_init(&w, capture_sink, &cap, 0);
	json_string_len(&w, NULL, (const char *)data, size);
	if (!json_finish(&w))
		__builtin_trap();
	check_printable(&cap, false);

	cap.len = 0;
	struct ctl_out *o = ctl_out_new(CTL_FMT_TEXT, capture_sink, &cap);
	if (o == NULL)
		return;
	static const struct ctl_col cols[] = { { "v", "V", 0, 0 } };
	ctl_out_kv_str(o, "k", s, s);	/* label and value */
	ctl_out_table_begin(o, "t", s, cols, 1);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR(s) }, 1);
	ctl_out_table_end(o);
	ctl_out_finish(o);
	ctl_out_free(o);
	check_printable(&cap, true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (npats == 0)
		setup();
	daemon_side(data, size);
	client_side(data, size);
	as_text(data, size);
	return 0;
}
