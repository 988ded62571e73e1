/* exchange: the registry of the adapters (exchange.h); each adapter is in
 * its own file, their shared helpers in rows.c. */
#include "exchange.h"

#include <string.h>

#include "choice.h"

const struct exchange *exchange_find(const char *name)
{
	static const struct exchange *const all[] = { &exchange_binance, &exchange_bybit,
						      &exchange_mexc, &exchange_sim };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (choice_same(all[i]->name, name))
			return all[i];
	return NULL;
}

const char *exchange_names(void)
{
	return "binance, bybit, mexc or sim";
}
