/*
 * ctl_client.c -- blocking client of the control socket; see ctl_client.h.
 */
#include "config.h"

#include "ctl_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int
ctl_client_connect(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	int fd, e;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "cannot connect to %s: socket path longer than %zu octets",
		    path, sizeof(sun.sun_path) - 1);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "cannot create a socket: %s", strerror(e));
		errno = e;
		return -1;
	}
	while (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		if (errno == EINTR)
			continue;
		e = errno;
		const char *hint = "";
		if (e == EACCES || e == EPERM)
			hint = " (is your user in the ecmpd group?)";
		else if (e == ENOENT || e == ECONNREFUSED)
			hint = " (is ecmpd running?)";
		else if (e == EAGAIN)
			hint = " (ecmpd is busy)";
		snprintf(err, errlen, "cannot connect to %s: %s%s", path, strerror(e), hint);
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ctl_client_call(int fd, uint32_t flags, int argc, const char *const *argv,
    ctl_data_fn data, void *arg, struct ctl_end *end, unsigned timeout_ms,
    char *err, size_t errlen)
{
	uint8_t req[CTL_REQ_MAX];
	size_t len, have = 0;
	int rc;

	end->status = CTL_EXIT_ERROR;
	end->msg_len = 0;
	end->msg[0] = '\0';
	rc = ctl_req_encode(flags, argc, argv, req, sizeof(req), &len);
	if (rc != CTL_OK) {
		snprintf(err, errlen, "cannot send the command: %s (at most %d words, %d octets)",
		    ctl_strerror(rc), CTL_MAX_WORDS, CTL_REQ_MAX);
		return -1;
	}
	if (timeout_ms > 0) {
		struct timeval tv = { (time_t)(timeout_ms / 1000), (suseconds_t)(timeout_ms % 1000) * 1000 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (send_all(fd, req, len) < 0) {
		snprintf(err, errlen, "cannot send the command to ecmpd: %s", strerror(errno));
		return -1;
	}

	uint8_t *buf = malloc(CTL_FRAME_MAX);
	if (buf == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (;;) {
		struct ctl_frame f;
		size_t used;

		rc = ctl_frame_parse(buf, have, CTL_DATA_MAX, &f, &used);
		if (rc == CTL_OK) {
			if (f.type == CTL_T_DATA && f.len > 0) {
				data(arg, f.payload, f.len);
			} else if (f.type == CTL_T_END) {
				rc = ctl_end_decode(f.payload, f.len, end);
				if (rc != CTL_OK)
					break;
				free(buf);
				return end->status;
			} else {
				rc = f.type == CTL_T_DATA ? CTL_E_EMPTY : CTL_E_TYPE;
				break;
			}
			memmove(buf, buf + used, have - used);
			have -= used;
			continue;
		}
		if (rc != CTL_E_SHORT)
			break;
		ssize_t n = recv(fd, buf + have, CTL_FRAME_MAX - have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			snprintf(err, errlen, "no reply from ecmpd within %u.%03u s",
			    timeout_ms / 1000, timeout_ms % 1000);
			free(buf);
			return -1;
		}
		if (n < 0) {
			snprintf(err, errlen, "cannot read the reply: %s", strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "ecmpd closed the connection before the end of its reply");
			free(buf);
			return -1;
		}
		have += (size_t)n;
	}
	if (rc == CTL_E_VERSION)
		snprintf(err, errlen, "ecmpd speaks control protocol version %u, this ecmpctl %u: "
		    "use the ecmpctl of the same release", buf[0], CTL_PROTO_VERSION);
	else
		snprintf(err, errlen, "bad reply from ecmpd: %s", ctl_strerror(rc));
	free(buf);
	return -1;
}
