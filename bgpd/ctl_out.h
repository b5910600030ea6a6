/*
 * ctl_out.h -- what control-command handlers write to: one data model,
 * rendered as aligned text for people or as JSON for programs.
 *
 * A handler describes its reply with sections (key/value blocks), lists and
 * tables; a renderer (ctl_out_text.c, ctl_out_json.c: a struct of callbacks,
 * as bgpctl's struct output) turns the calls into text as they come and
 * passes it to a sink. Nothing waits for the end of the reply except a text
 * table's first CTL_TEXT_TABLE_ROWS rows, kept to choose column widths.
 *
 * Every call takes a JSON key (snake_case) and, where text needs one, a
 * label for people:
 *
 *	ctl_out_section_begin(o, "timers", "Timers:");
 *	ctl_out_kv_u64(o, "hold_time_secs", "Hold time", 90);
 *	ctl_out_kv_time(o, "last_reload", "Last reload", t);
 *	ctl_out_section_end(o);
 *
 *	Text:				JSON (pretty):
 *	Timers:				{
 *	  Hold time:          90	  "schema_version": 1,
 *	  Last reload:        2026-…	  "timers": {
 *					    "hold_time_secs": 90,
 *					    "last_reload": "2026-01-02T03:04:05Z"
 *					  }
 *					}
 *
 * Rules, text:
 *  - A titled section or list prints its title line as given and indents
 *    its contents by two spaces; without a title it only groups.
 *  - key/value: "label:" padded to CTL_TEXT_LABEL_WIDTH, then the value;
 *    with a NULL label, the value alone on its line. Inside a list, an item
 *    without a label is the value alone. A value's newlines continue at the
 *    value's column; other control characters print as \xNN (C1 ones
 *    as \u00NN), ill-formed UTF-8 as U+FFFD.
 *  - A top-level block (titled section or list, any table) that follows
 *    other output is preceded by a blank line.
 *  - Tables: a header line of column titles (omitted when every title is
 *    NULL), then one line per row, columns separated by two spaces, numbers
 *    right-aligned (CTL_COL_RIGHT); widths fit the header, the column's
 *    minimum width and the first CTL_TEXT_TABLE_ROWS rows; later rows
 *    stream with those widths (a wider cell shifts its line, never cut).
 *  - Values: bool yes/no; time RFC 3339 UTC or "never" (0); duration as in
 *    `show bgp summary`: 00:01:02, 3d04h05m, 02w3d04h, 01y02w3d, or "never"
 *    (negative); null "-".
 *
 * Rules, JSON (the stable schema; see ecmpctl(8)):
 *  - The reply is one object, its first member "schema_version"
 *    (CTL_JSON_SCHEMA_VERSION), written at the first output call: a reply
 *    with no output calls prints nothing.
 *  - A section is "key": {...}; with a NULL key its members go straight
 *    into the enclosing object (a text-only grouping). Inside a list, a
 *    section is an object element and its key is ignored.
 *  - A list is "key": [...]; items are its elements.
 *  - key/value is "key": value; with a NULL key it is text-only and
 *    omitted from JSON. Labels and titles are never in JSON.
 *  - A table is "key": [ {column key: cell, ...}, ... ]; a column with
 *    CTL_COL_TEXT_ONLY is left out, one with CTL_COL_JSON_ONLY only appears
 *    here.
 *  - Values: strings (UTF-8, invalid octets as U+FFFD), integers, true/false,
 *    time as an RFC 3339 UTC string "2026-01-02T03:04:05Z" or null (0),
 *    duration as integer seconds or null (negative), null.
 *    Convention: keys of durations end in "_secs".
 *
 * Misuse (ending what is not open, values inside a table, too deep) is
 * dropped and reported by ctl_out_finish(); the output stays well formed.
 */
#ifndef ECMPD_CTL_OUT_H
#define ECMPD_CTL_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CTL_JSON_SCHEMA_VERSION	1
#define CTL_OUT_MAX_DEPTH	16	/* nested sections, lists and tables */
#define CTL_OUT_MAX_COLS	32
#define CTL_TEXT_LABEL_WIDTH	20	/* "label:" is padded to this */
#define CTL_TEXT_TABLE_ROWS	100	/* rows a text table keeps to align */

enum ctl_fmt {
	CTL_FMT_TEXT,
	CTL_FMT_JSON,
};

typedef void (*ctl_sink_fn)(void *arg, const char *p, size_t len);

enum ctl_val_type {
	CTL_VAL_NULL,
	CTL_VAL_STR,
	CTL_VAL_U64,
	CTL_VAL_I64,
	CTL_VAL_BOOL,
	CTL_VAL_TIME,		/* time_t, 0 = never */
	CTL_VAL_DURATION,	/* seconds, negative = never */
};

struct ctl_val {
	enum ctl_val_type type;
	union {
		const char *s;
		uint64_t u;
		int64_t i;
		bool b;
		time_t t;
	} v;
};

#define CTL_NULL()	((struct ctl_val){ .type = CTL_VAL_NULL })
#define CTL_STR(x)	((struct ctl_val){ .type = CTL_VAL_STR, .v.s = (x) })
#define CTL_U64(x)	((struct ctl_val){ .type = CTL_VAL_U64, .v.u = (x) })
#define CTL_I64(x)	((struct ctl_val){ .type = CTL_VAL_I64, .v.i = (x) })
#define CTL_BOOL(x)	((struct ctl_val){ .type = CTL_VAL_BOOL, .v.b = (x) })
#define CTL_TIME(x)	((struct ctl_val){ .type = CTL_VAL_TIME, .v.t = (x) })
#define CTL_DUR(x)	((struct ctl_val){ .type = CTL_VAL_DURATION, .v.i = (x) })

/* Table columns. */
#define CTL_COL_RIGHT		0x1	/* right-align in text (numbers) */
#define CTL_COL_TEXT_ONLY	0x2	/* not in JSON */
#define CTL_COL_JSON_ONLY	0x4	/* not in text */

struct ctl_col {
	const char *key;	/* JSON member name */
	const char *title;	/* text header; NULL for none */
	unsigned flags;		/* CTL_COL_* */
	unsigned width;		/* text: at least this wide (room for what
				 * comes after the first rows), 0 to fit */
};

struct ctl_out;

struct ctl_out *ctl_out_new(enum ctl_fmt fmt, ctl_sink_fn sink, void *arg);
/* Close whatever is open and flush; true if the calls were well nested.
 * Further calls are ignored. */
bool ctl_out_finish(struct ctl_out *o);
void ctl_out_free(struct ctl_out *o);
bool ctl_out_is_json(const struct ctl_out *o);

void ctl_out_section_begin(struct ctl_out *o, const char *key, const char *title);
void ctl_out_section_end(struct ctl_out *o);
void ctl_out_list_begin(struct ctl_out *o, const char *key, const char *title);
void ctl_out_list_end(struct ctl_out *o);

void ctl_out_kv(struct ctl_out *o, const char *key, const char *label, struct ctl_val v);
void ctl_out_kv_str(struct ctl_out *o, const char *key, const char *label, const char *s);
void ctl_out_kv_strf(struct ctl_out *o, const char *key, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ctl_out_kv_u64(struct ctl_out *o, const char *key, const char *label, uint64_t v);
void ctl_out_kv_i64(struct ctl_out *o, const char *key, const char *label, int64_t v);
void ctl_out_kv_bool(struct ctl_out *o, const char *key, const char *label, bool v);
void ctl_out_kv_time(struct ctl_out *o, const char *key, const char *label, time_t t);
void ctl_out_kv_duration(struct ctl_out *o, const char *key, const char *label, int64_t secs);
void ctl_out_kv_null(struct ctl_out *o, const char *key, const char *label);
/* A list element (or, outside lists, a text-only line). */
#define ctl_out_item(o, v)	ctl_out_kv((o), NULL, NULL, (v))
#define ctl_out_item_str(o, s)	ctl_out_kv_str((o), NULL, NULL, (s))

/* cols must stay valid until ctl_out_table_end. */
void ctl_out_table_begin(struct ctl_out *o, const char *key, const char *title,
    const struct ctl_col *cols, size_t ncols);
/* One row, a cell per column (missing ones are null, extra ones dropped). */
void ctl_out_row(struct ctl_out *o, const struct ctl_val *cells, size_t n);
/* The same, one cell at a time; strings are copied. */
void ctl_out_row_begin(struct ctl_out *o);
void ctl_out_cell(struct ctl_out *o, struct ctl_val v);
void ctl_out_cell_str(struct ctl_out *o, const char *s);
void ctl_out_cell_strf(struct ctl_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ctl_out_cell_u64(struct ctl_out *o, uint64_t v);
void ctl_out_row_end(struct ctl_out *o);
void ctl_out_table_end(struct ctl_out *o);

/* Text forms, also used by the text renderer (buf of at least 32 octets). */
const char *ctl_fmt_duration(int64_t secs, char *buf, size_t len);
const char *ctl_fmt_time(time_t t, char *buf, size_t len);

#endif /* ECMPD_CTL_OUT_H */
