/**
 * Suite configuration: the YAML layers (code defaults &lt; base.yaml &lt; model preset &lt; suite &lt;
 * {@code --set}), model presets and dataset specs, with errors that name the file and key.
 *
 * <p>May import: {@code core.util}.
 */
package org.hetabench.jobs.config;
