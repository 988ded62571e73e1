#include "out.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

#define OUT_CAP (1 << 16)

static char obuf[OUT_CAP];
static size_t olen;
static int failed;  /* a write failed: nothing more is written */

/* At exit, also after die(): what was produced before a fatal error (a
 * record rejected under --strict, an unreadable second file) is complete
 * and is written. */
static void flush_at_exit(void)
{
	if (!failed)
		out_flush();
}

void out_init(void)
{
	signal(SIGPIPE, SIG_IGN);
	atexit(flush_at_exit);
}

static void write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			failed = 1;
			if (errno == EPIPE)
				exit(CB_EXIT_OK);
			die("cannot write to standard output:");
		}
		p += w;
		n -= (size_t)w;
	}
}

void out_line(const char *raw, size_t n)
{
	out_write(raw, n);
	if (!n || raw[n - 1] != '\n')
		out_write("\n", 1);
}

void out_flush(void)
{
	write_all(obuf, olen);
	olen = 0;
}

void out_write(const void *p, size_t n)
{
	if (n > OUT_CAP - olen) {
		out_flush();
		if (n >= OUT_CAP) {
			write_all(p, n);
			return;
		}
	}
	memcpy(obuf + olen, p, n);
	olen += n;
}

void out_close(void)
{
	out_flush();
	failed = 1;  /* closed: nothing left to write at exit */
	if (close(STDOUT_FILENO) < 0 && errno != EBADF && errno != EINTR) {
		if (errno == EPIPE)
			exit(CB_EXIT_OK);
		die("cannot close standard output:");
	}
}
