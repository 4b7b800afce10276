/**
 * HETA, Hessian-Enhanced Token Attribution (Pramanik, Maliha, Bastian, Jha, ICLR 2026,
 * arXiv 2604.13258), as fixed by {@code spec/heta.md}: the transition gate {@link
 * org.hetabench.core.attribution.heta.TransitionGate}, the curvature term {@link
 * org.hetabench.core.attribution.heta.CurvatureSensitivity} (its low-rank stand-ins in {@link
 * org.hetabench.core.attribution.heta.LowRankCurvature}), the information term {@link
 * org.hetabench.core.attribution.heta.InformationTerm}, their combination and variants in {@link
 * org.hetabench.core.attribution.heta.Heta}, and the speed benchmark {@link
 * org.hetabench.core.attribution.heta.HetaBenchmark}.
 *
 * <p>May import: {@code core.attribution}, {@code core.model}, {@code core.tokenizer}.
 */
package org.hetabench.core.attribution.heta;
