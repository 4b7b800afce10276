package org.hetabench.core.attribution;

import java.util.Set;

/**
 * Registry metadata of a method.
 *
 * @param name registry name in lower-kebab-case, as used in YAML and on the command line
 * @param reference the paper (and equation/section) the method implements
 * @param capabilities what it needs or does
 * @param scoreType the declared sign/normalisation of its raw scores
 * @param summary one line for {@code list}
 */
public record MethodInfo(String name, String reference, Set<Capability> capabilities, ScoreType scoreType,
                         String summary) {
    public MethodInfo {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("method name must be lower-kebab-case: " + name);
        }
        capabilities = Set.copyOf(capabilities);
    }
}
