package org.hetabench.core.model;

/**
 * A scalar function of the last-position logits, the thing gradients and Hessians are taken of.
 *
 * @param kind which functional
 * @param target the target id y
 * @param contrast the contrast id y' for {@link Kind#PAIR}, otherwise -1
 */
public record Objective(Kind kind, int target, int contrast) {

    /** The functionals of methods.md §1.1. */
    public enum Kind {
        /** {@code z_y - logsumexp z}. */
        LOGPROB,
        /** {@code exp(LOGPROB)}. */
        PROB,
        /** The raw logit {@code z_y}. */
        LOGIT,
        /** {@code z_y - logsumexp_{v != y} z_v}. */
        LOGITPROB,
        /** {@code tanh((z_y - z_y') / 2)}. */
        PAIR
    }

    public Objective {
        if (target < 0) {
            throw new IllegalArgumentException("target id must be >= 0, got " + target);
        }
        if (kind == Kind.PAIR && contrast < 0) {
            throw new IllegalArgumentException("PAIR needs a contrast id");
        }
    }

    public static Objective logProb(int target) {
        return new Objective(Kind.LOGPROB, target, -1);
    }

    /** Evaluates the functional on one logits row in double precision. */
    public double evaluate(double[] logits) {
        switch (kind) {
            case LOGIT:
                return logits[target];
            case PAIR:
                return Math.tanh((logits[target] - logits[contrast]) / 2);
            default:
                break;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double sumOthers = 0;
        for (int v = 0; v < logits.length; v++) {
            double e = Math.exp(logits[v] - max);
            sum += e;
            if (v != target) {
                sumOthers += e;
            }
        }
        double lp = logits[target] - max - Math.log(sum);
        switch (kind) {
            case LOGPROB:
                return lp;
            case PROB:
                return Math.exp(lp);
            case LOGITPROB:
                return logits[target] - max - Math.log(sumOthers);
            default:
                throw new AssertionError(kind);
        }
    }
}
