/**
 * The baseline token-attribution methods of methods.md (one class per registered method) and the small
 * pure-math pieces they share: {@link org.hetabench.core.attribution.methods.GaussLegendre} and
 * {@link org.hetabench.core.attribution.methods.Quadrature} (IG), {@link org.hetabench.core.attribution.methods.Lasso}
 * (ContextCite, Appendix B), {@link org.hetabench.core.attribution.methods.KernelShap} and
 * {@link org.hetabench.core.attribution.methods.ProgressiveCoalitions} (Progressive Inference, Appendix C),
 * {@link org.hetabench.core.attribution.methods.Rollout} (attention rollout). Every method returns raw
 * scores; normalisation is {@link org.hetabench.core.attribution.Normalisation}'s job.
 *
 * <p>May import: {@code core.attribution}, {@code core.model}, {@code core.tokenizer}, {@code core.util}.
 */
package org.hetabench.core.attribution.methods;
