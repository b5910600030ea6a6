/*
 * conf.h -- the ecmpd configuration as plain data.
 *
 * A YAML file (ecmpd.yaml(5)) is parsed and validated as a whole into a
 * struct conf; nothing here holds libyaml types, sockets or globals. Every
 * value carries the mark (line, column) of the YAML text it came from, so
 * that errors found later, by the daemon, still point into the file.
 *
 * Neighbor settings are resolved once, at load time: a neighbor inherits
 * every setting it does not set from its peer group, then from the global
 * settings, then from the built-in defaults. struct conf_peer holds the
 * effective values and three masks saying which level set each one.
 *
 * On reload the daemon parses the new file into a second struct conf and
 * asks conf_diff() which sessions to leave alone, which to reset and which
 * only need their routes sent again.
 *
 * Life cycle: conf_load() or conf_parse_string() allocate; conf_free()
 * releases everything (the whole struct lives in one arena).
 */
#ifndef ECMPD_CONF_H
#define ECMPD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"	/* struct prefix, enum afs, struct sbuf */

/* ---- limits and defaults ---- */
#define CONF_MAX_FILE_SIZE	(16u * 1024u * 1024u)	/* bytes of YAML */
#define CONF_MAX_DEPTH		32	/* nested maps and sequences */
#define CONF_MAX_ERRORS		20	/* kept; the rest are only counted */
#define CONF_ERROR_LEN		240	/* one message, without file:line:col */

#define CONF_DEFAULT_PORT		179
#define CONF_DEFAULT_HOLD_TIME		90
#define CONF_DEFAULT_CONNECT_RETRY	30
#define CONF_DEFAULT_GR_RESTART_TIME	120
#define CONF_DEFAULT_DYNAMIC_LIMIT	100
#define CONF_DEFAULT_SOCKET		"/run/ecmpd/ecmpd.sock"
#define CONF_DEFAULT_SOCKET_MODE	0660
#define CONF_DEFAULT_FIB_TABLE		254	/* main */
#define CONF_DEFAULT_FIB_PROTOCOL	186	/* "bgp" in iproute2's rt_protos */
#define CONF_DEFAULT_FIB_METRIC		20
#define CONF_DEFAULT_FIB_BUCKETS	128
#define CONF_DEFAULT_FIB_IDLE_TIMER	120	/* seconds, as the kernel */
#define CONF_DEFAULT_FIB_UNBALANCED_TIMER 0

#define CONF_PASSWORD_MAX	80	/* TCP_MD5SIG_MAXKEYLEN */
#define CONF_TEXT_MAX		255	/* description, RFC 9003 shutdown message */
#define CONF_SOCKET_PATH_MAX	107	/* sun_path less its NUL */
#define CONF_GROUP_NAME_MAX	63
#define CONF_MULTIPATH_MAX	256

/* Where a value was written: 1-based line and column; 0:0 for a default. */
struct conf_mark {
	uint32_t line;
	uint32_t col;
};

/* An IPv4 or IPv6 address; afs is AFS_IPV4_UNICAST or AFS_IPV6_UNICAST. */
struct conf_addr {
	uint8_t afs;
	uint8_t addr[16];	/* network order; 4 bytes used for IPv4 */
};

/* ---- errors ---- */
struct conf_error {
	uint32_t line;		/* 0: about the whole file (cannot open, ...) */
	uint32_t col;
	char msg[CONF_ERROR_LEN];
};

/* Errors of one load, in file order (line, then column). */
struct conf_errors {
	char file[256];			/* the name given to the loader */
	unsigned count;			/* entries in err[] */
	unsigned dropped;		/* found beyond CONF_MAX_ERRORS */
	struct conf_error err[CONF_MAX_ERRORS];
};

/* ---- neighbor settings: one row each in conf_fields.c ---- */
enum conf_field {
	CF_AS,
	CF_PEER_GROUP,
	CF_DESCRIPTION,
	CF_PASSIVE,
	CF_PORT,
	CF_LOCAL_ADDRESS,
	CF_PASSWORD,
	CF_TTL_SECURITY,
	CF_HOLD_TIME,
	CF_KEEPALIVE,
	CF_CONNECT_RETRY,
	CF_RR_CLIENT,
	CF_NEXT_HOP_SELF,
	CF_ADDPATH_SEND,
	CF_ADDPATH_RECEIVE,
	CF_FAMILIES,
	CF_EXT_MSG,
	CF_GR_ENABLED,
	CF_GR_RESTART_TIME,
	CF_MAX_PREFIX,
	CF_MAX_PREFIX_RESTART,
	CF_SHUTDOWN,
	CF_SHUTDOWN_MESSAGE,
	CF_COUNT
};
#define CF_BIT(f) ((uint32_t)1 << (f))

enum conf_addpath_mode {
	CONF_ADDPATH_NONE = 0,
	CONF_ADDPATH_ALL,		/* every path */
	CONF_ADDPATH_MULTIPATH,		/* the multipath set */
	CONF_ADDPATH_BEST,		/* the best N */
};

struct conf_addpath_send {
	uint8_t mode;			/* enum conf_addpath_mode */
	uint8_t best;			/* N for CONF_ADDPATH_BEST, else 0 */
};

/*
 * What a peer group, a neighbor or a dynamic range says about its sessions.
 * In a neighbor every value is the effective one. own, group and global
 * tell which level set each field (CF_BIT); a field in none of them has its
 * built-in default, and its mark is 0:0.
 */
struct conf_peer {
	uint32_t own;			/* set by this neighbor / group / range */
	uint32_t group;			/* inherited from the peer group */
	uint32_t global;		/* inherited from the global settings */
	struct conf_mark marks[CF_COUNT]; /* of the value in effect */

	uint32_t as;			/* 0 only in a group that sets none */
	const char *peer_group;		/* NULL: none */
	const char *description;	/* NULL: none */
	bool passive;			/* never connect, only accept */
	uint16_t port;			/* remote port we connect to */
	bool has_local_address;
	struct conf_addr local_address;
	const char *password;		/* TCP MD5 key; NULL: none */
	uint8_t ttl_security;		/* GTSM: 0 off, else hops (1 = direct) */
	uint16_t hold_time;		/* 0 or 3..65535 */
	uint16_t keepalive;		/* 0 when hold_time is 0 */
	uint16_t connect_retry;
	bool rr_client;			/* route-reflector-client */
	bool next_hop_self;
	struct conf_addpath_send addpath_send;
	bool addpath_receive;
	uint8_t families;		/* bit (1 << enum afs) */
	bool ext_msg;			/* RFC 8654 */
	bool gr_enabled;		/* advertise graceful restart */
	uint16_t gr_restart_time;	/* seconds, 0..4095 */
	uint32_t max_prefix;		/* 0: no limit */
	uint16_t max_prefix_restart;	/* minutes; 0: stay down */
	bool shutdown;			/* configured down */
	const char *shutdown_message;	/* RFC 9003 text; NULL: none */
};

/* The settings table (conf_fields.c), for programs that show or log settings. */
const char *conf_field_name(enum conf_field f);	/* "add-path.send" */
/*
 * Does a change of this field need a session reset (else it is soft)? The
 * diff refines two rows by value: add-path.send resets only when sending is
 * switched on or off, graceful-restart.restart-time only while GR is on.
 */
bool conf_field_needs_reset(enum conf_field f);

struct conf_peer_group {
	const char *name;
	struct conf_mark mark;		/* of the name */
	struct conf_peer peer;		/* own settings over the globals */
};

struct conf_neighbor {
	struct conf_addr address;
	struct conf_mark mark;		/* the list entry */
	struct conf_mark address_mark;
	struct conf_peer peer;		/* effective settings */
};

/* A listen range: connections from inside prefix join peer_group. */
struct conf_dynamic {
	struct prefix prefix;
	struct conf_mark mark;		/* the list entry */
	struct conf_mark prefix_mark;
	struct conf_mark limit_mark;
	uint32_t limit;			/* concurrent sessions from the range */
	struct conf_peer peer;		/* the group's settings; own = password */
};

/* An originated route. */
struct conf_network {
	struct prefix prefix;
	struct conf_mark mark;
	bool has_next_hop;		/* false: "self", the session's local address */
	struct conf_addr next_hop;
	const uint32_t *communities;	/* host order, as written */
	size_t n_communities;
	bool has_med;
	uint32_t med;
	bool has_local_pref;
	uint32_t local_pref;
};

struct conf_listen {
	struct conf_addr address;
	uint16_t port;
	struct conf_mark mark;
};

enum conf_log_level {
	CONF_LOG_ERR,
	CONF_LOG_WARNING,
	CONF_LOG_NOTICE,
	CONF_LOG_INFO,
	CONF_LOG_DEBUG,
};
const char *conf_log_level_name(enum conf_log_level l);

enum conf_nhgroups {
	CONF_NHG_RESILIENT,		/* nexthop objects, resilient group */
	CONF_NHG_HASH_THRESHOLD,	/* nexthop objects, plain group */
	CONF_NHG_NONE,			/* RTA_MULTIPATH on each route */
};
const char *conf_nhgroups_name(enum conf_nhgroups g);

/* Global settings; each has a CG_ bit in conf.set and a mark in conf.marks. */
enum conf_gfield {
	CG_ROUTER_ID,
	CG_AS,
	CG_CLUSTER_ID,
	CG_LISTEN,
	CG_CONTROL_SOCKET,
	CG_CONTROL_READONLY,
	CG_CONTROL_MODE,
	CG_LOG_LEVEL,
	CG_MULTIPATH_IBGP,
	CG_MULTIPATH_EBGP,
	CG_MULTIPATH_RELAX,
	CG_FIB,				/* the section */
	CG_FIB_TABLE,
	CG_FIB_PROTOCOL,
	CG_FIB_METRIC,
	CG_FIB_NHGROUPS,
	CG_FIB_BUCKETS,
	CG_FIB_IDLE_TIMER,
	CG_FIB_UNBALANCED_TIMER,
	CG_PEER_GROUPS,
	CG_DYNAMIC,
	CG_NEIGHBORS,
	CG_NETWORKS,
	CG_COUNT
};
#define CG_BIT(f) ((uint32_t)1 << (f))

struct conf {
	const char *file;		/* the name errors are reported under */
	uint32_t set;			/* CG_BIT of each global written in the file */
	struct conf_mark marks[CG_COUNT];

	uint32_t router_id;		/* host order */
	uint32_t as;
	uint32_t cluster_id;		/* host order; default router_id */

	struct conf_listen *listen;	/* empty: accept no connections */
	size_t n_listen;

	struct {
		const char *socket;
		const char *readonly_socket;	/* NULL: none */
		uint16_t mode;			/* of the admin socket */
	} control;

	enum conf_log_level log_level;

	struct {
		uint16_t ibgp;		/* paths in an iBGP multipath set, 1..256 */
		uint16_t ebgp;
		bool as_path_relax;	/* equal AS_PATH length is enough */
	} multipath;

	bool fib_enabled;		/* a fib: section is present */
	struct {
		uint32_t table;
		uint8_t protocol;
		uint32_t metric;
		enum conf_nhgroups nexthop_groups;
		uint16_t buckets;	/* resilient groups only */
		uint32_t idle_timer;	/* seconds */
		uint32_t unbalanced_timer;
	} fib;

	/* Neighbor settings given at top level (hold-time, keepalive, connect-retry). */
	struct conf_peer defaults;

	struct conf_peer_group *groups;	/* sorted by name */
	size_t n_groups;
	struct conf_dynamic *dynamic;	/* file order; no two overlap */
	size_t n_dynamic;
	struct conf_neighbor *neighbors; /* file order; addresses unique */
	size_t n_neighbors;
	struct conf_network *networks;	/* file order; prefixes unique */
	size_t n_networks;

	struct conf_arena *arena;	/* owns everything above */
};

/* ---- loading ---- */
void conf_errors_init(struct conf_errors *errs, const char *file);
/*
 * Read and validate a file ("-": standard input). On success *out is a new
 * config and errs is empty; on failure *out is NULL and errs holds the
 * errors in file order.
 */
bool conf_load(const char *path, struct conf **out, struct conf_errors *errs);
/* The same on text already in memory; name is used in the messages. */
bool conf_parse_string(const char *name, const char *text, size_t len,
    struct conf **out, struct conf_errors *errs);
void conf_free(struct conf *conf);

/* "file:line:col: message\n" per error, then "file: N more errors\n" if some were dropped. */
void conf_errors_print(const struct conf_errors *errs, struct sbuf *sb);

/* ---- looking things up ---- */
const struct conf_peer_group *conf_group_find(const struct conf *conf, const char *name);
const struct conf_neighbor *conf_neighbor_find(const struct conf *conf,
    const struct conf_addr *addr);
/* The dynamic range that contains addr (at most one: ranges do not overlap). */
const struct conf_dynamic *conf_dynamic_find(const struct conf *conf,
    const struct conf_addr *addr);
/* Does the config say this neighbor is iBGP? */
static inline bool
conf_peer_ibgp(const struct conf *conf, const struct conf_peer *p)
{
	return p->as == conf->as;
}

/* ---- addresses ---- */
bool conf_addr_parse(const char *s, struct conf_addr *a);
/* Into buf (at least 46 bytes); returns buf. */
const char *conf_addr_format(const struct conf_addr *a, char *buf, size_t len);
bool conf_addr_equal(const struct conf_addr *a, const struct conf_addr *b);

/* ---- printing (conf_print.c) ---- */
#define CONF_PRINT_ORIGIN	0x1	/* comment where inherited and default values come from */
/*
 * The whole effective config in a stable order, as YAML that conf_parse_string()
 * reads back into an equal config (conf_diff() finds nothing).
 */
void conf_print(const struct conf *conf, struct sbuf *sb, unsigned flags);

/* ---- reload (conf_diff.c) ---- */
enum conf_change {
	CONF_UNCHANGED,
	CONF_ADDED,
	CONF_REMOVED,		/* Cease / Peer De-configured */
	CONF_SOFT,		/* keep the session; apply, re-export if policy changed */
	CONF_RESET,		/* Cease / Other Configuration Change, then reconnect */
};
const char *conf_change_name(enum conf_change c);

#define CONF_NONE ((size_t)-1)

/* One neighbor, dynamic range or network, matched by address or prefix. */
struct conf_diff_item {
	enum conf_change change;
	size_t old_idx;		/* in the old config's array; CONF_NONE when added */
	size_t new_idx;		/* in the new config's array; CONF_NONE when removed */
	uint32_t fields;	/* CF_BIT of each effective setting that differs */
	bool other;		/* range: limit; network: next hop or attributes */
};

struct conf_diff {
	uint32_t global;	/* CG_BIT of each global whose value differs */
	bool reset_all;		/* router-id, as or cluster-id changed */
	bool rebind;		/* listen changed: re-create the listeners */
	struct conf_diff_item *neighbors;	/* removed ones first, then the new order */
	size_t n_neighbors;
	struct conf_diff_item *dynamic;
	size_t n_dynamic;
	struct conf_diff_item *networks;
	size_t n_networks;
};

/* Compare field by field. False only when out of memory. */
bool conf_diff(const struct conf *old, const struct conf *new, struct conf_diff *diff);
void conf_diff_free(struct conf_diff *diff);
/* Is there anything to do at all? */
bool conf_diff_empty(const struct conf_diff *diff);
/* The diff in words, one line per change, for `ecmpctl reload --dry-run`. */
void conf_diff_print(const struct conf_diff *diff, const struct conf *old,
    const struct conf *new, struct sbuf *sb);

#endif /* ECMPD_CONF_H */
