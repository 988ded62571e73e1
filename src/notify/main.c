/* cb-notify: tell people about events: the signals, status changes,
 * trades, halts and jobs in NDJSON records, each event once, to Telegram,
 * Discord, a webhook or a file.
 *
 * For each event the --on selection takes, in this order (cb-order's
 * discipline): claim its key in the store (one short transaction), send
 * the message (no transaction open), record the outcome (another one).
 * Sent is never sent again; an outcome no one can tell stays claimed and
 * is not sent again blindly (--retry-unsent sends it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "lines.h"
#include "msg.h"
#include "notify.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "store/store.h"

enum { OPT_ON = OPT_TOOL, OPT_TELEGRAM, OPT_DISCORD, OPT_WEBHOOK, OPT_FILE, OPT_TOKEN_FILE,
       OPT_CHAT_ID, OPT_DB, OPT_RETRY, OPT_MIN_INTERVAL, OPT_TIMEOUT, OPT_MAX_WAIT,
       OPT_STRICT };

static const struct opt options[] = {
	{ "on", OPT_ON, 1, "SPEC", "the events to send (" NSEL_DEFAULT ")" },
	{ "telegram", OPT_TELEGRAM, 0, NULL, "send to a Telegram chat (CB_TELEGRAM_TOKEN, --chat-id)" },
	{ "discord", OPT_DISCORD, 0, NULL, "send to a Discord webhook (CB_DISCORD_WEBHOOK)" },
	{ "webhook", OPT_WEBHOOK, 1, "URL", "POST each event as JSON to URL" },
	{ "file", OPT_FILE, 1, "FILE", "append each message as one line to FILE (- standard output)" },
	{ "token-file", OPT_TOKEN_FILE, 1, "FILE", "the bot token or webhook URL, from a mode 0600 file" },
	{ "chat-id", OPT_CHAT_ID, 1, "ID", "the Telegram chat (else $CB_TELEGRAM_CHAT_ID)" },
	{ "db", OPT_DB, 1, "FILE", "the SQLite store (else $CB_DB, else $XDG_DATA_HOME/cb/cb.db)" },
	{ "retry-unsent", OPT_RETRY, 0, NULL, "send again the events whose outcome is unknown" },
	{ "min-interval", OPT_MIN_INTERVAL, 1, "DURATION", "between two messages (Telegram 1s, Discord 2s, else 0)" },
	{ "timeout", OPT_TIMEOUT, 1, "DURATION", "wait at most DURATION for an answer (10s)" },
	{ "max-wait", OPT_MAX_WAIT, 1, "DURATION", "wait out a rate limit of at most DURATION (60s)" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... --telegram|--discord|--webhook URL|--file FILE [FILE]...",
	"Send the events of NDJSON records (signal, status, trade, order_status,\n"
	"job) that --on selects, each once, to one target: a Telegram chat, a Discord\n"
	"webhook, a JSON webhook or a file. The store remembers what was sent.",
	"Environment: CB_TELEGRAM_TOKEN, CB_TELEGRAM_CHAT_ID, CB_TELEGRAM_URL,\n"
	"CB_DISCORD_WEBHOOK, CB_DB, XDG_DATA_HOME, HOME.\n"
};

struct run {
	struct nsel sel;
	const char *spec;
	struct target t;
	struct store *store;
	int retry;
	long events, selected, sent, before, pending;
	struct buf text;
};

static const char *target_label(const struct target *t)
{
	switch (t->kind) {
	case TK_TELEGRAM: return "Telegram";
	case TK_DISCORD: return "Discord";
	case TK_WEBHOOK: return "the webhook";
	case TK_FILE: return strcmp(t->url, "-") ? t->url : "standard output";
	case TK_NONE: break;
	}
	return "?";
}

static void claim(struct run *r, const char *key, enum notify_claim *c)
{
	if (store_begin(r->store) < 0 ||
	    store_notify_claim(r->store, r->t.name, key, r->retry, time_now(), c) < 0 ||
	    store_commit(r->store) < 0)
		exit(CB_EXIT_FATAL);
}

static void record_outcome(struct run *r, const char *key, enum notify_outcome o,
			   const char *err)
{
	if (store_begin(r->store) < 0 ||
	    store_notify_done(r->store, r->t.name, key, o, err[0] ? err : NULL, time_now()) < 0 ||
	    store_commit(r->store) < 0)
		exit(CB_EXIT_FATAL);
}

static void one_event(struct run *r, const struct nevent *e, const struct line *ln)
{
	enum notify_claim c;
	enum notify_outcome o;
	char err[512];

	r->events++;
	if (!nsel_match(&r->sel, e))
		return;
	r->selected++;
	claim(r, e->key, &c);
	if (c == NOTIFY_SENT_BEFORE) {
		r->before++;
		return;
	}
	if (c == NOTIFY_PENDING) {
		r->pending++;
		warn("'%s': another run is sending it, or did not learn whether it arrived; "
		     "not sent again (--retry-unsent sends it)", e->key);
		return;
	}
	buf_reset(&r->text);
	nevent_message(e, &r->text);
	o = target_send(&r->t, ln->p, ln->len, buf_cstr(&r->text), err, sizeof err);
	record_outcome(r, e->key, o, err);
	if (o == NOTIFY_OUT_SENT) {
		r->sent++;
		return;
	}
	if (o == NOTIFY_OUT_UNKNOWN)
		die("'%s' may or may not have reached %s (%s); it is not sent again "
		    "unless --retry-unsent", e->key, target_label(&r->t), err);
	die("cannot send '%s' to %s: %s", e->key, target_label(&r->t), err);
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	struct run *r = ctx;
	struct nevent ev[2];
	char err[256];
	int n;

	switch (nevent_parse(ln->p, ln->len, time_now(), ev, &n, err, sizeof err)) {
	case REC_BAD:
		reject(name, ln->no, "%s", err);
		return;
	case REC_OTHER:
		return;
	}
	for (int i = 0; i < n; i++)
		one_event(r, &ev[i], ln);
}

static void summary(const struct run *r)
{
	if (r->sent) {
		note("sent %ld of %ld selected events to %s%s", r->sent, r->selected,
		     target_label(&r->t), r->before || r->pending ? " (the others before or pending)" : "");
	} else if (!r->events) {
		note("nothing sent: no event in the input (signal, status, trade, order_status "
		     "or job records)");
	} else if (!r->selected) {
		note("nothing sent: none of the %ld events is selected by --on %s", r->events,
		     r->spec);
	} else {
		note("nothing sent: of the %ld selected events, %ld were sent before and %ld "
		     "are pending", r->selected, r->before, r->pending);
	}
}

static int64_t duration_arg(const char *opt, const char *arg, int zero_ok)
{
	int64_t ms;

	if (zero_ok && !strcmp(arg, "0"))
		return 0;
	if (duration_parse(arg, &ms) < 0 || ms > 86400000)
		usage_error("%s: '%s' is not a duration such as 2s or 1m%s", opt, arg,
			    zero_ok ? " (or 0)" : "");
	return ms;
}

static void set_target(struct run *r, enum target_kind k, const char *url)
{
	if (r->t.kind != TK_NONE && r->t.kind != k)
		usage_error("--telegram, --discord, --webhook and --file exclude each other");
	r->t.kind = k;
	r->t.url = url;
}

int main(int argc, char **argv)
{
	static struct run r;
	struct buf path = BUF_INIT;
	const char *arg, *db = NULL, *token_file = NULL, *p;
	char err[256];
	int64_t min_interval = -1, timeout = 10000;
	int c;

	msg_init("cb-notify");
	r.spec = NSEL_DEFAULT;
	r.t.max_wait_ms = 60000;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_ON: r.spec = arg; break;
		case OPT_TELEGRAM: set_target(&r, TK_TELEGRAM, NULL); break;
		case OPT_DISCORD: set_target(&r, TK_DISCORD, NULL); break;
		case OPT_WEBHOOK:
			if (strncmp(arg, "http://", 7) && strncmp(arg, "https://", 8))
				usage_error("--webhook: '%s' is not an http:// or https:// URL", arg);
			set_target(&r, TK_WEBHOOK, arg);
			break;
		case OPT_FILE: set_target(&r, TK_FILE, arg); break;
		case OPT_TOKEN_FILE: token_file = arg; break;
		case OPT_CHAT_ID:
			if (!*arg || strlen(arg) >= sizeof r.t.chat_id)
				usage_error("--chat-id: '%s' is not a chat id", arg);
			snprintf(r.t.chat_id, sizeof r.t.chat_id, "%s", arg);
			break;
		case OPT_DB: db = arg; break;
		case OPT_RETRY: r.retry = 1; break;
		case OPT_MIN_INTERVAL: min_interval = duration_arg("--min-interval", arg, 1); break;
		case OPT_TIMEOUT: timeout = duration_arg("--timeout", arg, 0); break;
		case OPT_MAX_WAIT: r.t.max_wait_ms = duration_arg("--max-wait", arg, 1); break;
		case OPT_STRICT: msg_set_strict(1); break;
		default: usage_error("unhandled option");
		}
	}
	if (nsel_parse(&r.sel, r.spec, err, sizeof err) < 0)
		usage_error("--on: %s", err);
	if (r.t.kind == TK_NONE)
		usage_error("give a target: --telegram, --discord, --webhook URL or --file FILE");
	if (token_file && r.t.kind != TK_TELEGRAM && r.t.kind != TK_DISCORD)
		usage_error("--token-file: only for --telegram or --discord");
	if (r.t.chat_id[0] && r.t.kind != TK_TELEGRAM)
		usage_error("--chat-id: only for --telegram");
	r.t.min_gap_ms = min_interval >= 0 ? min_interval :
			 r.t.kind == TK_TELEGRAM ? 1000 : r.t.kind == TK_DISCORD ? 2000 : 0;
	r.t.timeout_ms = (long)timeout;
	out_init();
	target_open(&r.t, token_file);
	p = store_path(db);
	if (!p && !(p = store_default_path(&path, 1)))
		exit(CB_EXIT_FATAL);
	r.store = store_open(p);
	if (!r.store)
		exit(CB_EXIT_FATAL);
	lines_foreach(argv + optind, argc - optind, 0, on_line, &r);
	summary(&r);
	store_close(r.store);
	target_close(&r.t);
	buf_release(&r.text);
	buf_release(&path);
	out_close();
	return msg_exit_status();
}
