/* rejects: the rejected records of a run, summed up for a person.
 *
 * A stream tool that turns the summary on (rejects_summarise) prints at
 * most REJECTS_PER_KIND messages of each kind, a kind being the message
 * with its numbers, quoted values and series names taken out (reject_kind);
 * the others are counted and summed up once at the end by rejects_end,
 * which also prints one line counting the records rejected and accepted
 * and gives the exit status. The first record of each file is looked at
 * (input_guess): when it is rejected and is one of the common wrong inputs
 * (CSV, a JSON array, an exchange's klines answer), a hint naming the right
 * command follows its message, once per run.
 *
 * msg.c's reject() and lines.c's lines_foreach report here; a tool only
 * calls rejects_summarise before reading and rejects_end after. With the
 * summary off (cb-fetch import) every rejected record is printed, as
 * before. The state is global, like msg.c's: one run per process. */
#ifndef CB_REJECTS_H
#define CB_REJECTS_H

#include <stddef.h>

#define REJECTS_PER_KIND 5   /* messages printed of each kind */
#define REJECTS_KINDS 32     /* kinds told apart; later ones share a count */

/* The kind of a rejection message msg into dst (cap bytes, NUL-terminated,
 * truncated to fit): every run of digits becomes '#', every "double-quoted"
 * value "", every word with a ':' inside it (a series such as
 * binance:futures:BTCUSDT:4h) '*'. Pure. Returns the length written. */
size_t reject_kind(const char *msg, char *dst, size_t cap);

/* What the line p[0..len) looks like when it is a common wrong input for
 * an NDJSON reader: the text of a hint naming the right command (static
 * storage), or NULL when it looks like nothing known (a JSON object
 * included). Pure. */
const char *input_guess(const char *p, size_t len);

/* Turn the summary on, for the rest of the run. */
void rejects_summarise(void);

/* A record was read: the line p[0..len) (len 0 for a line too long to
 * hold), line number no of the file name, first if it is the file's first
 * record. Called by lines_foreach for every record it reads. */
void rejects_record(const char *name, const char *p, size_t len, long no, int first);

/* A record of file at line was rejected with message msg: count it, and
 * return 1 if its message is to be printed, 0 if only counted. */
int rejects_show(const char *file, long line, const char *msg);

/* After the message of a rejected record at line of file: print the hint
 * of input_guess if that line is the file's first record and no hint was
 * printed yet in this run. */
void rejects_hint(const char *file, long line);

/* Records read so far (see rejects_record). */
long rejects_records(void);

/* End the run: print the "... and N more like FILE:LINE" lines of the
 * kinds whose messages were held back and, if any record was rejected, the
 * line "N records rejected, M accepted"; all on standard error, whatever
 * -q. Returns the exit status: CB_EXIT_OK if nothing was rejected,
 * CB_EXIT_FATAL if records were rejected and none accepted, else
 * CB_EXIT_REJECTED. */
int rejects_end(void);

#endif
