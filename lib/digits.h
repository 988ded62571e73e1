/* digits: eight ASCII digits at a time (SWAR), for the number and record
 * readers. A word is eight bytes of text in memory order; the tricks below
 * read its first byte as the lowest, so on a big-endian machine
 * DIGITS_SWAR is 0 and the readers take their byte-by-byte loops. */
#ifndef CB_DIGITS_H
#define CB_DIGITS_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define DIGITS_SWAR 1
#else
#define DIGITS_SWAR 0
#endif

/* The eight bytes at p (p[0..8) must be readable). */
static inline uint64_t digits_load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* 1 if the eight bytes of w are all ASCII digits (always 0 without
 * DIGITS_SWAR). */
static inline int digits_all8(uint64_t w)
{
	return DIGITS_SWAR &&
	       !(((w & UINT64_C(0xF0F0F0F0F0F0F0F0)) |
		  (((w + UINT64_C(0x0606060606060606)) & UINT64_C(0xF0F0F0F0F0F0F0F0)) >> 4)) ^
		 UINT64_C(0x3333333333333333));
}

/* The value of the eight ASCII digits of w, its first byte the most
 * significant digit: 0 to 99,999,999. Only after digits_all8(w). */
static inline uint32_t digits_value8(uint64_t w)
{
	const uint64_t mask = UINT64_C(0x000000FF000000FF);

	w -= UINT64_C(0x3030303030303030);
	w = w * 10 + (w >> 8);
	w = ((w & mask) * (100 + (UINT64_C(1000000) << 32)) +
	     ((w >> 16) & mask) * (1 + (UINT64_C(10000) << 32))) >> 32;
	return (uint32_t)w;
}

/* 10^0 to 10^8. */
static const uint32_t digits_pow10[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
					  10000000, 100000000 };

/* How many of the eight bytes of w, from the first, are ASCII digits
 * before the first byte that is not: 0 to 8 (always 0 without
 * DIGITS_SWAR). A byte 0xFA..0xFF carries into the next byte when 6 is
 * added, but it is itself a non-digit, so only bytes after the answer are
 * disturbed. */
static inline unsigned digits_run8(uint64_t w)
{
	const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
	uint64_t x, nz;

	if (!DIGITS_SWAR)
		return 0;
	x = ((w & UINT64_C(0xF0F0F0F0F0F0F0F0)) |
	     (((w + UINT64_C(0x0606060606060606)) & UINT64_C(0xF0F0F0F0F0F0F0F0)) >> 4)) ^
	    UINT64_C(0x3333333333333333);
	nz = (((x & low7) + low7) | x) & ~low7;  /* 0x80 in each non-digit byte */
	return nz ? (unsigned)__builtin_ctzll(nz) >> 3 : 8;
}

/* The value of the first n (1 to 8) bytes of w, which are ASCII digits
 * (n from digits_run8): the others are replaced by leading zeros. */
static inline uint32_t digits_value_n(uint64_t w, unsigned n)
{
	w <<= 8 * (8 - n);
	w |= UINT64_C(0x3030303030303030) >> (8 * n % 64) & -(uint64_t)(n < 8);
	return digits_value8(w);
}

#endif
