/* sign: hex HMAC-SHA256 with OpenSSL 3's EVP_MAC (sign.h). */
#include "sign.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

int sign_hmac_sha256_hex(const char *secret, const char *msg, size_t len, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char mac[32];
	size_t n = 0;
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end()
	};
	EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
	int ok = ctx && EVP_MAC_init(ctx, (const unsigned char *)secret, strlen(secret), params) &&
		 EVP_MAC_update(ctx, (const unsigned char *)msg, len) &&
		 EVP_MAC_final(ctx, mac, &n, sizeof mac) && n == sizeof mac;

	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(hmac);
	hex[0] = '\0';
	if (!ok)
		return -1;
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 15];
	}
	hex[2 * n] = '\0';
	return 0;
}
