package org.hetabench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Did-you-mean: hand-counted edit distances, and a swap of adjacent letters counted as one edit. */
class SuggestionsTest {
    @Test
    void distancesCountAdjacentSwapsAsOneEdit() {
        assertEquals(0, Suggestions.distance("heta", "heta"));
        assertEquals(1, Suggestions.distance("tabel3", "table3")); // swap 'e','l'
        assertEquals(2, Suggestions.distance("tabel3", "table13")); // insert 'l', substitute 'l'→'1'
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(4, Suggestions.distance("", "heta"));
    }

    @Test
    void aSwappedTypoSuggestsTheSwappedName() {
        assertEquals(Optional.of("table3"), Suggestions.closest("tabel3", List.of("table13", "table3", "table4")));
        assertEquals(Optional.of("integrated-gradients.steps"),
                Suggestions.closest("integrated-gradients.stpes", List.of("integrated-gradients.steps", "heta.beta")));
        assertEquals(Optional.empty(), Suggestions.closest("zzzzzz", List.of("table3")));
    }
}
