/* cb-order: trade the signals of the pipeline with cb-backtest's rules,
 * on paper (the default) and, with --live, on an exchange; the state
 * lives in the store so that runs from cron continue one another.
 *
 * A run reads its input whole (candles, signals, funding, symbols) before
 * it takes the store's write lock, so that the stages upstream of it in a
 * pipeline may write the store meanwhile; then, in one transaction, it
 * loads the book, replays the input from the last step done with the
 * replay engine (replay.h, the code cb-backtest runs), and stores the
 * trades, the signals decided and the new book. The trades are written to
 * standard output once committed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cbtime.h"
#include "choice.h"
#include "lines.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "rejects.h"
#include "replay.h"
#include "replayin.h"
#include "report.h"
#include "ruleopts.h"
#include "signalrec.h"
#include "store/live.h"
#include "store/orders.h"
#include "store/store.h"
#include "strmap.h"
#include "traderec.h"
#include "xalloc.h"

#include "order.h"

enum { OPT_PAPER = OPT_RULES_END, OPT_LIVE, OPT_DB, OPT_NOW, OPT_MAX_ENTRY_DELAY, OPT_FORMAT,
       OPT_REASON, OPT_STRICT, OPT_KEY_FILE, OPT_MARGIN, OPT_MAX_DEVIATION, OPT_MAX_ORDERS,
       OPT_SYMBOL };

static const struct opt options[] = {
	RULE_OPTIONS,
	{ "paper", OPT_PAPER, 0, NULL, "simulate the fills with cb-backtest's rules (the default)" },
	{ "live", OPT_LIVE, 0, NULL, "trade on Binance USD-M futures (keys: CB_BINANCE_API_KEY, CB_BINANCE_API_SECRET)" },
	{ "key-file", OPT_KEY_FILE, 1, "FILE", "live: read the key and secret from FILE (two lines, mode 0600)" },
	{ "margin", OPT_MARGIN, 1, "TYPE", "live: isolated or crossed margin, set before a symbol's first entry (crossed)" },
	{ "max-deviation-pct", OPT_MAX_DEVIATION, 1, "PCT", "live: skip an entry when the mark is PCT percent from the signal's price (5; 0: no check)" },
	{ "max-orders-per-min", OPT_MAX_ORDERS, 1, "N", "live: send at most N orders a run (60, and at most half the exchange's limit)" },
	{ "symbol", OPT_SYMBOL, 1, "SYMBOL", "flatten: only this symbol; place: the symbol to enter" },
	{ "db", OPT_DB, 1, "FILE", "the store (CB_DB, else $XDG_DATA_HOME/cb/cb.db)" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the clock (for --max-entry-delay and tests)" },
	{ "max-entry-delay", OPT_MAX_ENTRY_DELAY, 1, "DURATION", "skip a signal whose entry time lies more than DURATION before now" },
	{ "format", OPT_FORMAT, 1, "FORMAT", "positions, trades, status: json (NDJSON), table, csv or tsv" },
	{ "reason", OPT_REASON, 1, "TEXT", "halt: why (shown by status)" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... [FILE]...\n"
	"  or:  cb-order [OPTION]... positions|trades|orders|status\n"
	"  or:  cb-order [OPTION]... halt --reason TEXT | resume\n"
	"  or:  cb-order --live [OPTION]... reconcile | flatten [--symbol SYMBOL]\n"
	"  or:  cb-order --live [OPTION]... place --symbol SYMBOL | cancel CLIENT_ID",
	"Trade the signals of candle and signal records (NDJSON) with cb-backtest's\n"
	"strategy, risk and fill rules, on paper by default; each run continues the\n"
	"last from the store. Reads standard input when no FILE is given, or FILE -.\n"
	"Commands: positions, trades, orders, status, halt --reason TEXT, resume;\n"
	"with --live also reconcile, flatten, place and cancel.",
	"Environment: CB_DB (the store), XDG_DATA_HOME, HOME; live: CB_BINANCE_API_KEY,\n"
	"CB_BINANCE_API_SECRET, CB_BINANCE_FUTURES_URL.\n"
};

struct order_opts o;
struct bt_input input;
static struct strmap *lines_of;    /* signal id -> char *: its last record */
static enum report_format format;

/* Keep the line of a signal record: the last one of each id. */
static void keep_signal_line(const char *line, size_t len)
{
	struct signal_in g;
	char err[256];
	char **slot;

	if (signal_parse(&g, line, len, err, sizeof err) != REC_OK)
		return;
	slot = strmap_get(lines_of, g.id, strlen(g.id), NULL);
	free(*slot);
	*slot = xmalloc(len + 1);
	memcpy(*slot, line, len);
	(*slot)[len] = '\0';
}

static int read_line(const char *line, size_t len, char *err, size_t errlen)
{
	long before = input.signal_recs;
	int rc = bt_input_line(&input, line, len, err, errlen);

	if (rc == REC_OK && input.signal_recs != before)
		keep_signal_line(line, len);
	return rc;
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	char err[256];

	(void)ctx;
	if (read_line(ln->p, ln->len, err, sizeof err) == REC_BAD)
		reject(name, ln->no, "%s", err);
}

void order_read_init(void)
{
	bt_input_init(&input);
	lines_of = strmap_new(sizeof(char *));
}

void order_read(char **files, int nfiles)
{
	order_read_init();
	rejects_summarise();
	lines_progress("records");
	lines_foreach(files, nfiles, 0, on_line, NULL);
}

void order_read_stored(const char *id, const char *record)
{
	char err[256];

	if (strmap_find(input.signals, id, strlen(id)))
		return;
	if (read_line(record, strlen(record), err, sizeof err) != REC_OK)
		die("the store's record of signal %s cannot be read: %s", id, err);
}

static void free_line(void *ctx, const char *key, size_t len, void *val)
{
	(void)ctx;
	(void)key;
	(void)len;
	free(*(char **)val);
}

void order_read_free(void)
{
	strmap_each(lines_of, free_line, NULL);
	strmap_free(lines_of);
	bt_input_free(&input);
}

void order_on_stored(void *ctx, const char *id, const char *record, const char *reason,
		     int64_t time)
{
	(void)ctx;
	(void)reason;
	(void)time;
	order_read_stored(id, record);
}

void order_ids_add(struct order_ids *l, const char *id)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(id);
}

void order_on_id(void *ctx, const char *id, const char *record, const char *reason,
		 int64_t time)
{
	(void)record;
	(void)reason;
	(void)time;
	order_ids_add(ctx, id);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void order_ids_sort(struct order_ids *l)
{
	if (l->n)   /* qsort may not be given NULL, even for none */
		qsort(l->v, l->n, sizeof *l->v, str_cmp);
}

int order_ids_has(const struct order_ids *l, const char *id)
{
	return l->n && bsearch(&id, l->v, l->n, sizeof *l->v, str_cmp);
}

void order_ids_free(struct order_ids *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The signals acted on (ctx: struct acted); the records of those with a
 * position open are read. */
struct acted {
	struct order_ids ids;
	const struct bt_state *st;
};

static void on_acted(void *ctx, const char *id, const char *record, const char *reason,
		     int64_t time)
{
	struct acted *a = ctx;

	for (size_t k = 0; k < a->st->nopen; k++)
		if (!strcmp(a->st->open[k].signal_id, id))
			order_on_stored(NULL, id, record, reason, time);
	order_ids_add(&a->ids, id);
}

struct store *order_open_store(int writes, struct buf *path)
{
	const char *p = store_path(o.db);
	struct store *s;

	if (!p && !(p = store_default_path(path, writes)))
		exit(CB_EXIT_FATAL);
	if (!writes && access(p, F_OK) < 0)
		die("cannot open the store '%s': no such file (cb-order fills it; see --db)", p);
	s = writes ? store_open(p) : store_open_ro(p);
	if (!s)
		exit(CB_EXIT_FATAL);
	return s;
}

const char *order_signal_line(const char *id)
{
	char **l = strmap_find(lines_of, id, strlen(id));

	return l ? *l : NULL;
}

/* Store what the run decided and its new book. */
static int store_run(struct store *s, const struct bt_result *r, const struct bt_state *st)
{
	for (size_t i = 0; i < r->ntrades; i++) {
		struct trade_rec t;

		trade_rec_of(&r->trades[i], &t);
		if (store_order_trade_put(s, o.mode, &t) < 0)
			return -1;
	}
	for (size_t i = 0; i < r->ndecided; i++) {
		const struct bt_decision *d = &r->decided[i];
		const char *l = order_signal_line(d->sig->id);

		if (store_order_signal_put(s, o.mode, d->sig->id,
					   d->entered ? OSIG_ENTERED : OSIG_SKIPPED, d->reason,
					   d->time, l, strlen(l)) < 0)
			return -1;
	}
	for (size_t i = 0; i < r->nwaiting; i++) {
		const struct signal_in *g = r->waiting[i];
		const char *l = order_signal_line(g->id);

		if (store_order_signal_put(s, o.mode, g->id, OSIG_WAITING, NULL, g->detected_at, l,
					   strlen(l)) < 0)
			return -1;
	}
	return store_book_put(s, o.mode, st, time_now());
}

/* Say what the run did, on standard error; before, the candles of the
 * input at or before the last step of the runs before (done), which they
 * traded over already. */
static void summarise(const struct bt_result *r, const struct bt_state *st, int64_t done)
{
	long old = 0;

	for (size_t i = 0; done != INT64_MIN && i < input.nseries; i++)
		old += (long)bt_series_first_open(input.by_key[i], done + 1);
	if (old) {
		char t[32];

		time_format(t, done);
		note("%s: %ld candles opening at or before %s, the last step done, were "
		     "traded over by the runs before: left alone", o.mode, old, t);
	}
	struct buf why = BUF_INIT;
	long entered = 0, skipped = 0;

	for (size_t i = 0; i < r->ndecided; i++) {
		if (r->decided[i].entered) {
			entered++;
			continue;
		}
		skipped++;
	}
	for (int k = 1; k < RISK_NREASONS; k++)
		if (r->skips.risk[k])
			buf_printf(&why, "%s%s %ld", why.len ? ", " : "",
				   risk_reason_name((enum risk_reason)k), r->skips.risk[k]);
	for (int k = 1; k < STRAT_NREASONS; k++)
		if (r->skips.strategy[k])
			buf_printf(&why, "%s%s %ld", why.len ? ", " : "",
				   strategy_reason_name((enum strategy_reason)k), r->skips.strategy[k]);
	if (r->skips.late)
		buf_printf(&why, "%slate %ld", why.len ? ", " : "", r->skips.late);
	if (r->skips.halted)
		buf_printf(&why, "%shalted %ld", why.len ? ", " : "", r->skips.halted);
	if (r->skips.stale)
		buf_printf(&why, "%sstale %ld", why.len ? ", " : "", r->skips.stale);
	note("%s: %ld signals entered, %ld skipped%s%s%s, %zu waiting for their entry candle; "
	     "%zu trades closed, %zu positions open", o.mode, entered, skipped,
	     why.len ? " (" : "", why.len ? buf_cstr(&why) : "", why.len ? ")" : "", r->nwaiting,
	     r->ntrades, st->nopen);
	buf_release(&why);
}

static int cmd_run(char **files, int nfiles)
{
	struct buf path = BUF_INIT;
	struct store *s;
	struct bt_state st, next;
	struct bt_result res;
	struct bt_config cfg = o.cfg;
	struct acted acted = { { NULL, 0 }, NULL };
	struct report rep;
	char halt[256];
	int found;

	order_read(files, nfiles);
	s = order_open_store(1, &path);
	acted.st = &st;
	if (store_begin(s) < 0 ||
	    store_book_get(s, o.mode, &st, halt, sizeof halt, &found) < 0 ||
	    store_order_signal_each(s, o.mode, OSIG_WAITING, order_on_stored, NULL) < 0 ||
	    store_order_signal_each(s, o.mode, OSIG_ENTERED, on_acted, &acted) < 0 ||
	    store_order_signal_each(s, o.mode, OSIG_SKIPPED, on_acted, &acted) < 0)
		exit(CB_EXIT_FATAL);
	/* The signal of every open position, and its series. */
	for (size_t k = 0; k < st.nopen; k++) {
		const char *id = st.open[k].signal_id;
		const struct signal_in *g;

		g = strmap_find(input.signals, id, strlen(id));
		if (!g)
			die("the store holds a position for signal %s but not its record", id);
		bt_input_add_series(&input, g);
	}
	bt_input_finish(&input);
	order_ids_sort(&acted.ids);
	cfg.resume = found ? &st : NULL;
	cfg.acted = (const char *const *)acted.ids.v;
	cfg.nacted = acted.ids.n;
	cfg.halted = halt[0] != '\0';
	cfg.now = time_now();
	if (cfg.halted)
		note("%s: halted (%s): no new entries until cb-order resume", o.mode, halt);
	bt_run(&input, &cfg, &res, &next);
	if (store_run(s, &res, &next) < 0 || store_commit(s) < 0)
		exit(CB_EXIT_FATAL);
	store_close(s);

	report_init(&rep, REPORT_JSON);
	for (size_t i = 0; i < res.ntrades; i++) {
		struct trade_rec t;

		trade_rec_of(&res.trades[i], &t);
		t.mode = o.mode;
		trade_rec_write(&rep, &t);
	}
	report_release(&rep);
	summarise(&res, &next, st.done);

	bt_result_free(&res);
	bt_state_release(&st);
	bt_state_release(&next);
	order_ids_free(&acted.ids);
	order_read_free();
	buf_release(&path);
	return rejects_end();
}

/* The symbol of a series key exchange:market:symbol:interval into dst. */
static void key_symbol(const char *key, char *dst, size_t n)
{
	const char *p = strchr(key, ':');

	p = p ? strchr(p + 1, ':') : NULL;
	p = p ? p + 1 : key;
	snprintf(dst, n, "%.*s", (int)strcspn(p, ":"), p);
}

static double unrealized(const struct pf_position *q)
{
	return fill_gross_pnl(q->p.side, q->p.quantity, q->p.entry, q->mark);
}

static int cmd_positions(struct store *s, struct report *rep)
{
	struct bt_state st;
	char halt[256];
	int found;

	if (store_book_get(s, o.mode, &st, halt, sizeof halt, &found) < 0)
		return CB_EXIT_FATAL;
	for (size_t k = 0; k < st.nopen; k++) {
		const struct bt_open *b = &st.open[k];
		const struct pf_position *q = &b->pos;
		char sym[CANDLE_NAME_MAX];

		key_symbol(b->key, sym, sizeof sym);
		report_begin(rep, "position");
		report_str(rep, "id", b->signal_id);
		report_str(rep, "signal_id", b->signal_id);
		report_str(rep, "symbol", sym);
		report_str(rep, "side", q->p.side > 0 ? "long" : "short");
		report_time(rep, "entry_time", 1, q->p.entry_time);
		report_num(rep, "entry_price", 1, q->p.entry, 6);
		report_num(rep, "quantity", 1, q->p.quantity, 6);
		report_num(rep, "notional", 1, q->notional, 2);
		report_num(rep, "mark", 1, q->mark, 6);
		report_num(rep, "unrealized_pnl", 1, unrealized(q), 2);
		report_num(rep, "fees", 1, q->fees, 4);
		report_num(rep, "funding", 1, q->funding, 4);
		report_str(rep, "mode", o.mode);
		report_end(rep);
	}
	if (!st.nopen)
		note("%s: no position open", o.mode);
	bt_state_release(&st);
	return 0;
}

static void on_trade(void *ctx, const struct trade_rec *r)
{
	trade_rec_write(ctx, r);
}

static int cmd_trades(struct store *s, struct report *rep)
{
	struct order_counts c;

	if (store_order_trade_each(s, o.mode, on_trade, rep) < 0 ||
	    store_order_counts(s, o.mode, &c) < 0)
		return CB_EXIT_FATAL;
	if (!c.trades)
		note("%s: no trade closed yet", o.mode);
	return 0;
}

static int cmd_status(struct store *s, struct report *rep)
{
	struct bt_state st;
	struct order_counts c;
	char halt[256];
	int found;
	double eq;

	if (store_book_get(s, o.mode, &st, halt, sizeof halt, &found) < 0 ||
	    store_order_counts(s, o.mode, &c) < 0)
		return CB_EXIT_FATAL;
	eq = st.cash;
	for (size_t k = 0; k < st.nopen; k++)
		eq += unrealized(&st.open[k].pos);
	report_begin(rep, "order_status");
	report_str(rep, "mode", o.mode);
	report_time(rep, "done", st.done != INT64_MIN, st.done);
	report_num(rep, "balance", found, st.balance, 2);
	report_num(rep, "cash", found, st.cash, 2);
	report_num(rep, "equity", found, eq, 2);
	report_int(rep, "positions", 1, (int64_t)st.nopen);
	report_int(rep, "trades", 1, c.trades);
	report_num(rep, "realized_pnl", 1, c.pnl, 2);
	report_int(rep, "signals_entered", 1, c.entered);
	report_int(rep, "signals_skipped", 1, c.skipped);
	report_int(rep, "signals_waiting", 1, c.waiting);
	report_bool(rep, "halted", halt[0] != '\0');
	if (halt[0])
		report_str(rep, "halt_reason", halt);
	else
		report_raw(rep, "halt_reason", "null", 4, 0);
	report_bool(rep, "daily_loss_halt", found && st.day.halted);
	report_end(rep);
	bt_state_release(&st);
	return 0;
}

static void on_order(void *ctx, const struct live_order *w)
{
	struct report *rep = ctx;

	report_begin(rep, "order");
	report_str(rep, "client_id", w->client_id);
	report_str(rep, "signal_id", w->signal_id);
	report_str(rep, "kind", live_kind_name(w->kind));
	report_str(rep, "symbol", w->symbol);
	report_str(rep, "side", w->side);
	if (w->quantity[0])
		report_str(rep, "quantity", w->quantity);
	else
		report_raw(rep, "quantity", "null", 4, 0);
	if (w->trigger[0])
		report_str(rep, "trigger_price", w->trigger);
	else
		report_raw(rep, "trigger_price", "null", 4, 0);
	report_str(rep, "state", live_state_name(w->state));
	report_int(rep, "exchange_id", w->exchange_id != 0, w->exchange_id);
	report_num(rep, "filled_qty", 1, w->filled_qty, 8);
	if (w->error[0])
		report_str(rep, "error", w->error);
	else
		report_raw(rep, "error", "null", 4, 0);
	report_time(rep, "created", 1, w->created);
	report_time(rep, "updated", 1, w->updated);
	report_end(rep);
}

static int cmd_orders(struct store *s, struct report *rep)
{
	if (store_live_order_each(s, NULL, 0, on_order, rep) < 0)
		return CB_EXIT_FATAL;
	return 0;
}

static void on_live_position(void *ctx, const struct live_position *p)
{
	struct report *rep = ctx;
	double q = atof(p->quantity);

	report_begin(rep, "position");
	report_str(rep, "id", p->signal_id);
	report_str(rep, "signal_id", p->signal_id);
	report_str(rep, "symbol", p->symbol);
	report_str(rep, "side", p->side > 0 ? "long" : "short");
	report_time(rep, "entry_time", 1, p->entry_time);
	report_num(rep, "entry_price", 1, p->entry_price, 6);
	report_num(rep, "quantity", 1, q, 6);
	report_num(rep, "notional", 1, q * p->entry_price, 2);
	report_raw(rep, "mark", "null", 4, 0);
	report_raw(rep, "unrealized_pnl", "null", 4, 0);
	report_num(rep, "fees", 1, p->fees, 4);
	report_num(rep, "funding", 0, 0, 4);
	report_str(rep, "mode", "live");
	report_end(rep);
}

static int cmd_live_positions(struct store *s, struct report *rep)
{
	if (store_live_position_each(s, on_live_position, rep) < 0)
		return CB_EXIT_FATAL;
	return 0;
}

static int cmd_halt(struct store *s, const char *reason)
{
	if (store_begin(s) < 0 || store_book_halt(s, o.mode, reason, time_now()) < 0 ||
	    store_commit(s) < 0)
		return CB_EXIT_FATAL;
	if (reason)
		note("%s: halted: no new entries until cb-order resume", o.mode);
	else
		note("%s: resumed: new entries are allowed", o.mode);
	return 0;
}

enum { CMD_POSITIONS, CMD_TRADES, CMD_STATUS, CMD_HALT, CMD_RESUME, CMD_ORDERS, CMD_RECONCILE,
       CMD_FLATTEN, CMD_PLACE, CMD_CANCEL };
static const char *const command_names[] = { "positions", "trades", "status", "halt", "resume",
					      "orders", "reconcile", "flatten", "place", "cancel",
					      NULL };

/* The command named by the first operand, or -1 (files). An operand that
 * is neither a command nor a file but is near a command is a usage error. */
static int find_command(const char *arg)
{
	const char *near;

	for (int k = 0; command_names[k]; k++)
		if (!strcmp(arg, command_names[k]))
			return k;
	if (strcmp(arg, "-") && access(arg, F_OK) < 0 &&
	    (near = choice_nearest(arg, command_names)))
		usage_error("'%s' is not a command or a file; did you mean '%s'?", arg, near);
	return -1;
}

int main(int argc, char **argv)
{
	static const char *const formats[] = { "json", "table", "csv", "tsv", NULL };
	static const char *const margins[] = { "isolated", "crossed", NULL };
	static char symbol[CANDLE_NAME_MAX];
	struct buf path = BUF_INIT;
	struct report rep;
	struct store *s;
	const char *arg, *now = NULL;
	int c, cmd = -1, rc, live = 0, paper = 0, has_format = 0;

	msg_init("cb-order");
	bt_config_default(&o.cfg);
	o.mode = "paper";
	o.max_deviation_pct = 5;
	o.max_orders_per_min = 60;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		if (rule_set(&o.cfg, c, arg) || rule_set_fixed(&o.cfg, c, arg))
			continue;
		switch (c) {
		case OPT_PAPER: paper = 1; break;
		case OPT_LIVE: live = 1; break;
		case OPT_DB: o.db = arg; break;
		case OPT_NOW: now = arg; break;
		case OPT_MAX_ENTRY_DELAY:
			o.cfg.max_entry_delay_ms = rule_duration_arg("--max-entry-delay", arg);
			o.has_delay = 1;
			break;
		case OPT_FORMAT:
			format = (enum report_format)opts_choice("--format", arg, formats);
			has_format = 1;
			break;
		case OPT_REASON: o.reason = arg; break;
		case OPT_KEY_FILE: o.key_file = arg; break;
		case OPT_MARGIN:
			o.margin_isolated = opts_choice("--margin", arg, margins) == 0;
			break;
		case OPT_MAX_DEVIATION:
			o.max_deviation_pct = rule_num_arg("--max-deviation-pct", arg, 0, 1000);
			break;
		case OPT_MAX_ORDERS:
			o.max_orders_per_min = (long)rule_num_arg("--max-orders-per-min", arg, 1, 100000);
			break;
		case OPT_SYMBOL: o.symbol = opts_symbol("--symbol", arg, symbol, sizeof symbol); break;
		case OPT_STRICT: msg_set_strict(1); break;
		default: usage_error("unhandled option");
		}
	}
	rule_check(&o.cfg, NULL);
	if (paper && live)
		usage_error("--paper and --live exclude each other");
	if (live) {
		o.mode = "live";
		if (o.cfg.exits.trailing_pct > 0)
			usage_error("--trailing: not in live trading (its protective orders are a "
				    "fixed stop-loss and take-profit)");
		if (o.cfg.flatten_on_halt)
			usage_error("--flatten-on-halt: not in live trading; use cb-order --live flatten");
	}
	if (now)
		time_set_now(opts_time("--now", now));
	if (optind < argc && (cmd = find_command(argv[optind])) >= 0)
		optind++;
	if (cmd == CMD_CANCEL && optind + 1 != argc)
		usage_error("cancel: name one order's client id (cb-order orders lists them)");
	if (cmd >= 0 && cmd != CMD_CANCEL && optind < argc)
		usage_error("%s: unexpected argument '%s'", command_names[cmd], argv[optind]);
	if (cmd == CMD_PLACE && !o.symbol)
		usage_error("place: give --symbol SYMBOL");
	if (cmd == CMD_HALT && !o.reason)
		usage_error("halt: give --reason TEXT, e.g. --reason 'exchange maintenance'");
	if (cmd != CMD_HALT && o.reason)
		usage_error("--reason: only for halt");
	if (has_format && cmd != CMD_POSITIONS && cmd != CMD_TRADES && cmd != CMD_STATUS &&
	    cmd != CMD_ORDERS)
		usage_error("--format: only for positions, trades, orders and status");
	if ((cmd == CMD_RECONCILE || cmd == CMD_FLATTEN || cmd == CMD_PLACE || cmd == CMD_CANCEL) &&
	    !live)
		usage_error("%s: talks to the exchange: give --live", command_names[cmd]);
	if (o.symbol && cmd != CMD_FLATTEN && cmd != CMD_PLACE)
		usage_error("--symbol: only for flatten and place");
	if (!live && (o.key_file || o.margin_isolated))
		usage_error("--%s: only with --live", o.key_file ? "key-file" : "margin");

	out_init();
	if (cmd < 0 && live) {
		rc = live_run(argv + optind, argc - optind);
	} else if (cmd < 0) {
		rc = cmd_run(argv + optind, argc - optind);
	} else if (cmd == CMD_RECONCILE) {
		rc = live_reconcile();
	} else if (cmd == CMD_FLATTEN) {
		rc = live_flatten();
	} else if (cmd == CMD_PLACE) {
		rc = live_place();
	} else if (cmd == CMD_CANCEL) {
		rc = live_cancel(argv[optind]);
	} else {
		s = order_open_store(cmd == CMD_HALT || cmd == CMD_RESUME, &path);
		report_init(&rep, format);
		switch (cmd) {
		case CMD_POSITIONS: rc = live ? cmd_live_positions(s, &rep) : cmd_positions(s, &rep); break;
		case CMD_TRADES: rc = cmd_trades(s, &rep); break;
		case CMD_STATUS: rc = cmd_status(s, &rep); break;
		case CMD_ORDERS: rc = cmd_orders(s, &rep); break;
		case CMD_HALT: rc = cmd_halt(s, o.reason); break;
		default: rc = cmd_halt(s, NULL); break;
		}
		report_release(&rep);
		store_close(s);
	}
	out_close();
	rule_free(&o.cfg);
	buf_release(&path);
	return rc;
}
