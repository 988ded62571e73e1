/* strmap: a hash map from byte-string keys to fixed-size values, for the
 * per-series state of the stream tools (key "binance:futures:BTCUSDT:4h").
 *
 * The map owns copies of the keys and the value slots; slots are
 * zero-filled when created and never move, so pointers to them stay valid
 * until strmap_free. */
#ifndef CB_STRMAP_H
#define CB_STRMAP_H

#include <stddef.h>

struct strmap;

/* A new empty map whose values are valsize bytes. Dies on allocation failure. */
struct strmap *strmap_new(size_t valsize);

/* The value slot for key[0..len), created (zero-filled) if absent; *created
 * (when not NULL) says which. */
void *strmap_get(struct strmap *m, const char *key, size_t len, int *created);

/* The value slot for key, or NULL if absent. */
void *strmap_find(const struct strmap *m, const char *key, size_t len);

/* Number of keys. */
size_t strmap_count(const struct strmap *m);

/* Call fn for every entry, in insertion order. */
void strmap_each(struct strmap *m, void (*fn)(void *ctx, const char *key, size_t len, void *val),
		 void *ctx);

/* Free the map, its keys and slots (not what the slots point to). NULL is allowed. */
void strmap_free(struct strmap *m);

#endif
