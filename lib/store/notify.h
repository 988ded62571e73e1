/* store/notify.h: cb-notify's table (cb-store(5)), the events it sent or
 * is sending, so that each event reaches each target once, across runs
 * that overlap or restart:
 *   notify_events  one row per (target, event key): claimed before the
 *                  message leaves, marked sent once it arrived, left
 *                  "unknown" when no one can tell
 * Every function returns 0, or -1 after printing an error naming the
 * store; the caller holds the transaction (store_begin), one per claim
 * and one per outcome, so that no transaction is open while a message is
 * on the network. */
#ifndef CB_STORE_NOTIFY_H
#define CB_STORE_NOTIFY_H

#include <stdint.h>

#include "store/store.h"

/* What a claim found. */
enum notify_claim {
	NOTIFY_CLAIMED,       /* the event is ours to send now */
	NOTIFY_SENT_BEFORE,   /* it was sent: never again */
	NOTIFY_PENDING        /* another run is sending it, or its outcome is
				 unknown (a crash, a timeout): not sent blindly */
};

/* What became of a claimed event. */
enum notify_outcome {
	NOTIFY_OUT_SENT,      /* it arrived: the row says sent */
	NOTIFY_OUT_UNKNOWN,   /* it may have arrived: the row stays, unknown */
	NOTIFY_OUT_NOT_SENT   /* it surely did not arrive: the row goes, so that
				 a later run sends it */
};

/* Claim event key for target at time now into *c. A new key is
 * inserted as "sending" and claimed. A key whose row is "sending" or
 * "unknown" is NOTIFY_PENDING, unless retry is 1: then it is claimed
 * again (the caller knows no other run is sending it). */
int store_notify_claim(struct store *s, const char *target, const char *key, int retry,
		       int64_t now, enum notify_claim *c);

/* Record the outcome o of a claimed event at time now, with error (the
 * reason an outcome is unknown, or NULL). */
int store_notify_done(struct store *s, const char *target, const char *key,
		      enum notify_outcome o, const char *error, int64_t now);

#endif
