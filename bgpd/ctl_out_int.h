/*
 * ctl_out_int.h -- between the ctl_out core (nesting checks, row assembly)
 * and its renderers. Not for handlers: they use ctl_out.h.
 */
#ifndef ECMPD_CTL_OUT_INT_H
#define ECMPD_CTL_OUT_INT_H

#include "ctl_out.h"

enum ctl_node {
	CTL_NODE_SECTION,
	CTL_NODE_LIST,
	CTL_NODE_TABLE,
};

/*
 * The renderer callbacks. The core has already checked nesting: *_begin is
 * called after the level is pushed (o->depth counts it), *_end before it is
 * popped; row() gets exactly o->ncols cells.
 */
struct ctl_out_ops {
	void (*section_begin)(struct ctl_out *o, const char *key, const char *title);
	void (*section_end)(struct ctl_out *o);
	void (*list_begin)(struct ctl_out *o, const char *key, const char *title);
	void (*list_end)(struct ctl_out *o);
	void (*kv)(struct ctl_out *o, const char *key, const char *label, const struct ctl_val *v);
	void (*table_begin)(struct ctl_out *o, const char *key, const char *title);
	void (*row)(struct ctl_out *o, const struct ctl_val *cells);
	void (*table_end)(struct ctl_out *o);
	bool (*finish)(struct ctl_out *o);	/* false on a renderer-level misuse */
	void (*free)(struct ctl_out *o);
};

/* A growable byte buffer; an allocation failure sets oom and drops text. */
struct ctl_buf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

void ctl_buf_add(struct ctl_buf *b, const char *s, size_t len);
void ctl_buf_adds(struct ctl_buf *b, const char *s);
void ctl_buf_addc(struct ctl_buf *b, char c);
void ctl_buf_pad(struct ctl_buf *b, size_t n);
void ctl_buf_free(struct ctl_buf *b);

struct ctl_out {
	const struct ctl_out_ops *ops;
	enum ctl_fmt fmt;
	ctl_sink_fn sink;
	void *arg;
	bool finished;
	bool err;
	unsigned depth;			/* levels on st[] */
	unsigned skip;			/* levels dropped (too deep, or inside a table) */
	struct {
		uint8_t kind;		/* enum ctl_node */
		uint8_t rdata;		/* the renderer's */
	} st[CTL_OUT_MAX_DEPTH];
	/* the open table */
	const struct ctl_col *cols;
	size_t ncols;
	/* row being assembled by ctl_out_cell() */
	bool in_row;
	size_t ncells;
	struct ctl_val cells[CTL_OUT_MAX_COLS];
	size_t celloff[CTL_OUT_MAX_COLS];
	struct ctl_buf scratch;
	void *r;			/* renderer state */
};

extern const struct ctl_out_ops ctl_out_text_ops;
extern const struct ctl_out_ops ctl_out_json_ops;
bool ctl_out_text_init(struct ctl_out *o);
bool ctl_out_json_init(struct ctl_out *o);

#endif /* ECMPD_CTL_OUT_INT_H */
