/*
 * buf.h -- bounded reader and writer over byte arrays.
 *
 * Every read checks the remaining length and reports an overrun as a false
 * return value; nothing here asserts on outside input. The writer writes into
 * a caller-supplied array and reports overflow the same way, so encoders can
 * fill a message up to a negotiated maximum and back off.
 *
 * Both are header-only inline code: they sit on the decode and encode hot
 * paths, and the compiler folds the bounds checks of consecutive reads.
 */
#ifndef ECMPD_BUF_H
#define ECMPD_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rbuf {
	const uint8_t *p;	/* start of the readable bytes */
	size_t len;		/* number of readable bytes */
	size_t off;		/* next byte to read */
};

static inline struct rbuf
rb_init(const uint8_t *p, size_t len)
{
	struct rbuf rb = { p, len, 0 };
	return rb;
}

static inline size_t
rb_left(const struct rbuf *rb)
{
	return rb->len - rb->off;
}

static inline const uint8_t *
rb_cur(const struct rbuf *rb)
{
	return rb->p + rb->off;
}

static inline bool
rb_u8(struct rbuf *rb, uint8_t *v)
{
	if (rb_left(rb) < 1)
		return false;
	*v = rb->p[rb->off++];
	return true;
}

static inline bool
rb_u16(struct rbuf *rb, uint16_t *v)
{
	if (rb_left(rb) < 2)
		return false;
	*v = (uint16_t)(rb->p[rb->off] << 8 | rb->p[rb->off + 1]);
	rb->off += 2;
	return true;
}

static inline bool
rb_u32(struct rbuf *rb, uint32_t *v)
{
	if (rb_left(rb) < 4)
		return false;
	const uint8_t *q = rb->p + rb->off;
	*v = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	    (uint32_t)q[2] << 8 | q[3];
	rb->off += 4;
	return true;
}

/* Hand out a pointer to the next n bytes and skip them. */
static inline bool
rb_bytes(struct rbuf *rb, size_t n, const uint8_t **out)
{
	if (rb_left(rb) < n)
		return false;
	*out = rb->p + rb->off;
	rb->off += n;
	return true;
}

static inline bool
rb_copy(struct rbuf *rb, void *dst, size_t n)
{
	const uint8_t *src;
	if (!rb_bytes(rb, n, &src))
		return false;
	memcpy(dst, src, n);
	return true;
}

/* Split off the next n bytes as a reader of their own. */
static inline bool
rb_sub(struct rbuf *rb, size_t n, struct rbuf *sub)
{
	const uint8_t *p;
	if (!rb_bytes(rb, n, &p))
		return false;
	*sub = rb_init(p, n);
	return true;
}

static inline uint16_t
get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct wbuf {
	uint8_t *p;		/* destination array */
	size_t cap;		/* its size */
	size_t len;		/* bytes written so far */
	bool overflow;		/* a write did not fit; len stays put */
};

static inline struct wbuf
wb_init(uint8_t *p, size_t cap)
{
	struct wbuf wb = { p, cap, 0, false };
	return wb;
}

static inline size_t
wb_room(const struct wbuf *wb)
{
	return wb->cap - wb->len;
}

/* Reserve n bytes and return where they start, or NULL on overflow. */
static inline uint8_t *
wb_reserve(struct wbuf *wb, size_t n)
{
	if (wb_room(wb) < n) {
		wb->overflow = true;
		return NULL;
	}
	uint8_t *q = wb->p + wb->len;
	wb->len += n;
	return q;
}

static inline bool
wb_u8(struct wbuf *wb, uint8_t v)
{
	uint8_t *q = wb_reserve(wb, 1);
	if (q == NULL)
		return false;
	*q = v;
	return true;
}

static inline bool
wb_u16(struct wbuf *wb, uint16_t v)
{
	uint8_t *q = wb_reserve(wb, 2);
	if (q == NULL)
		return false;
	put_u16(q, v);
	return true;
}

static inline bool
wb_u32(struct wbuf *wb, uint32_t v)
{
	uint8_t *q = wb_reserve(wb, 4);
	if (q == NULL)
		return false;
	put_u32(q, v);
	return true;
}

static inline bool
wb_put(struct wbuf *wb, const void *src, size_t n)
{
	uint8_t *q = wb_reserve(wb, n);
	if (q == NULL)
		return false;
	if (n > 0)
		memcpy(q, src, n);
	return true;
}

/* Patch a 16-bit field written earlier at offset pos with the byte count since pos + 2. */
static inline void
wb_patch_len16(struct wbuf *wb, size_t pos)
{
	put_u16(wb->p + pos, (uint16_t)(wb->len - pos - 2));
}

/*
 * A bump allocator over a caller-supplied array: the per-message scratch
 * arena. Decoders put what they must build (AS paths widened to four octets,
 * reconciled paths, re-flagged unknown attributes) here; the caller resets
 * it after each message.
 */
struct arena {
	uint8_t *p;
	size_t cap;
	size_t used;
};

static inline struct arena
arena_init(uint8_t *p, size_t cap)
{
	struct arena a = { p, cap, 0 };
	return a;
}

static inline uint8_t *
arena_alloc(struct arena *a, size_t n)
{
	/* 4-byte alignment is enough: we store bytes and 32-bit ASNs. */
	size_t start = (a->used + 3) & ~(size_t)3;
	if (start > a->cap || a->cap - start < n)
		return NULL;
	a->used = start + n;
	return a->p + start;
}

static inline void
arena_reset(struct arena *a)
{
	a->used = 0;
}

#endif /* ECMPD_BUF_H */
