/**
 * The picocli subcommands: each parses its options, calls the jobs and prints; user errors exit 2 with
 * one line that names the file, key or instance.
 *
 * <p>May import: {@code core.attribution}, {@code core.attribution.heta}, {@code core.generation}, {@code core.io}, {@code core.model}, {@code core.tokenizer}, {@code evaluation.data}, {@code evaluation.metrics}, {@code jobs.analysis}, {@code jobs.bench}, {@code jobs.config}, {@code jobs.report}, {@code jobs.report.html}, {@code jobs.report.plot}, {@code jobs.store}.
 */
package org.hetabench.jobs.cli;
