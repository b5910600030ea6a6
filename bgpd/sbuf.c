/* sbuf.c -- growable text buffer; see sbuf.h. */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_text[1];

void
sb_init(struct sbuf *sb)
{
	sb->p = empty_text;
	sb->len = 0;
	sb->cap = 0;
	sb->truncated = false;
}

void
sb_free(struct sbuf *sb)
{
	if (sb->cap > 0)
		free(sb->p);
	sb_init(sb);
}

void
sb_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->cap > 0)
		sb->p[0] = '\0';
	sb->truncated = false;
}

/* Make room for n more characters plus the NUL. */
static bool
sb_grow(struct sbuf *sb, size_t n)
{
	if (sb->truncated)
		return false;
	if (sb->len + n + 1 <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < sb->len + n + 1)
		cap *= 2;
	char *p = sb->cap ? realloc(sb->p, cap) : malloc(cap);
	if (p == NULL) {
		sb->truncated = true;
		return false;
	}
	if (sb->cap == 0)
		p[0] = '\0';
	sb->p = p;
	sb->cap = cap;
	return true;
}

void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (!sb_grow(sb, (size_t)n))
		return;
	if ((size_t)n < sizeof(small)) {
		memcpy(sb->p + sb->len, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void
sb_puts(struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (!sb_grow(sb, n))
		return;
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

void
sb_putc(struct sbuf *sb, char c)
{
	if (!sb_grow(sb, 1))
		return;
	sb->p[sb->len++] = c;
	sb->p[sb->len] = '\0';
}

void
sb_hex(struct sbuf *sb, const unsigned char *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	if (!sb_grow(sb, 2 * len))
		return;
	for (size_t i = 0; i < len; i++) {
		sb->p[sb->len++] = digits[p[i] >> 4];
		sb->p[sb->len++] = digits[p[i] & 15];
	}
	sb->p[sb->len] = '\0';
}

void
sb_escaped(struct sbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			sb_putc(sb, (char)c);
		else
			sb_printf(sb, "\\x%02x", c);
	}
}
