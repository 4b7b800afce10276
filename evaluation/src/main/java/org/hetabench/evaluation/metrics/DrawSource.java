package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.util.Seeds;

/**
 * Where a metric's random streams come from (spec §1.6). The production source derives every stream's
 * seed as {@code fold(masterSeed, instanceId, stepIndex, methodId, role, sampleIndex)} with SplitMix64
 * ({@link Seeds}); tests inject fixed uniform/normal arrays instead so that results are exact.
 */
public interface DrawSource {

    /**
     * The stream of one (scope, role, sample).
     *
     * @param scope the method id, or a shared scope such as {@code random-baseline}
     * @param role the role of the draws
     * @param sample the sample index (mask number, draw number)
     */
    Draws stream(String scope, DrawRole role, int sample);

    /** Seeded streams: {@code SplittableRandom(fold(Seeds.of(seed, instance, step, scope, role), sample))}. */
    static DrawSource seeded(long masterSeed, String instanceId, int stepIndex) {
        return (scope, role, sample) -> {
            SplittableRandom r = new SplittableRandom(
                    Seeds.fold(Seeds.of(masterSeed, instanceId, stepIndex, scope, role.name()), sample));
            return new Draws() {
                @Override
                public double uniform() {
                    return r.nextDouble();
                }

                @Override
                public double normal() {
                    return r.nextGaussian();
                }
            };
        };
    }

    /**
     * Injected values for tests: per role, the values handed out in order (across scopes and samples, in
     * the order streams are requested and consumed). Running out is an error naming the role.
     */
    static Injected injected() {
        return new Injected();
    }

    /** A test source: fixed uniforms/normals per role, consumed in order. */
    final class Injected implements DrawSource {
        private final Map<DrawRole, List<Double>> values = new EnumMap<>(DrawRole.class);
        private final Map<DrawRole, int[]> cursor = new EnumMap<>(DrawRole.class);

        private Injected() {}

        /** Appends values (uniforms or normals, as the role consumes them) for {@code role}. */
        public Injected with(DrawRole role, double... v) {
            List<Double> l = values.computeIfAbsent(role, r -> new ArrayList<>());
            for (double x : v) {
                l.add(x);
            }
            return this;
        }

        @Override
        public Draws stream(String scope, DrawRole role, int sample) {
            return new Draws() {
                private double next() {
                    List<Double> l = values.get(role);
                    int[] c = cursor.computeIfAbsent(role, r -> new int[1]);
                    if (l == null || c[0] >= l.size()) {
                        throw new IllegalStateException("injected draws for role " + role + " are exhausted after "
                                + c[0] + " values");
                    }
                    return l.get(c[0]++);
                }

                @Override
                public double uniform() {
                    return next();
                }

                @Override
                public double normal() {
                    return next();
                }
            };
        }

        /** How many values of {@code role} were consumed. */
        public int consumed(DrawRole role) {
            int[] c = cursor.get(role);
            return c == null ? 0 : c[0];
        }
    }
}
