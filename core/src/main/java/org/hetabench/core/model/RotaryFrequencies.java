package org.hetabench.core.model;

/** Inverse rotary frequencies, with Llama 3.1 scaling when configured. */
final class RotaryFrequencies {
    private RotaryFrequencies() {}

    /**
     * {@code inv_freq[j] = theta^(-2j / rotaryDim)}, then, for Llama 3.1, long wavelengths are divided by
     * {@code factor} and the band between the low- and high-frequency wavelengths is interpolated
     * (Hugging Face {@code _compute_llama3_parameters}).
     */
    static double[] inverseFrequencies(ModelConfig.Rope rope) {
        int half = rope.rotaryDim() / 2;
        double[] inv = new double[half];
        for (int j = 0; j < half; j++) {
            inv[j] = 1.0 / Math.pow(rope.theta(), (2.0 * j) / rope.rotaryDim());
        }
        ModelConfig.Llama3Scaling s = rope.scaling();
        if (s == null) {
            return inv;
        }
        double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
        for (int j = 0; j < half; j++) {
            double wavelen = 2 * Math.PI / inv[j];
            if (wavelen > lowWavelen) {
                inv[j] = inv[j] / s.factor();
            } else if (wavelen >= highWavelen) {
                double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                inv[j] = (1 - smooth) * inv[j] / s.factor() + smooth * inv[j];
            }
        }
        return inv;
    }
}
