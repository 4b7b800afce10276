package org.hetabench.core.tokenizer;

import java.util.List;

/**
 * Text to token ids and back, with character offsets so that evidence spans in the source text
 * can be mapped to token positions. Implementations never truncate silently: an over-long input
 * is the caller's business (the model reports its own context limit).
 */
public interface Tokenizer {

    /**
     * Encodes {@code text}.
     *
     * @param text the text, possibly empty
     * @param addBos whether to prepend the beginning-of-sequence token (if the vocabulary has one)
     * @return ids, token strings and character spans into {@code text}
     */
    Encoding encode(String text, boolean addBos);

    /** Decodes ids to text, dropping special tokens and following the vocabulary's spacing rules. */
    String decode(int[] ids);

    /** The vocabulary string of one id, as the tokenizer stores it (for display). */
    String piece(int id);

    int vocabSize();

    /** Beginning-of-sequence id, or -1 if the vocabulary has none. */
    int bosId();

    /** End-of-sequence id, or -1 if the vocabulary has none. */
    int eosId();

    /** Unknown-token id, or -1 if the vocabulary has none. */
    int unkId();

    /** Ids that are special (BOS, EOS, padding, chat markup): methods protect them by default. */
    List<Integer> specialIds();
}
