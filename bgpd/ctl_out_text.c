/*
 * ctl_out_text.c -- the text renderer: indented key: value blocks and
 * aligned tables (rules in ctl_out.h). Output goes to the sink a line at a
 * time; a table keeps at most CTL_TEXT_TABLE_ROWS rows to fit its columns.
 */
#include "config.h"

#include "ctl_out_int.h"
#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text {
	unsigned indent;		/* levels of two spaces */
	bool any;			/* something was printed */
	struct ctl_buf line;
	/* the open table */
	unsigned tindent;
	bool header;			/* some column has a title */
	bool flushed;			/* widths are fixed, rows stream */
	size_t nvis;
	size_t vis[CTL_OUT_MAX_COLS];	/* visible columns */
	size_t width[CTL_OUT_MAX_COLS];
	size_t nrows;
	char **rows;			/* CTL_TEXT_TABLE_ROWS x nvis cells */
};

bool
ctl_out_text_init(struct ctl_out *o)
{
	o->r = calloc(1, sizeof(struct text));
	return o->r != NULL;
}

/* Columns a string takes: UTF-8 characters (it has been sanitized). */
static size_t
text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Append s, printable: C0 controls and DEL as \xNN, C1 controls as \u00NN,
 * ill-formed UTF-8 as U+FFFD; with cont >= 0 a newline continues the value on a new line at
 * column cont.
 */
static void
put_sanitized(struct ctl_buf *b, const char *str, long cont)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), i = 0;

	while (i < len) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x7f) {
			size_t j = i;
			while (j < len && s[j] >= 0x20 && s[j] < 0x7f)
				j++;
			ctl_buf_add(b, str + i, j - i);
			i = j;
		} else if (c == '\n' && cont >= 0) {
			ctl_buf_addc(b, '\n');
			ctl_buf_pad(b, (size_t)cont);
			i++;
		} else if (c < 0x80) {
			char esc[8];
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			ctl_buf_adds(b, esc);
			i++;
		} else {
			size_t bad = 0, n = json_utf8_seq(s + i, len - i, &bad);
			if (n == 2 && c == 0xc2 && s[i + 1] < 0xa0) {
				char esc[8];	/* a C1 control: visible, not obeyed */
				snprintf(esc, sizeof(esc), "\\u%04x", s[i + 1]);
				ctl_buf_adds(b, esc);
				i += 2;
			} else if (n > 0) {
				ctl_buf_add(b, str + i, n);
				i += n;
			} else {
				ctl_buf_adds(b, "\xef\xbf\xbd");
				i += bad;
			}
		}
	}
}

static void
put_value(struct ctl_buf *b, const struct ctl_val *v, long cont)
{
	char buf[40];

	switch (v->type) {
	case CTL_VAL_STR:
		if (v->v.s != NULL)
			put_sanitized(b, v->v.s, cont);
		else
			ctl_buf_addc(b, '-');
		return;
	case CTL_VAL_U64:
		snprintf(buf, sizeof(buf), "%" PRIu64, v->v.u);
		break;
	case CTL_VAL_I64:
		snprintf(buf, sizeof(buf), "%" PRId64, v->v.i);
		break;
	case CTL_VAL_BOOL:
		snprintf(buf, sizeof(buf), "%s", v->v.b ? "yes" : "no");
		break;
	case CTL_VAL_TIME:
		ctl_fmt_time(v->v.t, buf, sizeof(buf));
		break;
	case CTL_VAL_DURATION:
		ctl_fmt_duration(v->v.i, buf, sizeof(buf));
		break;
	case CTL_VAL_NULL:
	default:
		snprintf(buf, sizeof(buf), "-");
		break;
	}
	ctl_buf_adds(b, buf);
}

/* Send the line buffer, without trailing blanks, and a newline. */
static void
emit_line(struct ctl_out *o)
{
	struct text *t = o->r;
	while (t->line.len > 0 && t->line.p[t->line.len - 1] == ' ')
		t->line.len--;
	ctl_buf_addc(&t->line, '\n');
	if (!t->line.oom)
		o->sink(o->arg, t->line.p, t->line.len);
	else
		o->err = true;
	t->line.len = 0;
	t->line.oom = false;
	t->any = true;
}

/* A blank line before a top-level block that follows other output. */
static void
separate(struct ctl_out *o)
{
	struct text *t = o->r;
	if (t->indent == 0 && t->any)
		o->sink(o->arg, "\n", 1);
}

static void
open_titled(struct ctl_out *o, const char *title)
{
	struct text *t = o->r;
	if (title == NULL)
		return;
	separate(o);
	ctl_buf_pad(&t->line, 2 * (size_t)t->indent);
	put_sanitized(&t->line, title, -1);
	emit_line(o);
	t->indent++;
	o->st[o->depth - 1].rdata = 1;
}

static void
close_titled(struct ctl_out *o)
{
	struct text *t = o->r;
	if (o->st[o->depth - 1].rdata)
		t->indent--;
}

static void
text_section_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)key;
	open_titled(o, title);
}

static void
text_list_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)key;
	open_titled(o, title);
}

static void
text_kv(struct ctl_out *o, const char *key, const char *label, const struct ctl_val *v)
{
	(void)key;
	struct text *t = o->r;
	size_t col = 2 * (size_t)t->indent;

	ctl_buf_pad(&t->line, col);
	if (label != NULL) {
		size_t start = t->line.len;
		put_sanitized(&t->line, label, -1);
		ctl_buf_addc(&t->line, ':');
		size_t w = text_width(t->line.p + start);
		ctl_buf_pad(&t->line, w < CTL_TEXT_LABEL_WIDTH ? CTL_TEXT_LABEL_WIDTH - w : 1);
		col += w < CTL_TEXT_LABEL_WIDTH ? CTL_TEXT_LABEL_WIDTH : w + 1;
	}
	put_value(&t->line, v, (long)col);
	emit_line(o);
}

static void
free_rows(struct text *t)
{
	if (t->rows == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->nvis; i++)
		free(t->rows[i]);
	t->nrows = 0;
}

static void
put_row(struct ctl_out *o, char *const *cells)
{
	struct text *t = o->r;
	const struct ctl_col *cols = o->cols;

	ctl_buf_pad(&t->line, 2 * (size_t)t->tindent);
	for (size_t j = 0; j < t->nvis; j++) {
		const char *s = cells[j] != NULL ? cells[j] : "";
		size_t w = text_width(s);
		size_t pad = t->width[j] > w ? t->width[j] - w : 0;
		if (j > 0)
			ctl_buf_add(&t->line, "  ", 2);
		if (cols[t->vis[j]].flags & CTL_COL_RIGHT) {
			ctl_buf_pad(&t->line, pad);
			ctl_buf_adds(&t->line, s);
		} else {
			ctl_buf_adds(&t->line, s);
			ctl_buf_pad(&t->line, pad);
		}
	}
	emit_line(o);
}

/* Print the header and the rows kept so far; from now on rows stream. */
static void
flush_table(struct ctl_out *o)
{
	struct text *t = o->r;
	char *titles[CTL_OUT_MAX_COLS];

	if (t->header) {
		for (size_t j = 0; j < t->nvis; j++)
			titles[j] = (char *)(o->cols[t->vis[j]].title);
		put_row(o, titles);
	}
	for (size_t i = 0; i < t->nrows; i++)
		put_row(o, t->rows + i * t->nvis);
	free_rows(t);
	t->flushed = true;
}

static void
text_table_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)key;
	struct text *t = o->r;

	separate(o);
	t->tindent = t->indent;
	if (title != NULL) {
		ctl_buf_pad(&t->line, 2 * (size_t)t->indent);
		put_sanitized(&t->line, title, -1);
		emit_line(o);
		t->tindent++;
	}
	t->header = false;
	t->flushed = false;
	t->nrows = 0;
	t->nvis = 0;
	for (size_t i = 0; i < o->ncols; i++) {
		if (o->cols[i].flags & CTL_COL_JSON_ONLY)
			continue;
		const char *ti = o->cols[i].title;
		t->vis[t->nvis] = i;
		t->width[t->nvis] = ti != NULL ? text_width(ti) : 0;
		if (o->cols[i].width > t->width[t->nvis])
			t->width[t->nvis] = o->cols[i].width;
		if (ti != NULL)
			t->header = true;
		t->nvis++;
	}
	free(t->rows);
	t->rows = NULL;
	if (t->nvis > 0)
		t->rows = calloc(CTL_TEXT_TABLE_ROWS * t->nvis, sizeof(char *));
	if (t->rows == NULL)
		t->flushed = true;	/* no memory to align: stream as is */
	if (t->flushed && t->header)
		flush_table(o);
}

static void
text_row(struct ctl_out *o, const struct ctl_val *cells)
{
	struct text *t = o->r;
	char *row[CTL_OUT_MAX_COLS];
	struct ctl_buf b;

	if (t->nvis == 0)
		return;
	for (size_t j = 0; j < t->nvis; j++) {
		memset(&b, 0, sizeof(b));
		put_value(&b, &cells[t->vis[j]], -1);
		if (b.oom)
			o->err = true;
		row[j] = b.p;	/* NULL for an empty cell */
	}
	if (t->flushed) {
		put_row(o, row);
		for (size_t j = 0; j < t->nvis; j++)
			free(row[j]);
		return;
	}
	for (size_t j = 0; j < t->nvis; j++) {
		size_t w = row[j] != NULL ? text_width(row[j]) : 0;
		if (w > t->width[j])
			t->width[j] = w;
		t->rows[t->nrows * t->nvis + j] = row[j];
	}
	if (++t->nrows == CTL_TEXT_TABLE_ROWS)
		flush_table(o);
}

static void
text_table_end(struct ctl_out *o)
{
	struct text *t = o->r;
	if (!t->flushed)
		flush_table(o);
	free(t->rows);
	t->rows = NULL;
	t->nvis = 0;
}

static bool
text_finish(struct ctl_out *o)
{
	(void)o;
	return true;
}

static void
text_free(struct ctl_out *o)
{
	struct text *t = o->r;
	if (t == NULL)
		return;
	free_rows(t);
	free(t->rows);
	ctl_buf_free(&t->line);
	free(t);
	o->r = NULL;
}

const struct ctl_out_ops ctl_out_text_ops = {
	.section_begin = text_section_begin,
	.section_end = close_titled,
	.list_begin = text_list_begin,
	.list_end = close_titled,
	.kv = text_kv,
	.table_begin = text_table_begin,
	.row = text_row,
	.table_end = text_table_end,
	.finish = text_finish,
	.free = text_free,
};
