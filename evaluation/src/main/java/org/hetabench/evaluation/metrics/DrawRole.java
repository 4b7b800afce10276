package org.hetabench.evaluation.metrics;

/** The random streams of spec §1.6; each gets its own seed. */
public enum DrawRole { MASK_SUFF, MASK_COMP, RANDOM_IMPORTANCE, DECODING, REPLACEMENT, NOISE, SUBSET, BOOTSTRAP }
