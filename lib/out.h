/* out: the data stream on standard output.
 *
 * Tools write records through out_write, which buffers in memory and writes
 * with write(2). A write error is fatal (exit 1, "output may be incomplete"),
 * except EPIPE: the reader went away (`cb-detect | head`), so the tool stops
 * quietly with status 0. SIGPIPE is ignored by out_init so that EPIPE is seen.
 * Output still buffered when the process exits (also through die()) is
 * written then: records produced before a fatal error are complete. */
#ifndef CB_OUT_H
#define CB_OUT_H

#include <stddef.h>

/* Prepare standard output; call once before any other out_ function. */
void out_init(void);
/* Append n bytes to the output; may write. Dies on error as described above. */
void out_write(const void *p, size_t n);
/* Append one input line as it was read, raw[0..n) with its terminator if
 * it had one, and a newline if it had none (the last line of a file): the
 * pass-through copy of every tool. Dies on error as out_write. */
void out_line(const char *raw, size_t n);
/* Write everything buffered so far (e.g. before a long wait). Dies on error. */
void out_flush(void);
/* Flush and close standard output; dies on error. Call once before exiting. */
void out_close(void);

#endif
