/**
 * The CLI entry point {@link org.hetabench.jobs.HetaBench} and the runtime defaults it sets before any
 * library loads.
 *
 * <p>May import: {@code jobs.cli}.
 */
package org.hetabench.jobs;
