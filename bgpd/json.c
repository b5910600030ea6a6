/*
 * json.c -- streaming JSON writer; see json.h for the contract.
 */
#include "config.h"

#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void
emit(struct json_writer *w, const char *s, size_t len)
{
	if (len > 0)
		w->sink(w->arg, s, len);
}

static void
emits(struct json_writer *w, const char *s)
{
	emit(w, s, strlen(s));
}

static void
indent(struct json_writer *w, unsigned depth)
{
	static const char spaces[] = "                                ";	/* 32 */
	size_t n = 2 * (size_t)depth;
	emit(w, "\n", 1);
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		emit(w, spaces, k);
		n -= k;
	}
}

void
json_init(struct json_writer *w, json_sink_fn sink, void *arg, unsigned flags)
{
	memset(w, 0, sizeof(*w));
	w->sink = sink;
	w->arg = arg;
	w->flags = flags;
}

size_t
json_utf8_seq(const unsigned char *s, size_t len, size_t *bad)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;	/* range of the second octet */

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;		/* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f;		/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;		/* nothing above U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	size_t k = 0;
	while (k < need && 1 + k < len) {
		unsigned char d = s[1 + k];
		if (k == 0 ? (d < lo || d > hi) : (d < 0x80 || d > 0xbf))
			break;
		k++;
	}
	if (k == need)
		return 1 + need;
	*bad = 1 + k;
	return 0;
}

void
json_write_string(json_sink_fn sink, void *arg, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0, i = 0;
	char esc[8];

	sink(arg, "\"", 1);
	while (i < len) {
		unsigned char c = s[i];
		const char *rep = NULL;
		size_t replen = 2, skip = 1;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t bad = 0, n = json_utf8_seq(s + i, len - i, &bad);
			if (n == 2 && c == 0xc2 && s[i + 1] < 0xa0) {
				/* a C1 control (U+0080..U+009F): escaped, as C0 */
				snprintf(esc, sizeof(esc), "\\u%04x", s[i + 1]);
				rep = esc;
				replen = 6;
				skip = 2;
			} else if (n > 0) {
				i += n;
				continue;
			} else {
				rep = "\xef\xbf\xbd";	/* U+FFFD */
				replen = 3;
				skip = bad;
			}
		} else {
			switch (c) {
			case '"':  rep = "\\\""; break;
			case '\\': rep = "\\\\"; break;
			case '\b': rep = "\\b"; break;
			case '\f': rep = "\\f"; break;
			case '\n': rep = "\\n"; break;
			case '\r': rep = "\\r"; break;
			case '\t': rep = "\\t"; break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				rep = esc;
				replen = 6;
				break;
			}
		}
		if (i > run)
			sink(arg, str + run, i - run);
		sink(arg, rep, replen);
		i += skip;
		run = i;
	}
	if (i > run)
		sink(arg, str + run, i - run);
	sink(arg, "\"", 1);
}

/* Prepare for a value: separator, indentation, key. False to drop the value. */
static bool
begin_value(struct json_writer *w, const char *key)
{
	if (w->skip > 0)
		return false;
	if (w->depth == 0) {
		if (w->done) {
			w->err = true;	/* a second top-level value */
			return false;
		}
		return true;
	}
	unsigned d = w->depth - 1;
	if (w->st[d].nonempty)
		emit(w, ",", 1);
	if (w->flags & JSON_PRETTY)
		indent(w, w->depth);
	w->st[d].nonempty = true;
	if (!w->st[d].array) {
		if (key == NULL) {
			w->err = true;
			key = "";
		}
		json_write_string(w->sink, w->arg, key, strlen(key));
		emits(w, (w->flags & JSON_PRETTY) ? ": " : ":");
	}
	return true;
}

static void
end_value(struct json_writer *w)
{
	if (w->depth == 0)
		w->done = true;
}

static void
open_container(struct json_writer *w, const char *key, bool array)
{
	if (w->skip > 0 || w->depth == JSON_MAX_DEPTH) {
		if (w->skip == 0)
			w->err = true;
		w->skip++;
		return;
	}
	if (!begin_value(w, key)) {
		if (w->depth == 0)
			w->skip++;	/* a dropped second top-level container */
		return;
	}
	emit(w, array ? "[" : "{", 1);
	w->st[w->depth].array = array;
	w->st[w->depth].nonempty = false;
	w->depth++;
}

static void
close_container(struct json_writer *w, bool array)
{
	if (w->skip > 0) {
		w->skip--;
		return;
	}
	if (w->depth == 0) {
		w->err = true;
		return;
	}
	unsigned d = w->depth - 1;
	if (w->st[d].array != array)
		w->err = true;	/* close what is open, so the output stays valid */
	if (w->st[d].nonempty && (w->flags & JSON_PRETTY))
		indent(w, d);
	emit(w, w->st[d].array ? "]" : "}", 1);
	w->depth--;
	end_value(w);
}

void
json_object_open(struct json_writer *w, const char *key)
{
	open_container(w, key, false);
}

void
json_object_close(struct json_writer *w)
{
	close_container(w, false);
}

void
json_array_open(struct json_writer *w, const char *key)
{
	open_container(w, key, true);
}

void
json_array_close(struct json_writer *w)
{
	close_container(w, true);
}

static void
raw_value(struct json_writer *w, const char *key, const char *text)
{
	if (!begin_value(w, key))
		return;
	emits(w, text);
	end_value(w);
}

void
json_string_len(struct json_writer *w, const char *key, const char *s, size_t len)
{
	if (s == NULL) {
		json_null(w, key);
		return;
	}
	if (!begin_value(w, key))
		return;
	json_write_string(w->sink, w->arg, s, len);
	end_value(w);
}

void
json_string(struct json_writer *w, const char *key, const char *s)
{
	json_string_len(w, key, s, s != NULL ? strlen(s) : 0);
}

void
json_int(struct json_writer *w, const char *key, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	raw_value(w, key, buf);
}

void
json_uint(struct json_writer *w, const char *key, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	raw_value(w, key, buf);
}

void
json_bool(struct json_writer *w, const char *key, bool v)
{
	raw_value(w, key, v ? "true" : "false");
}

void
json_null(struct json_writer *w, const char *key)
{
	raw_value(w, key, "null");
}

bool
json_format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900)
		return false;
	return snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec) == 20;
}

void
json_time(struct json_writer *w, const char *key, time_t t)
{
	char buf[32];
	if (!json_format_time(t, buf, sizeof(buf))) {
		json_null(w, key);
		return;
	}
	json_string(w, key, buf);
}

bool
json_finish(struct json_writer *w)
{
	while (w->skip > 0 || w->depth > 0) {
		if (w->skip == 0)
			w->err = true;	/* left open by the caller */
		if (w->skip > 0)
			w->skip--;
		else
			close_container(w, w->st[w->depth - 1].array);
	}
	if (w->done && (w->flags & JSON_PRETTY))
		emit(w, "\n", 1);
	w->done = false;
	return !w->err;
}
