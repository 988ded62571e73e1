/* store: the local SQLite store shared by every cb tool (--db FILE, else
 * CB_DB, else $XDG_DATA_HOME/cb/cb.db):
 * the handle, its transactions and where the store is.
 *
 * lib/store/ holds one file per group of tables, each with its own header,
 * so that a tool includes and links only the groups it uses:
 *   store.c    the connection (WAL, busy timeout), transactions and the
 *              migrations of every group, in one list (this header)
 *   path.c     which file is the store: --db, CB_DB, the XDG default
 *   candles.c  cb-fetch's market data: candles, coverage, oi, symbols
 *              (store/candles.h)
 *   signals.c  cb-validate's signals, tracking, confirmations and scores
 *              (store/signals.h)
 *   internal.h the handle's members and the SQLite helpers they share
 * A new group of tables (orders and fills for cb-order) is one more file
 * with its header, plus its CREATE statements appended to the migrations
 * in store.c; nothing else changes (statements are prepared on first use
 * and finalized by store_close).
 *
 * The handle is opaque: no SQLite type appears in a public header.
 *
 * Transactions and other processes: the database runs in WAL mode, so
 * readers never wait. A writer waits for another one's transaction to end
 * (store_begin, up to STORE_BUSY_MS); a handle whose last transaction was
 * long leaves the lock free for a moment before it takes it again, so a
 * waiting writer gets its turn. Every writer keeps its transactions
 * short: it begins one when a batch of work is in hand and commits before
 * it waits for anything else (its input, the network, a slow reader of its
 * output), so cron jobs and the stages of one pipeline can share a store. */
#ifndef CB_STORE_H
#define CB_STORE_H

#include <stdint.h>

#include "buf.h"

/* How long a writer waits for another writer before giving up. */
#define STORE_BUSY_MS 120000

struct store;

/* Open or create the store at path (copied) and migrate it to the current
 * schema. Returns the handle (free it with store_close), or NULL after
 * printing an error that names the file. */
struct store *store_open(const char *path);

/* Open the existing store at path (copied) for reading only, as the
 * commands that only read do (queries, cb-fetch --offline): nothing is
 * written, not even the journal mode or a migration, so a store the user
 * may only read (a read-only file or directory) is read as sqlite3 reads
 * it, and a writer in another process is never waited for. A store whose
 * schema is older than this build's is refused with a message that says
 * how to upgrade it. Writing through the handle fails. Returns the handle
 * (free it with store_close), or NULL after printing an error that names
 * the file. */
struct store *store_open_ro(const char *path);

/* The path the store was opened at (the handle's; valid until
 * store_close). */
const char *store_file(const struct store *s);

/* Close the store and free the handle. NULL is accepted. */
void store_close(struct store *s);

/* The schema version this build writes. */
int store_schema_version(void);

/* Begin / commit / roll back a write transaction (BEGIN IMMEDIATE: a second
 * writer waits here, up to STORE_BUSY_MS, instead of failing later; on a
 * terminal it says so after a second). Return 0, or -1 after printing an
 * error. store_rollback does nothing outside a transaction. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* 1 if another process (or connection) committed changes to the store
 * between this handle's previous store_begin (or store_open) and the last
 * store_begin, 0 if not: a writer that keeps rows in memory between its
 * transactions must read them again. Call after store_begin. */
int store_others_wrote(const struct store *s);

/* The bytes of the pages in use (cb-validate status). 0 or -1. */
int store_size(struct store *s, int64_t *bytes);

/* path.c: which store a tool uses. */

/* The store a tool uses: opt (its --db argument) if not NULL, else $CB_DB
 * if set and not empty, else NULL (static or caller's storage). */
const char *store_path(const char *opt);

/* The default store, $XDG_DATA_HOME/cb/cb.db, or $HOME/.local/share/cb/cb.db
 * when XDG_DATA_HOME is unset, empty or not an absolute path, written into
 * b (NUL-terminated) and returned. With create_dir, the directories are
 * created (mode 0700) if missing. Returns NULL after printing an error if
 * neither variable gives a path or a directory cannot be created. */
const char *store_default_path(struct buf *b, int create_dir);

#endif
