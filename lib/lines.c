#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "msg.h"
#include "progress.h"
#include "rejects.h"
#include "xalloc.h"

#define LINES_BLOCK (1 << 16)

int lines_open(struct lines *r, const char *path, size_t max)
{
	memset(r, 0, sizeof *r);
	r->max = max ? max : LINES_MAX_DEFAULT;
	if (!strcmp(path, "-")) {
		r->fd = STDIN_FILENO;
		r->name = "<stdin>";
	} else {
		r->fd = open(path, O_RDONLY);
		if (r->fd < 0)
			return -1;
		r->name = path;
	}
	r->cap = LINES_BLOCK * 2;
	r->buf = xmalloc(r->cap);
	return 0;
}

/* Read more data after r->end, moving the unread part to the front and
 * growing the buffer up to max + one block. Returns bytes read, 0 at EOF, -1. */
static ssize_t fill(struct lines *r)
{
	ssize_t n;

	if (r->start) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < LINES_BLOCK) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (r->idle && !fd_wait_readable(r->fd, LINES_IDLE_MS))
		r->idle(r->idle_ctx);
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	return n;
}

int lines_next(struct lines *r, struct line *ln)
{
	for (;;) {
		char *s = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(s, '\n', avail);

		if (nl || (r->eof && avail)) {
			size_t rawlen = nl ? (size_t)(nl - s) + 1 : avail;
			size_t len = nl ? (size_t)(nl - s) : avail;

			r->start += rawlen;
			if (r->skipping) {
				r->skipping = 0;
				continue;  /* tail of an over-long line, already reported */
			}
			r->no++;
			if (len && s[len - 1] == '\r')
				len--;
			ln->no = r->no;
			if (len > r->max) {
				ln->p = ln->raw = s;
				ln->len = ln->rawlen = 0;
				ln->toolong = 1;
				return 1;
			}
			ln->p = s;
			ln->len = len;
			ln->raw = s;
			ln->rawlen = rawlen;
			ln->toolong = 0;
			return 1;
		}
		if (r->eof)
			return 0;
		/* A CR at the end may be the first half of a CRLF, not content. */
		if (avail - (avail && s[avail - 1] == '\r') > r->max) {
			/* Over-long line: report it once and drop bytes to its end. */
			int first = !r->skipping;

			r->start = r->end;
			if (first) {
				r->skipping = 1;
				r->no++;
				ln->p = ln->raw = s;
				ln->len = ln->rawlen = 0;
				ln->no = r->no;
				ln->toolong = 1;
				return 1;
			}
		}
		ssize_t n = fill(r);

		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
	}
}

void lines_close(struct lines *r)
{
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
}

int fd_wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	return n != 0;  /* an error: let read(2) report it */
}

/* lines_progress: what the lines are, and how many were read since when. */
static const char *progress_what;
static long progress_lines;
static int64_t progress_t0;

void lines_progress(const char *what)
{
	progress_what = what;
}

/* Called every 1024 lines while progress is on. */
static void show_progress(void)
{
	int64_t ms = time_mono_ms() - progress_t0;

	if (ms >= 1000)
		progress_show(0, "%ld %s read, %.0f/s", progress_lines, progress_what,
			      progress_lines * 1000.0 / (double)ms);
}

static void foreach_file(const char *path, size_t max,
			 void (*fn)(void *, const struct line *, const char *),
			 void (*idle)(void *), void *ctx)
{
	struct lines r;
	struct line ln;
	int rc, first = 1;

	if (lines_open(&r, path, max) < 0)
		die("cannot open '%s':", path);
	r.idle = idle;
	r.idle_ctx = ctx;
	while ((rc = lines_next(&r, &ln)) > 0) {
		if (ln.len == 0 && !ln.toolong)
			continue;
		rejects_record(r.name, ln.p, ln.len, ln.no, first);
		first = 0;
		if (progress_what && !(++progress_lines & 1023))
			show_progress();
		if (ln.toolong) {
			reject(r.name, ln.no, "line longer than %zu bytes", r.max);
			continue;
		}
		fn(ctx, &ln, r.name);
	}
	if (rc < 0)
		die("cannot read '%s':", r.name);
	lines_close(&r);
}

void lines_foreach_idle(char **files, int nfiles, size_t max,
			void (*fn)(void *ctx, const struct line *ln, const char *name),
			void (*idle)(void *ctx), void *ctx)
{
	if (progress_what) {
		if (isatty(STDOUT_FILENO))
			progress_what = NULL;  /* the line would mix with the records */
		else
			progress_start();
		progress_t0 = time_mono_ms();
	}
	if (nfiles == 0)
		foreach_file("-", max, fn, idle, ctx);
	for (int i = 0; i < nfiles; i++)
		foreach_file(files[i], max, fn, idle, ctx);
	if (progress_what)
		progress_end();
}

void lines_foreach(char **files, int nfiles, size_t max,
		   void (*fn)(void *ctx, const struct line *ln, const char *name),
		   void *ctx)
{
	lines_foreach_idle(files, nfiles, max, fn, NULL, ctx);
}
