/* rand.c - rand()/srand(): a 64-bit linear congruential generator
 * (Knuth's MMIX constants) returning its high 31 bits, whose quality is
 * far better than the low bits of a 32-bit LCG. Not for cryptography. */
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 1;

void srand(unsigned seed) { state = seed; }

int rand(void)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (int)(state >> 33);
}
