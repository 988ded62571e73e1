#include "symbol.h"

#include <string.h>

#include "candle.h"

int symbol_normalize(const char *s, char *dst, size_t n)
{
	size_t len = strcspn(s, ":"), j = 0;
	int slashes = 0;

	/* A settlement suffix only after a pair: BTC/USDT:USDT, not BTCUSDT:X. */
	if (s[len] == ':' && (!memchr(s, '/', len) || !s[len + 1] || strchr(s + len + 1, ':')))
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '/') {
			if (++slashes > 1 || i == 0 || i == len - 1)
				return -1;
			continue;
		}
		if (j + 1 >= n)
			return -1;
		dst[j++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	if (!n)
		return -1;
	dst[j] = '\0';
	return candle_symbol_ok(dst) ? 0 : -1;
}
