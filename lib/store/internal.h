/* store/internal.h: what the files of lib/store/ share, and no tool sees:
 * the store handle itself and the SQLite helpers each group of tables uses
 * to prepare, bind, step and read. Tools include store/store.h and the
 * headers of the groups they use. */
#ifndef CB_STORE_INTERNAL_H
#define CB_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A statement prepared once per store; its SQL text (a string constant) is
 * the key. */
struct cached_stmt {
	const char *sql;
	sqlite3_stmt *st;
};

struct store {
	sqlite3 *db;
	char *path;                 /* for messages */
	struct cached_stmt *cache;  /* db_stmt's statements */
	size_t ncache, capcache;
	int64_t data_version;       /* PRAGMA data_version at the last store_begin */
	int others_wrote;           /* see store_others_wrote */
	int64_t tx_began, tx_ended; /* the last transaction (time_mono_ms) */
	int64_t busy_since;         /* busy_wait: waiting since */
	int busy_told;              /* busy_wait: said so on the terminal */
};

/* Print "PATH: what: SQLite's message" and return -1. */
int db_fail(struct store *s, const char *what);

/* Run sql (one or more statements, no result). 0, or -1 after printing. */
int db_exec(struct store *s, const char *sql);

/* The statement of sql, prepared on its first use and kept until
 * store_close; sql must be a string constant (its address is the key).
 * Returns NULL after printing an error. */
sqlite3_stmt *db_stmt(struct store *s, const char *sql);

/* Prepare sql for one use (the caller finalizes it). NULL after printing
 * an error that says what could not be read. */
sqlite3_stmt *db_prepare(struct store *s, const char *sql, const char *what);

/* Step st once, expecting no row, then reset it and clear its bindings.
 * 0, or -1 after printing "cannot <what>". */
int db_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Finalize st after its last step returned rc: 0 if that was SQLITE_DONE,
 * else -1 after printing an error with what. */
int db_finish(struct store *s, sqlite3_stmt *st, int rc, const char *what);

/* The integer result of sql (one row, one column; -1 for NULL). 0 or -1. */
int db_scalar(struct store *s, const char *sql, int64_t *v);

/* Bind parameter i: text v (kept by the caller until the step); a double,
 * or NULL unless has; text, or NULL if v is NULL; text, or NULL if v is
 * empty. */
void db_bind_text(sqlite3_stmt *st, int i, const char *v);
void db_bind_opt(sqlite3_stmt *st, int i, int has, double v);
void db_bind_text_opt(sqlite3_stmt *st, int i, const char *v);
void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *v);

/* Column i as text into dst (cap bytes, NUL-terminated; "" for NULL). */
void db_column_str(sqlite3_stmt *st, int i, char *dst, size_t cap);
/* Column i into *v unless it is NULL. Returns 1 if it was not NULL. */
int db_column_opt(sqlite3_stmt *st, int i, double *v);

#endif
