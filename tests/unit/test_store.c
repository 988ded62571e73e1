/* Unit tests of lib/store/: the opaque handle, its transactions and how it
 * sees other writers (store_others_wrote), the candle group. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "store/candles.h"
#include "store/store.h"
#include "unit.h"

static struct candle candle_at(int64_t open_time)
{
	struct candle c;

	memset(&c, 0, sizeof c);
	snprintf(c.exchange, sizeof c.exchange, "binance");
	snprintf(c.market, sizeof c.market, "futures");
	snprintf(c.symbol, sizeof c.symbol, "BTCUSDT");
	c.interval = interval_find("4h");
	c.open_time = open_time;
	c.close_time = open_time + 14400000 - 1;
	c.open = c.high = c.low = c.close = 100;
	c.volume = 1;
	c.closed = 1;
	return c;
}

static void count_one(void *ctx, const struct candle *c)
{
	(void)c;
	++*(int *)ctx;
}

int main(void)
{
	char dir[] = "/tmp/cb-test-store.XXXXXX", path[64], bad[96];
	struct store *a, *b;
	struct candle c;
	char *sym = (char *)"BTCUSDT";
	int64_t n, from, to;
	int seen = 0;

	msg_init("test_store");
	msg_set_quiet(1);
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/s.db", dir);
	snprintf(bad, sizeof bad, "%s/no/such/dir/s.db", dir);

	/* Two handles on one store, as two processes would have. */
	a = store_open(path);
	b = store_open(path);
	CHECK(a && b);
	if (!a || !b)
		return 1;
	CHECK_INT(store_schema_version(), 4);

	/* b's open migrated nothing: a sees no other writer. */
	CHECK_INT(store_begin(a), 0);
	CHECK_INT(store_others_wrote(a), 0);
	CHECK_INT(store_commit(a), 0);

	/* b writes a candle and its coverage; a's next transaction sees it. */
	c = candle_at(0);
	CHECK_INT(store_begin(b), 0);
	CHECK_INT(store_put_candle(b, &c), 0);
	CHECK_INT(store_set_coverage(b, "binance", "futures", "BTCUSDT", "4h", 0, 0), 0);
	CHECK_INT(store_commit(b), 0);
	CHECK_INT(store_begin(a), 0);
	CHECK_INT(store_others_wrote(a), 1);
	/* A rolled-back transaction writes nothing. */
	c = candle_at(14400000);
	CHECK_INT(store_put_candle(a, &c), 0);
	store_rollback(a);
	CHECK_INT(store_begin(a), 0);
	CHECK_INT(store_others_wrote(a), 0);  /* nothing since a's last begin */
	CHECK_INT(store_commit(a), 0);
	/* b sees neither a's rolled-back nor its empty transactions. */
	CHECK_INT(store_begin(b), 0);
	CHECK_INT(store_others_wrote(b), 0);
	CHECK_INT(store_commit(b), 0);

	CHECK_INT(store_candle_count(a, &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(store_get_coverage(a, "binance", "futures", "BTCUSDT", "4h", &from, &to), 1);
	CHECK_INT(from, 0);
	CHECK_INT(to, 0);
	CHECK_INT(store_get_coverage(a, "binance", "spot", "BTCUSDT", "4h", &from, &to), 0);
	CHECK_INT(store_each_candle(a, "binance", "futures", "4h", &sym, 1, 0, 14400000,
				    count_one, &seen), 0);
	CHECK_INT(seen, 1);
	CHECK_INT(store_size(a, &n), 0);
	CHECK(n > 0);

	/* A second begin inside a transaction is an error, the first goes on. */
	CHECK_INT(store_begin(a), 0);
	CHECK_INT(store_begin(a), -1);
	CHECK_INT(store_commit(a), 0);

	/* The newest candle: the one at 0; none before it, none of another
	 * symbol; a forming one is skipped when closed ones are asked for. */
	c = candle_at(2 * 14400000);
	c.closed = 0;
	CHECK_INT(store_begin(a), 0);
	CHECK_INT(store_put_candle(a, &c), 0);
	CHECK_INT(store_commit(a), 0);
	n = -1;
	CHECK_INT(store_newest_candle(a, "binance", "futures", "BTCUSDT", "4h", INT64_MAX, 0, &n), 1);
	CHECK_INT(n, 2 * 14400000);
	CHECK_INT(store_newest_candle(a, "binance", "futures", "BTCUSDT", "4h", INT64_MAX, 1, &n), 1);
	CHECK_INT(n, 0);
	CHECK_INT(store_newest_candle(a, "binance", "futures", "BTCUSDT", "4h", -1, 0, &n), 0);
	CHECK_INT(store_newest_candle(a, "binance", "futures", "ETHUSDT", "4h", INT64_MAX, 0, &n), 0);

	store_close(a);
	store_close(b);
	store_close(NULL);

	/* Read-only: what was written is read; a write fails. */
	a = store_open_ro(path);
	CHECK(a != NULL);
	if (a) {
		CHECK_INT(store_candle_count(a, &n), 0);
		CHECK_INT(n, 2);
		CHECK_INT(store_begin(a), -1);
		store_close(a);
	}
	CHECK(store_open_ro(bad) == NULL);

	/* A store that cannot be created: NULL, after a message. */
	CHECK(store_open(bad) == NULL);

	unlink(path);
	snprintf(bad, sizeof bad, "%s/s.db-wal", dir);
	unlink(bad);
	snprintf(bad, sizeof bad, "%s/s.db-shm", dir);
	unlink(bad);
	rmdir(dir);
	UNIT_END();
}
