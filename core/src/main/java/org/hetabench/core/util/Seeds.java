package org.hetabench.core.util;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic seeds (heta.md §7, methods.md §1.8): every random draw comes from a generator seeded
 * by a SplitMix64 fold of (run seed, instance id, target position, method, role), so results never
 * depend on execution order, batch size or partitioning.
 */
public final class Seeds {
    private Seeds() {}

    /** The SplitMix64 finaliser. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A stable 64-bit hash of a string (FNV-1a over UTF-8, then mixed). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix64(h);
    }

    /** Folds the parts left to right: {@code h = mix64(h + 0x9e3779b97f4a7c15 + part)}. */
    public static long fold(long... parts) {
        long h = 0;
        for (long p : parts) {
            h = mix64(h + 0x9e3779b97f4a7c15L + p);
        }
        return h;
    }

    /** Seed of one stream: (run seed, instance, target position, method, role). */
    public static long of(long runSeed, String instanceId, int targetPosition, String method, String role) {
        return fold(runSeed, hash(instanceId), targetPosition, hash(method), hash(role));
    }
}
