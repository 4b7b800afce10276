package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Variant labels of heta.md §3. */
class VariantTest {

    @Test
    void parsesEveryFormIntoItsNumbers() {
        assertEquals(new Variant(Variant.Kind.FULL, 0, 0, 0), Variant.parse("full"));
        assertEquals(new Variant(Variant.Kind.LAST_LAYERS, 2, 0, 0), Variant.parse("LS-2"));
        assertEquals(new Variant(Variant.Kind.LOW_RANK, 0, 64, 0), Variant.parse("LR"));
        assertEquals(new Variant(Variant.Kind.LOW_RANK, 0, 32, 0), Variant.parse("lr-32"));
        assertEquals(new Variant(Variant.Kind.WINDOWED, 0, 0, 512), Variant.parse("WIN"));
        assertEquals(new Variant(Variant.Kind.WINDOWED, 0, 0, 64), Variant.parse("WIN-64"));
        assertEquals(new Variant(Variant.Kind.LOW_RANK_WINDOWED, 0, 16, 256), Variant.parse("LR-16-WIN-256"));
        assertEquals(new Variant(Variant.Kind.LOW_RANK_WINDOWED, 0, 64, 512), Variant.parse("LR+WIN"));
        assertEquals(new Variant(Variant.Kind.LOW_RANK_WINDOWED, 0, 8, 100), Variant.parse("LR-8+WIN-100"));
        assertEquals(new Variant(Variant.Kind.GRADIENT_SQUARED, 0, 0, 0), Variant.parse("gs"));
    }

    @Test
    void labelsAreCanonicalAndRoundTrip() {
        for (String s : new String[] {"full", "LS-3", "LR-64", "WIN-128", "LR-64-WIN-128", "GS", "LS-6+LR-64-WIN-512",
                "LS-2+WIN-16", "LS-4+LR-8"}) {
            assertEquals(s, Variant.parse(s).label());
        }
        assertEquals("LR-64-WIN-512", Variant.parse("lr+win").label());
    }

    @Test
    void rejectsMalformedLabels() {
        assertEquals(new Variant(Variant.Kind.LOW_RANK_WINDOWED, 6, 64, 512), Variant.parse("LS-6+LR-64+WIN-512"));
        for (String s : new String[] {"LS", "LS-0", "LR-0", "WIN-0", "LR-x", "half", "WIN-8-LR-2", "", "LS-2+GS",
                "LS-0+LR-4", "LS-2+LS-3"}) {
            String m = assertThrows(IllegalArgumentException.class, () -> Variant.parse(s)).getMessage();
            assertTrue(m.contains("heta.variant") || m.contains("needs"), s + ": " + m);
        }
    }
}
