/* Unit tests of lib/net/sign.c and the Binance adapter's signed query
 * string, with Binance's documented HMAC-SHA256 example (USD-M futures
 * general info, "SIGNED Endpoint Examples"). */
#include "net/exchange.h"
#include "net/sign.h"
#include "unit.h"

#define SECRET "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
#define PAYLOAD "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC" \
	"&recvWindow=5000&timestamp=1591702613943"
#define SIGNATURE "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"

int main(void)
{
	char hex[SIGN_HEX_MAX];
	struct buf q = BUF_INIT;

	CHECK_INT(sign_hmac_sha256_hex(SECRET, PAYLOAD, sizeof PAYLOAD - 1, hex), 0);
	CHECK_STR(hex, SIGNATURE);
	/* RFC 4231 test case 2: key "Jefe". */
	CHECK_INT(sign_hmac_sha256_hex("Jefe", "what do ya want for nothing?", 28, hex), 0);
	CHECK_STR(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	/* The adapter appends recvWindow, timestamp and, last, the signature. */
	buf_adds(&q, "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC");
	CHECK_INT(exchange_binance.sign_query(&q, SECRET, 1591702613943, 5000), 0);
	CHECK_STR(buf_cstr(&q), PAYLOAD "&signature=" SIGNATURE);
	/* Without recvWindow, and with no other parameter. */
	buf_reset(&q);
	CHECK_INT(exchange_binance.sign_query(&q, "k", 1000, 0), 0);
	CHECK_INT(sign_hmac_sha256_hex("k", "timestamp=1000", 14, hex), 0);
	CHECK_MEM(q.p, 25, "timestamp=1000&signature=", 25);
	CHECK_INT((long long)q.len, 25 + 64);
	CHECK_MEM(q.p + 25, 64, hex, 64);
	/* Only Binance signs, so far. */
	CHECK(exchange_bybit.sign_query == NULL);
	CHECK(exchange_sim.sign_query == NULL);
	buf_release(&q);
	UNIT_END();
}
