package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hetabench.core.model.ForwardRequest;

/**
 * Sensitivity of an attribution to Gaussian noise on the input embeddings (spec §6.1; the HETA paper's
 * robustness test, and Yeh et al. 2019's explanation sensitivity). Unlike the HETA release, which never adds
 * noise, each of the {@code N} runs really perturbs the embeddings — {@code E_n = E + σ ξ_n} — and re-runs the
 * attribution through the supplied {@link Reattributor} on {@link ForwardRequest#ofEmbeddings}.
 * {@code sens = (1/T) Σ_i std_n(a_n[i])} (sample std) over normalised scores. Lower is better.
 */
public final class Sensitivity implements Metric {

    private final int n;
    private final double sigma;
    private final boolean relative;
    private final ImportanceNormalization normalization;
    private final MetricInfo info;

    public Sensitivity(MetricConfig config) {
        this.n = config.integer("sensitivity.N");
        if (n < 2) {
            throw new IllegalArgumentException("Metric configuration sensitivity.N=" + n
                    + " is invalid: a sample standard deviation needs at least 2 runs");
        }
        this.sigma = config.real("sensitivity.sigma");
        if (sigma < 0) {
            throw new IllegalArgumentException("Metric configuration sensitivity.sigma=" + sigma + " must be >= 0");
        }
        this.relative = config.choice("sensitivity.sigmaMode").equals("RELATIVE");
        this.normalization = config.choice("sensitivity.normalize", ImportanceNormalization.class);
        info = new MetricInfo("sensitivity", "Sensitivity", MetricInfo.Family.ROBUSTNESS,
                MetricInfo.Direction.LOWER_IS_BETTER, 0, Double.POSITIVE_INFINITY, 0, MetricInfo.Aggregation.MEAN,
                "std of normalised score", MetricInfo.Provenance.PAPER, "6.1",
                config.subset("sensitivity.N", "sensitivity.sigma", "sensitivity.sigmaMode", "sensitivity.normalize"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    @Override
    public Set<Requirement> requires() {
        return Set.of(Requirement.REATTRIBUTION);
    }

    /** {@code (1/T) Σ_i std_n(runs[n][i])}, sample std (divisor N − 1); unit test 6-A. */
    public static double fromRuns(double[][] runs) {
        int t = runs[0].length;
        double total = 0;
        for (int i = 0; i < t; i++) {
            double m = 0;
            for (double[] r : runs) {
                m += r[i] / runs.length;
            }
            double ss = 0;
            for (double[] r : runs) {
                ss += (r[i] - m) * (r[i] - m);
            }
            total += Math.sqrt(ss / (runs.length - 1));
        }
        return total / t;
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        checkRequirements(ctx);
        double[][] e = ctx.embeddings();
        double s = relative ? sigma * Perturbation.rms(e) : sigma;
        List<ForwardRequest> inputs = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Draws d = ctx.draws().stream(ctx.methodId(), DrawRole.NOISE, k);
            double[][] noisy = new double[e.length][];
            for (int i = 0; i < e.length; i++) {
                noisy[i] = new double[e[i].length];
                for (int h = 0; h < e[i].length; h++) {
                    noisy[i][h] = e[i][h] + s * d.normal();
                }
            }
            inputs.add(ForwardRequest.ofEmbeddings(noisy));
        }
        List<double[]> raw = ctx.reattributor().attributeAll(inputs);
        if (raw.size() != n) {
            throw ctx.fail(info.name(), "the re-attribution function returned " + raw.size() + " results for " + n
                    + " noisy inputs");
        }
        double[][] runs = new double[n][];
        int degenerate = 0;
        for (int k = 0; k < n; k++) {
            double[] r = raw.get(k);
            if (r.length != ctx.length()) {
                throw ctx.fail(info.name(), "the re-attribution returned " + r.length + " scores for a context of "
                        + ctx.length() + " tokens");
            }
            for (int i = 0; i < r.length; i++) {
                if (!Double.isFinite(r[i])) {
                    throw ctx.fail(info.name(), "the re-attribution of noisy run " + k + " has score " + r[i]
                            + " at position " + i);
                }
            }
            ImportanceNormalization.Result nr = normalization.apply(r);
            degenerate += nr.degenerate() ? 1 : 0;
            runs[k] = nr.values();
        }
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("sigmaUsed", s);
        c.put("degenerateRuns", (double) degenerate);
        return new MetricValue(fromRuns(runs), Double.NaN, c, Map.of());
    }
}
