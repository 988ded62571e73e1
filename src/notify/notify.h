/* notify.h: what cb-notify's files share: the events it reads from
 * records, the rules that select them (--on), the message each becomes
 * (event.c, pure: values in, values out), and the targets that carry the
 * messages (target.c). */
#ifndef CB_NOTIFY_H
#define CB_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"
#include "keys.h"
#include "lifecycle.h"
#include "strength.h"
#include "store/notify.h"

/* The kinds of event. */
enum nkind { NK_SIGNAL, NK_STATUS, NK_TRADE, NK_HALT, NK_JOB };

#define NEVENT_KEY_MAX 512
#define NEVENT_TEXT_MAX 512

/* One event to tell about, from one record. Members not of its kind are
 * zero. */
struct nevent {
	enum nkind kind;
	char key[2 * NEVENT_KEY_MAX + 64]; /* sent once per key and target */
	char exchange[CANDLE_NAME_MAX];  /* for the chart link; "" if unknown */
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	char interval[8];
	char id[NEVENT_KEY_MAX];         /* the signal's id (signal, status, trade) */
	int64_t time;                    /* signal: detected_at; status: time;
					    trade: exit_time; job: start */
	/* signal */
	enum strength strength;          /* STRENGTH_NONE: none */
	double price;
	int scored;
	double total;
	char level[16];
	int closed;
	/* status */
	enum lc_status from, to;
	char reason[32];                 /* status's reason, trade's exit_reason */
	int has_gain, has_drawdown;
	double max_gain_pct, drawdown_pct;
	/* trade */
	int side;                        /* +1 long, -1 short */
	double pnl, pnl_pct;
	char mode[16];                   /* trade, halt: paper or live; "" none */
	/* halt: text is the reason ("" for the daily loss halt); job: text is
	   the summary */
	int daily_loss;
	char text[NEVENT_TEXT_MAX];
	/* job */
	char job[64];
	int64_t end;                     /* 0: none */
	int64_t status;
};

/* Read one NDJSON line into events: a signal, status, trade or job record
 * gives one event, an order_status record one per halt in force (a manual
 * halt, the daily loss halt: 0 to 2). now (ms) gives a halt's UTC day when
 * the record has no done time. Returns REC_OK with *n set, REC_OTHER for
 * a record of another type (*n 0), or REC_BAD with a message in err. */
int nevent_parse(const char *line, size_t len, int64_t now, struct nevent ev[2], int *n,
		 char *err, size_t errlen);

/* The selection of --on: which events are told. */
struct nsel {
	unsigned signal;   /* bits 1 << strength (WEAK 0 .. EXTREME 3), and
			      NSEL_NO_STRENGTH for a signal without one */
	unsigned status;   /* bits 1 << lc_status, the status changed to */
	int trade, halt;
	int job;           /* 0 none, 1 failed ones (status != 0), 2 all */
};
#define NSEL_NO_STRENGTH (1u << 4)
#define NSEL_DEFAULT "signal:STRONG+,status:CONFIRMED,trade,halt,job:failed"

/* Parse spec (comma-separated: signal, signal:S+ or signal:S for a
 * strength S, status or status:S, trade, halt, job, job:failed; any case)
 * into *s. Returns 0, or -1 with a message in err naming the wrong item. */
int nsel_parse(struct nsel *s, const char *spec, char *err, size_t errlen);

/* 1 if s selects e. */
int nsel_match(const struct nsel *s, const struct nevent *e);

/* The URL of the chart of symbol on exchange's market into dst (cap
 * bytes): Binance futures https://www.binance.com/en/futures/SYMBOL,
 * spot https://www.binance.com/en/trade/BASE_QUOTE (the futures page when
 * the quote asset is not a known one); Bybit and MEXC likewise. Returns
 * the length, 0 (dst "") for another exchange. */
size_t chart_link(const char *exchange, const char *market, const char *symbol, char *dst,
		  size_t cap);

/* Append the message of e to b: plain text, lines joined by '\n', no
 * newline at the end. It names the symbol, and for a signal its strength,
 * score and price, and ends with the chart link when there is one. */
void nevent_message(const struct nevent *e, struct buf *b);

/* target.c: where the messages go. */
enum target_kind { TK_NONE, TK_TELEGRAM, TK_DISCORD, TK_WEBHOOK, TK_FILE };

struct rest_client;

struct target {
	enum target_kind kind;
	char name[300];              /* its key in the store: telegram:CHAT, discord,
					webhook, file */
	char secret[KEYS_MAX];       /* Telegram's token, or Discord's webhook URL */
	char chat_id[64];
	const char *url;             /* --webhook URL; --file FILE */
	const char *base;            /* Telegram's API base URL */
	int fd;                      /* TK_FILE: -1 for standard output */
	struct rest_client *rest;
	int64_t min_gap_ms;          /* between two messages */
	int64_t max_wait_ms;         /* the longest rate-limit wait taken */
	int64_t last_ms;             /* monotonic time of the last message sent */
	int64_t hold_until;          /* no message before (monotonic ms): Discord's
					X-RateLimit-Remaining 0 for Reset-After */
	long timeout_ms;
};

/* Get t ready to send (t->kind and its settings given): the secrets read,
 * the client or file opened. Dies with a message on failure. */
void target_open(struct target *t, const char *secret_file);

/* Send the message text of event e (whose record is line[0..len)) to t,
 * waiting as the target's rate limits and t->min_gap_ms say, and say what
 * became of it; err (errlen bytes) gets why when it is not
 * NOTIFY_OUT_SENT. Never prints the secret; err never holds it. */
enum notify_outcome target_send(struct target *t, const char *line, size_t len,
				const char *text, char *err, size_t errlen);

/* Close t and wipe its secret. */
void target_close(struct target *t);

#endif
