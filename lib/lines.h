/* lines: line-numbered reading of NDJSON input files.
 *
 * Reads with read(2) in large blocks and hands out lines in place, without
 * copying. A line longer than the limit is skipped to its end and reported
 * as too long (never a crash, never a truncated record). */
#ifndef CB_LINES_H
#define CB_LINES_H

#include <stddef.h>

#define LINES_MAX_DEFAULT (1 << 20)  /* 1 MiB */

struct line {
	const char *p;     /* content, without "\n" or "\r\n"; not NUL-terminated */
	size_t len;
	const char *raw;   /* the line as read, with its terminator if it had one */
	size_t rawlen;
	long no;           /* 1-based line number */
	int toolong;       /* 1: longer than the limit; p/raw are empty */
};

struct lines {
	int fd;
	const char *name;  /* for messages: the path, or "<stdin>" */
	char *buf;
	size_t cap, start, end;
	size_t max;
	long no;
	int eof;
	int skipping;      /* inside an over-long line */
	void (*idle)(void *ctx);  /* see lines_foreach_idle; NULL: none */
	void *idle_ctx;
};

/* Open path for reading ("-" is standard input, named "<stdin>"). The
 * reader owns its buffer; max is the longest line accepted (0: default).
 * Returns 0, or -1 with errno set. */
int lines_open(struct lines *r, const char *path, size_t max);

/* Get the next line. Returns 1 with *ln filled (valid until the next call),
 * 0 at end of input, -1 on a read error (errno set). */
int lines_next(struct lines *r, struct line *ln);

/* Close the file (not standard input) and free the buffer. */
void lines_close(struct lines *r);

/* Call fn for every non-empty line of each file in turn (standard input
 * when nfiles is 0), with the file's name for messages. Over-long lines are
 * rejected (reported and counted) without calling fn. Every line that is
 * not empty is a record for the count of rejects.h (rejects_record). A file
 * that cannot be opened or read is fatal. */
void lines_foreach(char **files, int nfiles, size_t max,
		   void (*fn)(void *ctx, const struct line *ln, const char *name),
		   void *ctx);

/* As lines_foreach, and call idle(ctx) whenever the reader has waited
 * LINES_IDLE_MS for the next line and it is still not there (a pipe or
 * terminal whose writer is slow): the moment to commit, flush and release
 * what must not be held while waiting. The short grace keeps a producer's
 * small gaps from costing a commit each. Never called for a regular file. */
#define LINES_IDLE_MS 20
void lines_foreach_idle(char **files, int nfiles, size_t max,
			void (*fn)(void *ctx, const struct line *ln, const char *name),
			void (*idle)(void *ctx), void *ctx);

/* Show the progress of the lines_foreach loops that follow on standard
 * error ("cb-score: 2097152 records read, 1048576/s"), what naming the
 * lines ("records"): only when standard error is a terminal, standard
 * output is not, and messages are not quiet (progress.h), and only once
 * the run has taken a second, so that a short run shows nothing. The line
 * is erased when the loop ends. what is not copied. */
void lines_progress(const char *what);

/* 1 if a read(2) of fd would not wait, or stops having to wait within ms
 * milliseconds (data, end of file or an error is there); 0 if it would
 * still wait. */
int fd_wait_readable(int fd, int ms);

#endif
