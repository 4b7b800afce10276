package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.Objective;

/**
 * HETA's information term {@code I_i = KL(p ‖ p^{(i)})} (heta.md §4; paper Eq. 4): the change of the
 * target distribution when only token {@code i}'s embedding row is replaced by a mask vector. All T
 * masked sequences go to the model as one batch (the model splits it by its {@code maxBatch}); the
 * naive schedule sends them one at a time, as the authors' release does.
 */
public final class InformationTerm {

    /** Probabilities are clamped here before taking logs, as in the release. */
    public static final double PROBABILITY_FLOOR = 1e-10;

    /** What replaces a masked token's embedding row. */
    public enum Mask {
        /** The zero vector (default). */
        ZERO("zero"),
        /** The mean of the context's embedding rows. */
        MEAN("mean"),
        /** The embedding of the tokenizer's unknown token. */
        UNK("unk"),
        /**
         * What the release calls {@code unk}: a fresh small random vector {@code 0.01·N(0, I)} per masked
         * token, drawn here from the request's seeded stream {@code ("heta", "mask@<window start>")}.
         */
        UNK_RANDOM("unk-random");

        private final String key;

        Mask(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Scale of the {@link Mask#UNK_RANDOM} vector (the release's {@code randn * 0.01}). */
    public static final double UNK_RANDOM_SCALE = 0.01;

    /**
     * The information term and the masked log-probabilities of the target.
     *
     * @param kl {@code I_i}
     * @param maskedLogProb {@code g(X^{(i)})}
     */
    public record Outcome(double[] kl, double[] maskedLogProb) {}

    private InformationTerm() {}

    /**
     * The T mask vectors for a context with embedding rows {@code x}.
     *
     * @param random stream for {@link Mask#UNK_RANDOM} (unused otherwise)
     */
    public static double[][] maskRows(CausalLm model, Mask mask, double[][] x, SplittableRandom random) {
        int t = x.length;
        int d = x[0].length;
        double[][] rows = new double[t][d];
        switch (mask) {
            case ZERO:
                break;
            case MEAN: {
                double[] mean = new double[d];
                for (double[] r : x) {
                    for (int c = 0; c < d; c++) {
                        mean[c] += r[c] / t;
                    }
                }
                for (int i = 0; i < t; i++) {
                    rows[i] = mean.clone();
                }
                break;
            }
            case UNK: {
                int unk = model.tokenizer().map(tok -> tok.unkId()).orElse(-1);
                if (unk < 0) {
                    throw new IllegalArgumentException("Parameter heta.mask=unk needs a tokenizer with an unknown token, "
                            + "but " + model.name() + " has none; use heta.mask=zero, mean or unk-random");
                }
                double[] e = model.embed(new int[] {unk})[0];
                for (int i = 0; i < t; i++) {
                    rows[i] = e.clone();
                }
                break;
            }
            case UNK_RANDOM:
                for (int i = 0; i < t; i++) {
                    for (int c = 0; c < d; c++) {
                        rows[i][c] = UNK_RANDOM_SCALE * gaussian(random);
                    }
                }
                break;
            default:
                throw new AssertionError(mask);
        }
        return rows;
    }

    /**
     * Runs the T masked forwards of {@code input} (embedding rows {@code x}) and returns the KL and the
     * masked log-probabilities.
     *
     * @param p the unmasked target distribution
     * @param maskRows the replacement row of each position
     * @param oneAtATime the naive schedule: one forward call per masked sequence
     * @param budget largest number of matrix entries (rows × T × d) per call, to bound memory
     */
    public static Outcome compute(CausalLm model, ForwardRequest input, double[][] x, double[] p, double[][] maskRows,
                                  Objective objective, boolean oneAtATime, long budget) {
        return compute(model, input, x, p, maskRows, objective, oneAtATime, budget, 0, x.length);
    }

    /**
     * As {@link #compute(CausalLm, ForwardRequest, double[][], double[], double[][], Objective, boolean, long)},
     * masking only the positions {@code from..to-1} (the others get KL 0 and log-probability NaN).
     */
    public static Outcome compute(CausalLm model, ForwardRequest input, double[][] x, double[] p, double[][] maskRows,
                                  Objective objective, boolean oneAtATime, long budget, int from, int to) {
        int t = x.length;
        int d = x[0].length;
        int perCall = oneAtATime ? 1 : (int) Math.max(1, Math.min(t, budget / ((long) t * d)));
        double[] kl = new double[t];
        double[] lp = new double[t];
        java.util.Arrays.fill(lp, Double.NaN);
        for (int start = from; start < to; start += perCall) {
            int end = Math.min(to, start + perCall);
            List<ForwardRequest> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                double[][] xm = new double[t][];
                for (int j = 0; j < t; j++) {
                    xm[j] = j == i ? maskRows[i] : x[j];
                }
                batch.add(input.withEmbeddings(xm));
            }
            List<ForwardResult> out = model.forward(batch);
            for (int i = start; i < end; i++) {
                double[] z = out.get(i - start).lastLogits();
                kl[i] = kl(p, softmax(z));
                lp[i] = objective.evaluate(z);
            }
        }
        return new Outcome(kl, lp);
    }

    /** {@code Σ p (log p − log q)} with both clamped at {@link #PROBABILITY_FLOOR}, then clamped at 0. */
    public static double kl(double[] p, double[] q) {
        double s = 0;
        for (int v = 0; v < p.length; v++) {
            double pv = Math.max(p[v], PROBABILITY_FLOOR);
            double qv = Math.max(q[v], PROBABILITY_FLOOR);
            s += pv * (Math.log(pv) - Math.log(qv));
        }
        return Math.max(0, s);
    }

    /** Softmax in double. */
    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian in Java 17). */
    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        while (u1 <= 0) {
            u1 = r.nextDouble();
        }
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
