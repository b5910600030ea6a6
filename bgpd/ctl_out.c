/*
 * ctl_out.c -- the renderer-independent half of ctl_out: nesting checks,
 * row assembly, value formatting shared by the renderers.
 */
#include "config.h"

#include "ctl_out_int.h"
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ctl_buf_add(struct ctl_buf *b, const char *s, size_t len)
{
	if (b->oom || len == 0)
		return;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void
ctl_buf_adds(struct ctl_buf *b, const char *s)
{
	ctl_buf_add(b, s, strlen(s));
}

void
ctl_buf_addc(struct ctl_buf *b, char c)
{
	ctl_buf_add(b, &c, 1);
}

void
ctl_buf_pad(struct ctl_buf *b, size_t n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		ctl_buf_add(b, spaces, k);
		n -= k;
	}
}

void
ctl_buf_free(struct ctl_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

const char *
ctl_fmt_duration(int64_t secs, char *buf, size_t len)
{
	if (secs < 0) {
		snprintf(buf, len, "never");
		return buf;
	}
	int64_t days = secs / 86400, rem = secs % 86400;
	int h = (int)(rem / 3600), m = (int)(rem / 60 % 60), s = (int)(rem % 60);
	if (days == 0)
		snprintf(buf, len, "%02d:%02d:%02d", h, m, s);
	else if (days < 7)
		snprintf(buf, len, "%dd%02dh%02dm", (int)days, h, m);
	else if (days < 365)
		snprintf(buf, len, "%02dw%dd%02dh", (int)(days / 7), (int)(days % 7), h);
	else
		snprintf(buf, len, "%02lldy%02dw%dd", (long long)(days / 365),
		    (int)(days % 365 / 7), (int)(days % 365 % 7));
	return buf;
}

const char *
ctl_fmt_time(time_t t, char *buf, size_t len)
{
	if (t == 0)
		snprintf(buf, len, "never");
	else if (!json_format_time(t, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

struct ctl_out *
ctl_out_new(enum ctl_fmt fmt, ctl_sink_fn sink, void *arg)
{
	struct ctl_out *o = calloc(1, sizeof(*o));
	if (o == NULL)
		return NULL;
	o->fmt = fmt;
	o->sink = sink;
	o->arg = arg;
	o->ops = fmt == CTL_FMT_JSON ? &ctl_out_json_ops : &ctl_out_text_ops;
	if (!(fmt == CTL_FMT_JSON ? ctl_out_json_init(o) : ctl_out_text_init(o))) {
		free(o);
		return NULL;
	}
	return o;
}

bool
ctl_out_is_json(const struct ctl_out *o)
{
	return o != NULL && o->fmt == CTL_FMT_JSON;
}

static bool
usable(struct ctl_out *o)
{
	return o != NULL && !o->finished;
}

static bool
in_table(const struct ctl_out *o)
{
	return o->depth > 0 && o->st[o->depth - 1].kind == CTL_NODE_TABLE;
}

/* Push a level; false if it is dropped (too deep, or inside a table). */
static bool
push(struct ctl_out *o, enum ctl_node kind)
{
	if (o->skip > 0 || o->depth == CTL_OUT_MAX_DEPTH || in_table(o)) {
		if (o->skip == 0)
			o->err = true;
		o->skip++;
		return false;
	}
	o->st[o->depth].kind = (uint8_t)kind;
	o->st[o->depth].rdata = 0;
	o->depth++;
	return true;
}

/* Check an end call; false if there is nothing to tell the renderer. */
static bool
check_end(struct ctl_out *o, enum ctl_node kind)
{
	if (o->skip > 0) {
		o->skip--;
		return false;
	}
	if (o->depth == 0) {
		o->err = true;
		return false;
	}
	if (o->st[o->depth - 1].kind != kind)
		o->err = true;	/* end what is open, so the output stays well formed */
	return true;
}

static void
end_level(struct ctl_out *o)
{
	switch ((enum ctl_node)o->st[o->depth - 1].kind) {
	case CTL_NODE_SECTION:
		o->ops->section_end(o);
		break;
	case CTL_NODE_LIST:
		o->ops->list_end(o);
		break;
	case CTL_NODE_TABLE:
		if (o->in_row) {
			o->err = true;
			ctl_out_row_end(o);
		}
		o->ops->table_end(o);
		o->cols = NULL;
		o->ncols = 0;
		break;
	}
	o->depth--;
}

void
ctl_out_section_begin(struct ctl_out *o, const char *key, const char *title)
{
	if (usable(o) && push(o, CTL_NODE_SECTION))
		o->ops->section_begin(o, key, title);
}

void
ctl_out_section_end(struct ctl_out *o)
{
	if (usable(o) && check_end(o, CTL_NODE_SECTION))
		end_level(o);
}

void
ctl_out_list_begin(struct ctl_out *o, const char *key, const char *title)
{
	if (usable(o) && push(o, CTL_NODE_LIST))
		o->ops->list_begin(o, key, title);
}

void
ctl_out_list_end(struct ctl_out *o)
{
	if (usable(o) && check_end(o, CTL_NODE_LIST))
		end_level(o);
}

void
ctl_out_kv(struct ctl_out *o, const char *key, const char *label, struct ctl_val v)
{
	if (!usable(o) || o->skip > 0)
		return;
	if (in_table(o)) {
		o->err = true;
		return;
	}
	o->ops->kv(o, key, label, &v);
}

void
ctl_out_kv_str(struct ctl_out *o, const char *key, const char *label, const char *s)
{
	ctl_out_kv(o, key, label, s != NULL ? CTL_STR(s) : CTL_NULL());
}

void
ctl_out_kv_strf(struct ctl_out *o, const char *key, const char *label, const char *fmt, ...)
{
	char small[256], *p = small;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		p = malloc((size_t)n + 1);
		if (p == NULL) {
			if (o != NULL)
				o->err = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	ctl_out_kv(o, key, label, CTL_STR(p));
	if (p != small)
		free(p);
}

void
ctl_out_kv_u64(struct ctl_out *o, const char *key, const char *label, uint64_t v)
{
	ctl_out_kv(o, key, label, CTL_U64(v));
}

void
ctl_out_kv_i64(struct ctl_out *o, const char *key, const char *label, int64_t v)
{
	ctl_out_kv(o, key, label, CTL_I64(v));
}

void
ctl_out_kv_bool(struct ctl_out *o, const char *key, const char *label, bool v)
{
	ctl_out_kv(o, key, label, CTL_BOOL(v));
}

void
ctl_out_kv_time(struct ctl_out *o, const char *key, const char *label, time_t t)
{
	ctl_out_kv(o, key, label, CTL_TIME(t));
}

void
ctl_out_kv_duration(struct ctl_out *o, const char *key, const char *label, int64_t secs)
{
	ctl_out_kv(o, key, label, CTL_DUR(secs));
}

void
ctl_out_kv_null(struct ctl_out *o, const char *key, const char *label)
{
	ctl_out_kv(o, key, label, CTL_NULL());
}

void
ctl_out_table_begin(struct ctl_out *o, const char *key, const char *title,
    const struct ctl_col *cols, size_t ncols)
{
	if (!usable(o))
		return;
	if (ncols > CTL_OUT_MAX_COLS) {
		o->err = true;
		ncols = CTL_OUT_MAX_COLS;
	}
	if (!push(o, CTL_NODE_TABLE))
		return;
	o->cols = cols;
	o->ncols = ncols;
	o->ops->table_begin(o, key, title);
}

void
ctl_out_row(struct ctl_out *o, const struct ctl_val *cells, size_t n)
{
	struct ctl_val row[CTL_OUT_MAX_COLS];

	if (!usable(o) || o->skip > 0)
		return;
	if (!in_table(o)) {
		o->err = true;
		return;
	}
	if (n > o->ncols) {
		o->err = true;
		n = o->ncols;
	}
	for (size_t i = 0; i < o->ncols; i++)
		row[i] = i < n ? cells[i] : CTL_NULL();
	o->ops->row(o, row);
}

void
ctl_out_row_begin(struct ctl_out *o)
{
	if (!usable(o))
		return;
	if (o->in_row)
		o->err = true;
	o->in_row = true;
	o->ncells = 0;
	o->scratch.len = 0;
	o->scratch.oom = false;
}

void
ctl_out_cell(struct ctl_out *o, struct ctl_val v)
{
	if (!usable(o))
		return;
	if (!o->in_row || o->ncells == CTL_OUT_MAX_COLS) {
		o->err = true;
		return;
	}
	if (v.type == CTL_VAL_STR && v.v.s != NULL) {
		/* copied: the pointer is fixed at row end, the buffer may move */
		o->celloff[o->ncells] = o->scratch.len;
		ctl_buf_add(&o->scratch, v.v.s, strlen(v.v.s) + 1);
		if (o->scratch.oom) {
			o->err = true;
			v = CTL_NULL();
		}
	}
	o->cells[o->ncells++] = v;
}

void
ctl_out_cell_str(struct ctl_out *o, const char *s)
{
	ctl_out_cell(o, s != NULL ? CTL_STR(s) : CTL_NULL());
}

void
ctl_out_cell_strf(struct ctl_out *o, const char *fmt, ...)
{
	char small[256], *p = small;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		ctl_out_cell(o, CTL_NULL());
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		p = malloc((size_t)n + 1);
		if (p == NULL) {
			ctl_out_cell(o, CTL_NULL());
			return;
		}
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	ctl_out_cell(o, CTL_STR(p));
	if (p != small)
		free(p);
}

void
ctl_out_cell_u64(struct ctl_out *o, uint64_t v)
{
	ctl_out_cell(o, CTL_U64(v));
}

void
ctl_out_row_end(struct ctl_out *o)
{
	if (!usable(o))
		return;
	if (!o->in_row) {
		o->err = true;
		return;
	}
	o->in_row = false;
	for (size_t i = 0; i < o->ncells; i++)
		if (o->cells[i].type == CTL_VAL_STR && o->cells[i].v.s != NULL)
			o->cells[i].v.s = o->scratch.p + o->celloff[i];
	ctl_out_row(o, o->cells, o->ncells);
}

void
ctl_out_table_end(struct ctl_out *o)
{
	if (usable(o) && check_end(o, CTL_NODE_TABLE))
		end_level(o);
}

bool
ctl_out_finish(struct ctl_out *o)
{
	if (o == NULL)
		return false;
	if (o->finished)
		return !o->err;
	if (o->skip > 0 || o->depth > 0)
		o->err = true;		/* left open */
	o->skip = 0;
	while (o->depth > 0)
		end_level(o);
	if (!o->ops->finish(o))
		o->err = true;
	o->finished = true;
	return !o->err;
}

void
ctl_out_free(struct ctl_out *o)
{
	if (o == NULL)
		return;
	o->ops->free(o);
	ctl_buf_free(&o->scratch);
	free(o);
}
