/*
 * conf_err.c -- collecting configuration errors in file order, and the
 * "did you mean" suggestions that go with unknown words.
 */
#include "conf_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
conf_errors_init(struct conf_errors *errs, const char *file)
{
	memset(errs, 0, sizeof(*errs));
	snprintf(errs->file, sizeof(errs->file), "%s", file != NULL ? file : "-");
}

static bool
mark_before(struct conf_mark a, struct conf_mark b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

void
conf_error_add(struct conf_errors *errs, struct conf_mark m, const char *fmt, ...)
{
	/* after every error at the same place or earlier: equal marks keep their order */
	unsigned pos = errs->count;
	while (pos > 0 && mark_before(m, (struct conf_mark){
	    errs->err[pos - 1].line, errs->err[pos - 1].col }))
		pos--;
	if (pos >= CONF_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
	if (errs->count == CONF_MAX_ERRORS) {
		errs->dropped++;
		errs->count--;
	}
	memmove(&errs->err[pos + 1], &errs->err[pos],
	    (errs->count - pos) * sizeof(errs->err[0]));
	errs->count++;

	struct conf_error *e = &errs->err[pos];
	e->line = m.line;
	e->col = m.col;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(e->msg))
		memcpy(e->msg + sizeof(e->msg) - 4, "...", 4);
}

void
conf_errors_print(const struct conf_errors *errs, struct sbuf *sb)
{
	for (unsigned i = 0; i < errs->count; i++) {
		const struct conf_error *e = &errs->err[i];
		if (e->line == 0)
			sb_printf(sb, "%s: %s\n", errs->file, e->msg);
		else
			sb_printf(sb, "%s:%u:%u: %s\n", errs->file, e->line, e->col, e->msg);
	}
	if (errs->dropped > 0)
		sb_printf(sb, "%s: %u more error%s not shown\n", errs->file,
		    errs->dropped, errs->dropped == 1 ? "" : "s");
}

#define DIST_MAX_LEN 64
#define DIST_CAP 9

unsigned
conf_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > DIST_MAX_LEN || lb > DIST_MAX_LEN)
		return DIST_CAP;
	/* three rows of the optimal string alignment table */
	unsigned rows[3][DIST_MAX_LEN + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] < DIST_CAP ? prev[lb] : DIST_CAP;
}

const char *
conf_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t wlen = strlen(word);

	for (size_t i = 0; i < n; i++)
		if (strcasecmp(word, cands[i]) == 0)
			return cands[i];	/* "AS" for "as" */
	/* short words are within 2 edits of too much to be useful guesses */
	unsigned best_d = wlen >= 5 ? 3 : wlen >= 3 ? 2 : 1;

	for (size_t i = 0; i < n; i++) {
		unsigned d = conf_edit_distance(word, cands[i]);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	if (best != NULL)
		return best;
	/* "hold" for "hold-time", "warn" for "warning": a unique completion */
	size_t len = strlen(word);
	for (size_t i = 0; len >= 3 && i < n; i++) {
		if (strncmp(cands[i], word, len) != 0)
			continue;
		if (best != NULL)
			return NULL;
		best = cands[i];
	}
	return best;
}

void
conf_suggest_text(char *buf, size_t len, const char *word,
    const char *const *cands, size_t n)
{
	const char *s = conf_suggest(word, cands, n);
	size_t used = strlen(buf);

	if (s != NULL && used < len)
		snprintf(buf + used, len - used, " (did you mean '%s'?)", s);
}

const char *
conf_quote(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t o = 0;
	const size_t shown = 40;

	if (buflen < 16) {
		if (buflen > 0)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '\'';
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* cut after `shown` bytes, but never inside a UTF-8 sequence */
		if (i >= shown && (c & 0xc0) != 0x80)
			break;
		if (o + 8 >= buflen)
			break;
		if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
			buf[o++] = (char)c;
		} else if (c >= 0x80) {
			buf[o++] = (char)c;	/* UTF-8, checked by libyaml */
		} else {
			o += (size_t)snprintf(buf + o, buflen - o, "\\x%02x", c);
		}
	}
	if (i < len && o + 5 < buflen) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}
