/*
 * nl_batch.c -- the FIB's write socket and its dump socket (libmnl).
 *
 * Writes: one NETLINK_ROUTE socket with NETLINK_EXT_ACK (the kernel says
 * why) and NETLINK_CAP_ACK (an error does not echo the whole request).
 * Messages are packed with mnl_nlmsg_batch into one buffer and sent with
 * one sendmsg(); the last one asks for an ACK. The kernel handles a batch
 * inside sendmsg(), one message after the other, answering each failed
 * message with an error (and the extended ACK's text) and the last with its
 * ACK; so right after the send every answer is waiting: they are read with
 * recvmmsg() many at a time and matched to their message by sequence
 * number. The receive buffer is sized for a batch of errors (an answer
 * that does not fit would be dropped by the kernel); if answers went
 * missing, every message not known to have failed is reported failed with
 * ENOBUFS, to be retried (the writes are idempotent), never silently taken
 * as done.
 *
 * Dumps: a second socket with NETLINK_GET_STRICT_CHK so the kernel filters
 * route dumps by table and protocol. Reading is lenient (see nl_parse.c).
 */
#include "config.h"

#include "nl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK		10
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK	12
#endif

#define NLB_LIMIT	(128 * 1024)	/* octets per sendmsg */
#define NLB_SLACK	(64 * 1024)	/* room for the message that overflows the limit */
#define NLB_MAX_OPS	4096		/* messages per sendmsg (ACK memory) */
#define NLB_RCVBUF	(16 * 1024 * 1024)
#define NLB_SNDBUF	(1024 * 1024)
#define NLB_ACK_TRUESIZE 1024		/* what one queued ACK costs the receive buffer */
#define NLB_RSLOTS	256		/* datagrams per recvmmsg */
#define NLB_RSLOT_SIZE	4096
#define NLD_BUF		(64 * 1024)	/* dump reads */

static void
sockopt_int(struct mnl_socket *sk, int level, int name, int val)
{
	setsockopt(mnl_socket_get_fd(sk), level, name, &val, sizeof(val));
}

static int
sock_buf(struct mnl_socket *sk, int force_opt, int opt, int want)
{
	int fd = mnl_socket_get_fd(sk);
	if (setsockopt(fd, SOL_SOCKET, force_opt, &want, sizeof(want)) < 0)
		setsockopt(fd, SOL_SOCKET, opt, &want, sizeof(want));
	int got = 0;
	socklen_t len = sizeof(got);
	getsockopt(fd, SOL_SOCKET, opt, &got, &len);
	return got;
}

int
nlb_open(struct nlb *nb, nlb_ack_fn *ack, void *arg)
{
	memset(nb, 0, sizeof(*nb));
	nb->ack = ack;
	nb->arg = arg;
	if ((nb->sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
		return -1;
	if (mnl_socket_bind(nb->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	nb->portid = mnl_socket_get_portid(nb->sk);
	sockopt_int(nb->sk, SOL_NETLINK, NETLINK_EXT_ACK, 1);
	sockopt_int(nb->sk, SOL_NETLINK, NETLINK_CAP_ACK, 1);
	int rcv = sock_buf(nb->sk, SO_RCVBUFFORCE, SO_RCVBUF, NLB_RCVBUF);
	int snd = sock_buf(nb->sk, SO_SNDBUFFORCE, SO_SNDBUF, NLB_SNDBUF);
	/* the kernel reports twice what it accounts; keep a margin */
	nb->max_ops = (size_t)rcv / 2 / NLB_ACK_TRUESIZE;
	if (nb->max_ops > NLB_MAX_OPS)
		nb->max_ops = NLB_MAX_OPS;
	if (nb->max_ops < 16)
		nb->max_ops = 16;
	nb->limit = NLB_LIMIT;
	if ((size_t)snd / 2 < nb->limit + 64)
		nb->limit = (size_t)snd / 2 > 8192 ? (size_t)snd / 2 - 64 : 8192;
	nb->bufsz = nb->limit + NLB_SLACK;
	nb->buf = malloc(nb->bufsz);
	nb->ops = calloc(nb->max_ops + 1, sizeof(*nb->ops));
	nb->rbuf = malloc((size_t)NLB_RSLOTS * NLB_RSLOT_SIZE);
	if (nb->buf == NULL || nb->ops == NULL || nb->rbuf == NULL)
		goto fail;
	if ((nb->b = mnl_nlmsg_batch_start(nb->buf, nb->limit)) == NULL)
		goto fail;
	nb->seq = (uint32_t)getpid() << 16;
	nb->first_seq = nb->seq;
	return 0;
fail:
	nlb_close(nb);
	return -1;
}

void
nlb_close(struct nlb *nb)
{
	if (nb->b != NULL)
		mnl_nlmsg_batch_stop(nb->b);
	if (nb->sk != NULL)
		mnl_socket_close(nb->sk);
	free(nb->buf);
	free(nb->ops);
	free(nb->rbuf);
	memset(nb, 0, sizeof(*nb));
}

void *
nlb_space(struct nlb *nb, size_t *cap)
{
	size_t used = mnl_nlmsg_batch_size(nb->b);
	*cap = nb->bufsz - used;
	return mnl_nlmsg_batch_current(nb->b);
}

/* An error the kernel sent for one message of the batch, kept until the batch's ACK. */
struct nlb_err {
	uint32_t idx;
	int err;
	char text[160];
};

/*
 * Read the answers to ops[0..n): every message is done when sendmsg returns,
 * so the negative ACKs of failed messages and, last, the ACK of the final
 * message are already queued. A message without an error before that final
 * ACK succeeded. The callbacks then run in message order.
 */
static void
read_acks(struct nlb *nb, size_t n)
{
	struct nlb_err *errs = NULL;
	size_t n_errs = 0, cap_errs = 0;
	bool done = false, overrun = false;
	struct mmsghdr mm[NLB_RSLOTS];
	struct iovec iov[NLB_RSLOTS];
	while (!done) {
		for (int i = 0; i < NLB_RSLOTS; i++) {
			iov[i].iov_base = nb->rbuf + (size_t)i * NLB_RSLOT_SIZE;
			iov[i].iov_len = NLB_RSLOT_SIZE;
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		int r = recvmmsg(mnl_socket_get_fd(nb->sk), mm, NLB_RSLOTS, MSG_DONTWAIT, NULL);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {	/* answers were dropped: keep reading the rest */
				overrun = true;
				continue;
			}
			break;	/* EAGAIN: nothing more will come */
		}
		for (int i = 0; i < r; i++) {
			const struct nlmsghdr *nlh = iov[i].iov_base;
			int len = (int)mm[i].msg_len;
			for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
				struct nl_err e;
				if (!nl_err_parse(nlh, &e))
					continue;
				uint32_t idx = e.seq - nb->first_seq;
				if (idx >= n)
					continue;	/* not of this batch */
				if (idx == n - 1)
					done = true;
				if (e.err == 0)
					continue;
				if (n_errs == cap_errs) {
					size_t c = cap_errs ? cap_errs * 2 : 16;
					struct nlb_err *v = realloc(errs, c * sizeof(*v));
					if (v == NULL)
						continue;
					errs = v;
					cap_errs = c;
				}
				errs[n_errs].idx = idx;
				errs[n_errs].err = e.err;
				snprintf(errs[n_errs].text, sizeof(errs[n_errs].text), "%s", e.msg ? e.msg : "");
				n_errs++;
			}
		}
	}
	/* in message order; errors arrive in it, but do not count on that */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct nlb_err *e = NULL;
		if (k < n_errs && errs[k].idx == i)
			e = &errs[k++];
		else
			for (size_t j = 0; j < n_errs && e == NULL; j++)
				if (errs[j].idx == i)
					e = &errs[j];
		if (e != NULL) {
			nb->errors++;
			nb->ack(nb->arg, &nb->ops[i], e->err, e->text[0] ? e->text : NULL);
		} else if (done && !overrun) {
			nb->ack(nb->arg, &nb->ops[i], 0, NULL);
		} else {
			/* no final ACK, or answers dropped: the outcome is unknown; retry */
			nb->lost++;
			nb->errors++;
			nb->ack(nb->arg, &nb->ops[i], ENOBUFS,
			    "acknowledgement lost (netlink receive buffer overrun)");
		}
	}
	free(errs);
}

/* Send ops[0..n) (the first n messages of the batch). */
static void
send_batch(struct nlb *nb, size_t n, size_t len)
{
	if (n == 0)
		return;
	nb->sends++;
	nb->msgs += n;
	/*
	 * Only the last message asks for an ACK: the kernel answers every
	 * failed message anyway, and handles them in order, so the final ACK
	 * says that all the others without an error went in. One ACK per batch
	 * instead of one per message halves the kernel's work for a route.
	 */
	struct nlmsghdr *nlh = mnl_nlmsg_batch_head(nb->b);
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n)
			nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		else
			nlh->nlmsg_flags |= NLM_F_ACK;
		nlh = (struct nlmsghdr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));
	}
	bool quiet = nb->around != NULL && nb->quiet >= nb->quiet_min;
	nb->quiet = 0;
	if (quiet) {
		nb->quiet_sends++;
		nb->around(nb->arg, true);
	}
	ssize_t r;
	do {
		r = mnl_socket_sendto(nb->sk, mnl_nlmsg_batch_head(nb->b), len);
	} while (r < 0 && errno == EINTR);
	int err = errno;
	if (quiet)
		nb->around(nb->arg, false);
	errno = err;
	if (r < 0) {
		char text[96];
		snprintf(text, sizeof(text), "netlink send failed: %s", strerror(err));
		for (size_t i = 0; i < n; i++) {
			nb->errors++;
			nb->ack(nb->arg, &nb->ops[i], err, text);
		}
		return;
	}
	read_acks(nb, n);
}

void
nlb_add(struct nlb *nb, struct nlmsghdr *nlh, uint8_t kind, void *obj)
{
	nlh->nlmsg_seq = nb->first_seq + (uint32_t)nb->n_ops;
	nb->ops[nb->n_ops++] = (struct nl_op){ kind, obj };
	if (mnl_nlmsg_batch_next(nb->b)) {
		if (nb->n_ops >= nb->max_ops)
			nlb_flush(nb);
		return;
	}
	/* this message went past the limit: send the ones before it */
	size_t before = mnl_nlmsg_batch_size(nb->b);
	struct nl_op last = nb->ops[nb->n_ops - 1];
	send_batch(nb, nb->n_ops - 1, before);
	mnl_nlmsg_batch_reset(nb->b);	/* moves the last message to the head */
	nb->first_seq += (uint32_t)(nb->n_ops - 1);
	nlh = mnl_nlmsg_batch_head(nb->b);
	nlh->nlmsg_seq = nb->first_seq;
	nb->ops[0] = last;
	nb->n_ops = 1;
}

void
nlb_flush(struct nlb *nb)
{
	size_t n = nb->n_ops;
	if (n == 0)
		return;
	send_batch(nb, n, mnl_nlmsg_batch_size(nb->b));
	mnl_nlmsg_batch_reset(nb->b);
	nb->first_seq += (uint32_t)n;
	nb->n_ops = 0;
}

/* ---- dumps ---- */
int
nld_open(struct nld *nd)
{
	memset(nd, 0, sizeof(*nd));
	if ((nd->sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
		return -1;
	if (mnl_socket_bind(nd->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		nld_close(nd);
		return -1;
	}
	nd->portid = mnl_socket_get_portid(nd->sk);
	sockopt_int(nd->sk, SOL_NETLINK, NETLINK_EXT_ACK, 1);
	sockopt_int(nd->sk, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
	sock_buf(nd->sk, SO_RCVBUFFORCE, SO_RCVBUF, 4 * 1024 * 1024);
	nd->seq = (uint32_t)getpid() << 16 | 0x8000;
	if ((nd->buf = malloc(NLD_BUF)) == NULL) {
		nld_close(nd);
		return -1;
	}
	return 0;
}

void
nld_close(struct nld *nd)
{
	if (nd->sk != NULL)
		mnl_socket_close(nd->sk);
	free(nd->buf);
	memset(nd, 0, sizeof(*nd));
}

int
nld_dump(struct nld *nd, struct nlmsghdr *req, nld_cb *cb, void *arg)
{
	uint32_t seq = ++nd->seq;
	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(nd->sk, req, req->nlmsg_len) < 0)
		return -1;
	bool intr = false;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nd->sk, nd->buf, NLD_BUF);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		const struct nlmsghdr *nlh = (const void *)nd->buf;
		int len = (int)n;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nd->portid)
				continue;	/* a late answer to an earlier request */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (intr) {
					errno = EINTR;
					return -1;
				}
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nl_err e;
				if (nl_err_parse(nlh, &e) && e.err != 0) {
					errno = e.err;
					return -1;
				}
				continue;
			}
			cb(arg, nlh);
		}
	}
}
