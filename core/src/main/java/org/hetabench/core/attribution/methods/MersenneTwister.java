package org.hetabench.core.attribution.methods;

/**
 * MT19937 with NumPy's legacy seeding and its 53-bit doubles (methods.md Appendix D), so ContextCite's
 * ablation masks (mask {@code r} drawn from a generator seeded with {@code r}) can be reproduced bit
 * for bit. Written from the published algorithm (Matsumoto &amp; Nishimura 1998).
 */
public final class MersenneTwister {
    private final int[] mt = new int[624];
    private int idx;

    public MersenneTwister(int seed) {
        mt[0] = seed;
        for (int i = 1; i < 624; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        idx = 624;
    }

    /** The next 32-bit output (as an unsigned value in a long). */
    public long next32() {
        if (idx >= 624) {
            for (int i = 0; i < 624; i++) {
                int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
                mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            idx = 0;
        }
        int y = mt[idx++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** A double in [0, 1) with 53 random bits, as NumPy's {@code random_sample}. */
    public double uniform53() {
        long a = next32() >>> 5;
        long b = next32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }
}
