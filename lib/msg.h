/* msg: diagnostics on stderr and the exit status every cb tool shares.
 *
 * Every message starts with the tool's name ("cb-detect: "). Data never goes
 * to stderr and diagnostics never go to stdout. */
#ifndef CB_MSG_H
#define CB_MSG_H

#include <stdnoreturn.h>

/* Exit statuses, the same in every tool and every man page. */
enum {
	CB_EXIT_OK = 0,       /* success */
	CB_EXIT_FATAL = 1,    /* I/O, database or network error; output may be incomplete */
	CB_EXIT_USAGE = 2,    /* bad option or argument */
	CB_EXIT_REJECTED = 3  /* finished, but some input records were rejected */
};

#define CB_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Set the name used as message prefix (e.g. "cb-detect"); the string is not copied. */
void msg_init(const char *prog);
/* The name given to msg_init. */
const char *msg_prog(void);
/* Silence note() and warn() (the -q option); errors are always printed. */
void msg_set_quiet(int quiet);
/* 1 if notes and warnings are silenced. */
int msg_quiet(void);
/* Call hook before each message is printed (the progress line clears itself). */
void msg_set_hook(void (*hook)(void));
/* Make the first rejected record fatal (the --strict option). */
void msg_set_strict(int strict);

/* Print "prog: message" and exit with CB_EXIT_FATAL. A format ending in ':'
 * appends ": strerror(errno)". */
noreturn void die(const char *fmt, ...) CB_PRINTF(1, 2);
/* Print an error as die() does, without exiting. */
void error(const char *fmt, ...) CB_PRINTF(1, 2);
/* Print a warning (suppressed by quiet); ':' at the end appends strerror(errno). */
void warn(const char *fmt, ...) CB_PRINTF(1, 2);
/* Print an informational note (suppressed by quiet). */
void note(const char *fmt, ...) CB_PRINTF(1, 2);
/* Print "prog: message" and "Try 'prog --help' for more information." and
 * exit with CB_EXIT_USAGE. */
noreturn void usage_error(const char *fmt, ...) CB_PRINTF(1, 2);

/* Report a rejected input record as "prog: FILE:LINE: message" and count it.
 * With the summary of rejects.h on, only the first messages of each kind
 * are printed, and a hint may follow. In strict mode this exits with
 * CB_EXIT_FATAL after printing. */
void reject(const char *file, long line, const char *fmt, ...) CB_PRINTF(3, 4);
/* Number of records rejected so far. */
long reject_count(void);
/* The exit status a tool returns when it finishes normally:
 * CB_EXIT_REJECTED if any record was rejected, else CB_EXIT_OK. */
int msg_exit_status(void);

/* Make s (NUL-terminated) safe to print on a terminal: every control
 * character (below 0x20, and 0x7f) becomes '?', so that text from outside
 * (an exchange's error message) cannot move the cursor, clear the screen
 * or forge a line of its own. */
void msg_printable(char *s);

#endif
