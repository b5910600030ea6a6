/*
 * sbuf.h -- a growable text buffer for the printers (show output, decode).
 *
 * Printing is not on the decode path, so it may allocate. A failed
 * allocation marks the buffer truncated instead of aborting.
 */
#ifndef ECMPD_SBUF_H
#define ECMPD_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *p;		/* NUL-terminated text (never NULL after sb_init) */
	size_t len;
	size_t cap;
	bool truncated;		/* an allocation failed; text is cut */
};

void sb_init(struct sbuf *sb);
void sb_free(struct sbuf *sb);
void sb_reset(struct sbuf *sb);
void sb_printf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_puts(struct sbuf *sb, const char *s);
void sb_putc(struct sbuf *sb, char c);
/* Append bytes as lowercase hex. */
void sb_hex(struct sbuf *sb, const unsigned char *p, size_t len);
/* Append text from a peer, escaping anything but printable ASCII as \xNN. */
void sb_escaped(struct sbuf *sb, const char *s, size_t len);

#endif /* ECMPD_SBUF_H */
