/**
 * The attribution-method contract: {@link org.hetabench.core.attribution.AttributionMethod}, its request
 * and result, parameter reading and validation ({@link org.hetabench.core.attribution.ParamReader}) and the
 * {@link java.util.ServiceLoader} registry of the methods.
 *
 * <p>May import: {@code core.model}, {@code core.util}.
 */
package org.hetabench.core.attribution;
