/* fake-exchange: a local stand-in for Binance's REST market data API and
 * its USD-M trading API, so that cb-fetch and cb-order are tested without
 * the internet. It serves candles from CSV files or a seeded model, keeps
 * one trading account whose marks follow those candles, follows Binance's
 * parameters, weights and errors, and takes orders to misbehave (see
 * README.md). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "fake.h"
#include "msg.h"
#include "opts.h"
#include "server.h"
#include "strmap.h"

enum {
	OPT_PORT_FILE = OPT_TOOL, OPT_DATA, OPT_SYMBOLS, OPT_NO_SPOT, OPT_NOW, OPT_LATENCY,
	OPT_WEIGHT, OPT_SPOT_WEIGHT, OPT_LOG, OPT_SEED, OPT_BALANCE
};

/* The API secret of Binance's documented signature example; the key is ours. */
#define DEFAULT_SECRET "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
#define DEFAULT_KEY "fake-exchange-api-key"

static const struct opt opts[] = {
	{ "port-file", OPT_PORT_FILE, 1, "FILE", "write the port and a newline to FILE once listening (required)" },
	{ "data", OPT_DATA, 1, "DIR", "serve DIR/SYMBOL-4h.csv as the 4h futures candles of SYMBOL" },
	{ "symbols", OPT_SYMBOLS, 1, "N", "add N synthetic symbols S0000USDT... (default 0)" },
	{ "no-spot", OPT_NO_SPOT, 1, "SYM,...", "keep these futures symbols off the spot market" },
	{ "now", OPT_NOW, 1, "TIME", "fix the exchange clock at TIME, epoch ms or ISO 8601 (default: real clock)" },
	{ "latency-ms", OPT_LATENCY, 1, "N", "delay every API response by N ms (default 0)" },
	{ "weight-limit", OPT_WEIGHT, 1, "N", "futures request weight per minute (default 2400)" },
	{ "spot-weight-limit", OPT_SPOT_WEIGHT, 1, "N", "spot request weight per minute (default 6000)" },
	{ "log", OPT_LOG, 1, "FILE", "append 'METHOD /path?query' to FILE for every API request" },
	{ "seed", OPT_SEED, 1, "N", "seed of the synthetic candles (default 1)" },
	{ "balance", OPT_BALANCE, 1, "N", "USDT balance of the trading account (default 10000)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"--port-file FILE [OPTION]...",
	"Serve a fake Binance REST market data and USD-M trading API on 127.0.0.1 until SIGTERM or SIGINT.",
	"Market data (Binance semantics, weights and errors):\n"
	"  GET /fapi/v1/klines /api/v3/klines              symbol interval [startTime endTime limit]\n"
	"  GET /fapi/v1/exchangeInfo /api/v3/exchangeInfo  [symbol | symbols (spot)]\n"
	"  GET /fapi/v1/ticker/24hr /api/v3/ticker/24hr    [symbol]\n"
	"  GET /futures/data/openInterestHist              symbol period [startTime endTime limit]\n"
	"  GET /fapi/v1/ping /api/v3/ping /fapi/v1/time /api/v3/time\n"
	"  GET /bybit/v5/market/kline   Bybit V5: category symbol interval [start end limit]\n"
	"  GET /mexc/api/v3/klines      MEXC spot: symbol interval [startTime endTime limit]\n"
	"Trading (SIGNED: X-MBX-APIKEY $FAKE_API_KEY, HMAC-SHA256 with $FAKE_API_SECRET):\n"
	"  POST /fapi/v1/leverage /fapi/v1/marginType\n"
	"  POST GET DELETE /fapi/v1/order /fapi/v1/algoOrder\n"
	"  GET /fapi/v1/openOrders /fapi/v1/openAlgoOrders /fapi/v3/positionRisk\n"
	"  GET /fapi/v3/account /fapi/v1/userTrades; /fapi/v1/premiumIndex (not signed)\n"
	"Control:\n"
	"  POST /_fake/now?ms=TIME      set the exchange clock\n"
	"  POST /_fake/fault?path=P&kind=K[&method=M&symbol=S&count=N&retry_after=S&delay_ms=D\n"
	"                               &fraction=F&hide=H]\n"
	"                               fail the next N requests for P (see README.md)\n"
	"  POST /_fake/mark?symbol=S&price=P   set a mark price (0: the market's again)\n"
	"  POST /_fake/reset            clear faults, counters and the trading account\n"
	"  GET  /_fake/stats            counters as JSON\n"
	"  GET  /_fake/account[?all=1]  the trading account as JSON\n"
	"See tests/fake-exchange/README.md.\n"
};

static int stop_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(stop_pipe[1], &c, 1) < 0) {
		/* the pipe is full: a stop is already pending */
	}
	errno = saved;
}

static void setup_signals(void)
{
	struct sigaction sa;

	if (pipe(stop_pipe) || fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK))
		die("cannot create a pipe:");
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Write "PORT\n" to path through path.tmp, so no reader sees a partial file. */
static void write_port_file(const char *path, int port)
{
	size_t n = strlen(path) + 5;
	char *tmp = malloc(n), text[16];
	int fd, len = snprintf(text, sizeof text, "%d\n", port);

	if (!tmp)
		die("out of memory");
	snprintf(tmp, n, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, (size_t)len) != len || close(fd) || rename(tmp, path))
		die("cannot write the port file '%s':", path);
	free(tmp);
}

static long number(const char *arg, const char *opt, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end || errno || v < min || v > max)
		usage_error("--%s: expected a whole number from %ld to %ld, not '%s'", opt, min, max, arg);
	return v;
}

int main(int argc, char **argv)
{
	static struct fake f;
	const char *port_file = NULL, *data = NULL, *nospot = NULL, *log = NULL, *arg;
	const char *key = getenv("FAKE_API_KEY"), *secret = getenv("FAKE_API_SECRET");
	long nsym = 0, seed = 1, balance = 10000;
	int c, port, lfd;
	struct server_hooks hooks = { &f, fake_handle, fake_accepted };

	msg_init("fake-exchange");
	f.fut.limit = 2400;
	f.spot.limit = 6000;
	f.logfd = -1;
	while ((c = opts_next(argc, argv, opts, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_PORT_FILE: port_file = arg; break;
		case OPT_DATA: data = arg; break;
		case OPT_SYMBOLS: nsym = number(arg, "symbols", 0, 10000); break;
		case OPT_NO_SPOT: nospot = arg; break;
		case OPT_NOW:
			if (time_parse(arg, &f.fixed_now) || f.fixed_now < 0 || f.fixed_now > TIME_MAX_MS)
				usage_error("--now: not a time: '%s'", arg);
			f.has_now = 1;
			break;
		case OPT_LATENCY: f.latency_ms = number(arg, "latency-ms", 0, 3600000); break;
		case OPT_WEIGHT: f.fut.limit = number(arg, "weight-limit", 0, 100000000); break;
		case OPT_SPOT_WEIGHT: f.spot.limit = number(arg, "spot-weight-limit", 0, 100000000); break;
		case OPT_LOG: log = arg; break;
		case OPT_SEED: seed = number(arg, "seed", 0, 2147483647); break;
		case OPT_BALANCE: balance = number(arg, "balance", 0, 1000000000); break;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!port_file)
		usage_error("--port-file is required");

	market_init(&f.market, (uint64_t)seed);
	if (data)
		market_load_dir(&f.market, data);
	market_add_synthetic(&f.market, (int)nsym);
	market_add_specials(&f.market);
	market_finish(&f.market, nospot);
	if ((key && strlen(key) >= KEY_MAX) || (secret && strlen(secret) >= KEY_MAX))
		usage_error("FAKE_API_KEY and FAKE_API_SECRET: at most %d characters", KEY_MAX - 1);
	trade_init(&f.trade, f.market.n, (double)balance, key && *key ? key : DEFAULT_KEY,
		   secret && *secret ? secret : DEFAULT_SECRET);
	f.paths = strmap_new(sizeof(long));
	if (log) {
		f.logfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (f.logfd < 0)
			die("cannot open the log '%s':", log);
	}
	setup_signals();
	lfd = server_listen(&port);
	write_port_file(port_file, port);
	note("serving %zu futures symbols on 127.0.0.1:%d", f.market.n, port);

	server_run(lfd, stop_pipe[0], &hooks);

	close(lfd);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	if (f.logfd >= 0)
		close(f.logfd);
	fake_release(&f);
	return CB_EXIT_OK;
}
