/*
 * json.h -- a streaming JSON writer.
 *
 * Nothing is built in memory: every call writes its text through a sink
 * callback at once (the daemon's sink appends to a client's evbuffer), so a
 * million-row table costs no more memory than one row. The writer keeps only
 * a nesting stack of JSON_MAX_DEPTH levels.
 *
 * Values take a key: inside an object it names the member (a NULL key there
 * is a caller bug), inside an array or at the top level it is ignored.
 * Misuse never produces invalid JSON and never aborts: a NULL key in an
 * object becomes "", a close of the wrong kind closes what is open, a
 * container deeper than JSON_MAX_DEPTH is dropped with its contents, a
 * second top-level value is dropped; each sets the sticky error that
 * json_finish() reports.
 *
 * Strings are written as UTF-8: quote, backslash and control characters are
 * escaped (\n \t \r \b \f, other C0 controls, DEL and C1 controls as
 * \u00XX, so a terminal never gets one raw); each ill-formed UTF-8 sequence
 * (maximal subpart, as Unicode recommends) becomes U+FFFD.
 */
#ifndef ECMPD_JSON_H
#define ECMPD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define JSON_MAX_DEPTH	32

/* Output flags. */
#define JSON_PRETTY	0x1	/* two-space indentation, one member per line */

typedef void (*json_sink_fn)(void *arg, const char *p, size_t len);

struct json_writer {
	json_sink_fn sink;
	void *arg;
	unsigned flags;
	unsigned depth;		/* open containers on the stack */
	unsigned skip;		/* containers opened past JSON_MAX_DEPTH */
	bool done;		/* a complete top-level value was written */
	bool err;
	struct {
		bool array;
		bool nonempty;
	} st[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *w, json_sink_fn sink, void *arg, unsigned flags);

void json_object_open(struct json_writer *w, const char *key);
void json_object_close(struct json_writer *w);
void json_array_open(struct json_writer *w, const char *key);
void json_array_close(struct json_writer *w);

/* A NULL string is written as null. */
void json_string(struct json_writer *w, const char *key, const char *s);
void json_string_len(struct json_writer *w, const char *key, const char *s, size_t len);
void json_int(struct json_writer *w, const char *key, int64_t v);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* A point in time as an RFC 3339 UTC string, "2026-01-02T03:04:05Z"
 * (null if the year is outside 0..9999). */
void json_time(struct json_writer *w, const char *key, time_t t);

/* Close whatever is open, end pretty output with a newline; true if the
 * writer was used correctly. */
bool json_finish(struct json_writer *w);

/* Write s as a JSON string literal (quotes included) through sink. */
void json_write_string(json_sink_fn sink, void *arg, const char *s, size_t len);

/*
 * Length of the well-formed UTF-8 sequence at s[0..len) (1..4; len >= 1), or
 * 0 with *bad set to the length of the maximal ill-formed subpart (1..3),
 * which is to be replaced by one U+FFFD.
 */
size_t json_utf8_seq(const unsigned char *s, size_t len, size_t *bad);

/* Format t as RFC 3339 UTC into buf (at least 21 octets); false if out of range. */
bool json_format_time(time_t t, char *buf, size_t len);

#endif /* ECMPD_JSON_H */
