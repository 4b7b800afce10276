/**
 * Small helpers without dependencies: seed derivation ({@link org.hetabench.core.util.Seeds}) and
 * "did you mean" suggestions ({@link org.hetabench.core.util.Suggestions}).
 *
 * <p>May import: nothing of ours.
 */
package org.hetabench.core.util;
