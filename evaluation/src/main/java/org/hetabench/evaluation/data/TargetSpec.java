package org.hetabench.evaluation.data;

import java.util.List;
import java.util.Objects;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * What an instance asks the model to predict (heta.md §6).
 *
 * <p>{@link Kind#NEXT_TOKEN}: the target is the first token of {@code gold}, the continuation exactly as
 * it would follow the instance text (with its leading space, e.g. {@code " Athens"}), as the model's own
 * tokenizer splits {@code text + gold}. {@link Kind#GENERATE}: the model generates {@code tokens} tokens
 * after the text and each generated position is a target (ReAGent's sequence mode); {@code gold} may
 * hold a reference continuation for display and may be null.
 *
 * @param kind next-token or generation
 * @param gold the gold continuation (required for NEXT_TOKEN)
 * @param tokens number of tokens to generate (GENERATE), 1 for NEXT_TOKEN
 * @param references further reference answers (e.g. TellMeWhy's three crowd answers), possibly empty
 */
public record TargetSpec(Kind kind, String gold, int tokens, List<String> references) {

    /** Target kinds. */
    public enum Kind { NEXT_TOKEN, GENERATE }

    public TargetSpec {
        Objects.requireNonNull(kind, "kind");
        references = List.copyOf(references);
        if (kind == Kind.NEXT_TOKEN && (gold == null || gold.isEmpty())) {
            throw new IllegalArgumentException("A NEXT_TOKEN target needs a non-empty gold continuation");
        }
        if (kind == Kind.NEXT_TOKEN && tokens != 1) {
            throw new IllegalArgumentException("A NEXT_TOKEN target predicts 1 token, not " + tokens);
        }
        if (kind == Kind.GENERATE && tokens < 1) {
            throw new IllegalArgumentException("A GENERATE target needs tokens >= 1, got " + tokens);
        }
    }

    /** The gold continuation's first token is the target. */
    public static TargetSpec nextToken(String gold) {
        return new TargetSpec(Kind.NEXT_TOKEN, gold, 1, List.of());
    }

    /** Generate {@code tokens} tokens and attribute each; {@code references} are kept for display. */
    public static TargetSpec generate(int tokens, List<String> references) {
        return new TargetSpec(Kind.GENERATE, null, tokens, references);
    }

    /**
     * The id of the first gold token after {@code context}, as {@code tokenizer} splits
     * {@code context + gold}: the first token that ends after the context's last character.
     *
     * @throws IllegalArgumentException if this is not a NEXT_TOKEN target, or if that token also covers
     *     context characters (the tokenizer merges across the boundary, so no token is purely the answer)
     */
    public int goldFirstTokenId(Tokenizer tokenizer, String context) {
        if (kind != Kind.NEXT_TOKEN) {
            throw new IllegalArgumentException("Only a NEXT_TOKEN target has a gold first token; this one is " + kind);
        }
        Encoding e = tokenizer.encode(context + gold, false);
        int boundary = context.length();
        for (int i = 0; i < e.size(); i++) {
            if (e.starts()[i] >= 0 && e.ends()[i] > boundary) {
                if (e.starts()[i] < boundary) {
                    throw new IllegalArgumentException("Token '" + e.tokens()[i] + "' spans the end of the context and the start of the gold continuation '"
                            + gold + "'; choose an answer prompt that ends on a word boundary");
                }
                return e.ids()[i];
            }
        }
        throw new IllegalArgumentException("The gold continuation '" + gold + "' produced no token");
    }
}
