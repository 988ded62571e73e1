/* cb-notify's table of the store (store/notify.h). */
#include "store/notify.h"

#include <string.h>

#include "internal.h"

int store_notify_claim(struct store *s, const char *target, const char *key, int retry,
		       int64_t now, enum notify_claim *c)
{
	sqlite3_stmt *q = db_stmt(s, "SELECT state FROM notify_events"
				     " WHERE target = ?1 AND key = ?2");
	char state[16] = "";
	int rc, found = 0;

	if (!q)
		return -1;
	db_bind_text(q, 1, target);
	db_bind_text(q, 2, key);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		found = 1;
		db_column_str(q, 0, state, sizeof state);
		rc = sqlite3_step(q);
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE)
		return db_fail(s, "cannot read the notified events");
	if (found && !strcmp(state, "sent")) {
		*c = NOTIFY_SENT_BEFORE;
		return 0;
	}
	if (found && !retry) {
		*c = NOTIFY_PENDING;
		return 0;
	}
	q = db_stmt(s, "INSERT OR REPLACE INTO notify_events (target, key, state, claimed_at)"
		       " VALUES (?1, ?2, 'sending', ?3)");
	if (!q)
		return -1;
	db_bind_text(q, 1, target);
	db_bind_text(q, 2, key);
	sqlite3_bind_int64(q, 3, now);
	*c = NOTIFY_CLAIMED;
	return db_done(s, q, "claim an event to notify");
}

int store_notify_done(struct store *s, const char *target, const char *key,
		      enum notify_outcome o, const char *error, int64_t now)
{
	sqlite3_stmt *q;

	if (o == NOTIFY_OUT_NOT_SENT) {
		q = db_stmt(s, "DELETE FROM notify_events WHERE target = ?1 AND key = ?2");
		if (!q)
			return -1;
		db_bind_text(q, 1, target);
		db_bind_text(q, 2, key);
		return db_done(s, q, "release an event not sent");
	}
	q = db_stmt(s, "UPDATE notify_events SET state = ?3, sent_at = ?4, error = ?5"
		       " WHERE target = ?1 AND key = ?2");
	if (!q)
		return -1;
	db_bind_text(q, 1, target);
	db_bind_text(q, 2, key);
	db_bind_text(q, 3, o == NOTIFY_OUT_SENT ? "sent" : "unknown");
	if (o == NOTIFY_OUT_SENT)
		sqlite3_bind_int64(q, 4, now);
	else
		sqlite3_bind_null(q, 4);
	db_bind_text_opt(q, 5, error);
	return db_done(s, q, "record an event's outcome");
}
