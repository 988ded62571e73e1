/* sign: request signatures for an exchange's private endpoints: hex
 * HMAC-SHA256 (libcrypto), the scheme of Binance (and Bybit V5).
 *
 * A secret is only ever an argument here: nothing is written to stdout,
 * stderr or a log, and the key bytes are not kept after the call. */
#ifndef CB_SIGN_H
#define CB_SIGN_H

#include <stddef.h>

/* Room sign_hmac_sha256_hex needs: 64 hex digits and the NUL. */
#define SIGN_HEX_MAX 65

/* Write the lowercase hex HMAC-SHA256 of msg[0..len) keyed with the
 * NUL-terminated secret into hex (SIGN_HEX_MAX bytes). Returns 0, or -1
 * (hex "") if libcrypto fails. */
int sign_hmac_sha256_hex(const char *secret, const char *msg, size_t len, char *hex);

#endif
