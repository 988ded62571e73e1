/* tinyhttp: a tiny scripted HTTP/1.1 server for the unit tests of the
 * clients in lib/net (test_rest.c, test_futures.c). No test reaches the
 * internet: the server is a child process on 127.0.0.1 and an ephemeral
 * port.
 *
 * tiny_start(script, n) forks a server that takes connections (several
 * at once) and requests on each (keep-alive), and answers the k-th
 * request it reads with script[k]:
 *   "DROP"      read the request, then close the connection unanswered;
 *   "SILENT"    read the request, then never answer (until killed);
 *   "CLOSE:..." write the rest as the raw answer, then close;
 *   anything else: write it as the raw answer and keep the connection.
 * Every request (head and body) is appended to a log file, each followed
 * by a line "----"; tiny_log reads it. When the script is done the server
 * waits for more connections, logging and dropping them, until stopped. */
#ifndef CB_TINYHTTP_H
#define CB_TINYHTTP_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct tiny {
	pid_t pid;
	int port;
	char log[64];
	char url[64];              /* "http://127.0.0.1:PORT" */
};

/* Read one request from fd into req (cap bytes): the head and as many body
 * bytes as Content-Length says. Returns its length, or -1 at end of file. */
static inline long tiny_read_request(int fd, char *req, size_t cap)
{
	size_t n = 0;
	char *end = NULL;
	long body = 0;

	while (!end) {
		ssize_t k;

		if (n + 1 >= cap)
			return -1;
		k = read(fd, req + n, cap - 1 - n);
		if (k <= 0)
			return -1;
		n += (size_t)k;
		req[n] = '\0';
		end = strstr(req, "\r\n\r\n");
	}
	{
		const char *cl = strstr(req, "Content-Length:");

		if (!cl)
			cl = strstr(req, "content-length:");
		if (cl && cl < end)
			body = atol(cl + 15);
	}
	while ((long)n < end + 4 - req + body && n + 1 < cap) {
		ssize_t k = read(fd, req + n, cap - 1 - n);

		if (k <= 0)
			break;
		n += (size_t)k;
		req[n] = '\0';
	}
	return (long)n;
}

static inline void tiny_write(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t k = write(fd, s, n);

		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

static inline void tiny_serve(int ls, const char *const *script, size_t n, int logfd,
			      pid_t parent)
{
	static char req[1 << 16];
	struct pollfd p[64];
	size_t k = 0, np = 1;

	p[0].fd = ls;
	p[0].events = POLLIN;
	for (;;) {
		/* An orphan (its test died) ends itself. */
		if (getppid() != parent)
			_exit(0);
		if (poll(p, (nfds_t)np, 500) <= 0)
			continue;
		if ((p[0].revents & POLLIN) && np < 64) {
			int fd = accept(ls, NULL, NULL);

			if (fd >= 0) {
				p[np].fd = fd;
				p[np].events = POLLIN;
				p[np++].revents = 0;
			}
		}
		for (size_t i = 1; i < np; i++) {
			const char *act;
			int fd = p[i].fd, done = 0;

			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			p[i].revents = 0;
			if (tiny_read_request(fd, req, sizeof req) < 0) {
				done = 1;
			} else {
				act = k < n ? script[k] : "DROP";
				k++;
				tiny_write(logfd, req);
				tiny_write(logfd, "\n----\n");
				if (!strcmp(act, "DROP")) {
					done = 1;
				} else if (!strcmp(act, "SILENT")) {
					p[i].events = 0;  /* keep it open, read no more */
				} else if (!strncmp(act, "CLOSE:", 6)) {
					tiny_write(fd, act + 6);
					done = 1;
				} else {
					tiny_write(fd, act);
				}
			}
			if (done) {
				close(fd);
				p[i--] = p[--np];
			}
		}
	}
}

/* Start a server for script[0..n). Returns 0, or -1. */
static inline int tiny_start(struct tiny *t, const char *const *script, size_t n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof sa;
	int ls = socket(AF_INET, SOCK_STREAM, 0), logfd, one = 1;
	pid_t parent;

	snprintf(t->log, sizeof t->log, "/tmp/cb-tinyhttp-XXXXXX");
	logfd = mkstemp(t->log);
	if (ls < 0 || logfd < 0)
		return -1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 8) ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl))
		return -1;
	t->port = ntohs(sa.sin_port);
	snprintf(t->url, sizeof t->url, "http://127.0.0.1:%d", t->port);
	fflush(stdout);
	fflush(stderr);
	parent = getpid();
	t->pid = fork();
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		alarm(120);  /* whatever happens, not forever */
		tiny_serve(ls, script, n, logfd, parent);
		_exit(0);
	}
	close(ls);
	close(logfd);
	return 0;
}

/* Stop the server; the log stays until tiny_log's caller removes it with
 * tiny_stop's remove. */
static inline void tiny_stop(struct tiny *t)
{
	if (t->pid > 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
		t->pid = 0;
	}
	unlink(t->log);
}

/* The log so far, NUL-terminated, in a static buffer. */
static inline const char *tiny_log(const struct tiny *t)
{
	static char b[1 << 17];
	FILE *f = fopen(t->log, "r");
	size_t n = f ? fread(b, 1, sizeof b - 1, f) : 0;

	if (f)
		fclose(f);
	b[n] = '\0';
	return b;
}

/* How many times s occurs in hay. */
static inline int tiny_count(const char *hay, const char *s)
{
	int k = 0;

	for (const char *p = strstr(hay, s); p; p = strstr(p + 1, s))
		k++;
	return k;
}

/* A port on 127.0.0.1 nothing listens on (bound, then closed). */
static inline int tiny_closed_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof sa;
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof sa) ||
	    getsockname(s, (struct sockaddr *)&sa, &sl))
		return -1;
	port = ntohs(sa.sin_port);
	close(s);
	return port;
}

#endif
