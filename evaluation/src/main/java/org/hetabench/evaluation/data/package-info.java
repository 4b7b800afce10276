/**
 * Datasets of the benchmark: manifests ({@code data-manifests/*.yaml}) that name each file's official
 * source, checksum and license; a {@link org.hetabench.evaluation.data.Resolver} that finds the files
 * in local mirrors or a cache (downloading only when allowed) and verifies every sha256; one instance
 * schema ({@link org.hetabench.evaluation.data.Instance}) with role-labelled text segments, a target
 * spec and character-span evidence that maps to token positions through the tokenizer's offsets; one
 * loader per dataset, each sending bad rows to a {@link org.hetabench.evaluation.data.Quarantine}
 * with a reason; the {@link org.hetabench.evaluation.data.CuratedSetBuilder} that builds the
 * NarrativeQA⊕SciQ set from real data; and the {@link org.hetabench.evaluation.data.DatasetCatalog}
 * behind the CLI's {@code datasets} command.
 *
 * <p>May import: {@code core.model}, {@code core.tokenizer}, {@code core.util}.
 */
package org.hetabench.evaluation.data;
