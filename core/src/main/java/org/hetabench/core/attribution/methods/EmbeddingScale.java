package org.hetabench.core.attribution.methods;

import java.util.Map;
import java.util.WeakHashMap;
import org.hetabench.core.model.CausalLm;

/**
 * The standard deviation σ of all coordinates of a model's token-embedding table, computed once per
 * model in chunks (so a large vocabulary never needs one V x d array) and cached. Causal tracing
 * (Meng et al. 2022) corrupts with noise of scale 3σ.
 */
final class EmbeddingScale {
    private static final Map<CausalLm, Double> CACHE = new WeakHashMap<>();

    private EmbeddingScale() {}

    static synchronized double sigma(CausalLm model) {
        Double s = CACHE.get(model);
        if (s == null) {
            int v = model.config().vocabSize();
            double sum = 0;
            double sum2 = 0;
            long count = 0;
            for (int a = 0; a < v; a += 4096) {
                int[] ids = java.util.stream.IntStream.range(a, Math.min(v, a + 4096)).toArray();
                for (double[] row : model.embed(ids)) {
                    for (double x : row) {
                        sum += x;
                        sum2 += x * x;
                        count++;
                    }
                }
            }
            double mean = sum / count;
            s = Math.sqrt(Math.max(0, sum2 / count - mean * mean));
            CACHE.put(model, s);
        }
        return s;
    }
}
