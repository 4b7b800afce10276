package org.hetabench.jobs.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hetabench.jobs.store.TargetRow;
import org.junit.jupiter.api.Test;

/** A 200-token page whose last token dominates: the robust page is visibly coloured, wrapped, and marks the clip. */
class HeatmapPageScaleTest {
    static TargetRow dominated() {
        List<String> tokens = new ArrayList<>();
        int[] ids = new int[200];
        double[] scores = new double[200];
        for (int i = 0; i < 200; i++) {
            tokens.add(i == 199 ? "?" : " w" + i);
            ids[i] = i;
            scores[i] = i == 199 ? 37.0 : (i % 100) / 99.0;
        }
        return new TargetRow("m", "d", "i", 200, 7, "heta", "default", 0, tokens, ids, new int[0], scores, "NONNEG",
                Map.of(), "full", "CENTRAL_DIFFERENCE", Map.of(), 0.1, null, null);
    }

    static double visibleShare(String html) {
        Matcher m = Pattern.compile("<span class=\"tok[^\"]*\" style=\"background:#(\\w\\w)(\\w\\w)(\\w\\w)\"").matcher(html);
        int all = 0;
        int visible = 0;
        while (m.find()) {
            all++;
            int min = Math.min(Integer.parseInt(m.group(1), 16),
                    Math.min(Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16)));
            visible += min <= 0.9 * 255 ? 1 : 0;
        }
        assertEquals(200, all);
        return visible / (double) all;
    }

    @Test
    void robustPageColoursAQuarterOfTokensAndMaxPageDoesNot() {
        String robust = HeatmapPage.single(dominated(), "!", Map.of(), ScoreScale.Rule.defaults());
        String max = HeatmapPage.single(dominated(), "!", Map.of(), ScoreScale.Rule.max());
        assertTrue(visibleShare(robust) >= 0.25, "robust " + visibleShare(robust));
        assertTrue(visibleShare(max) < 0.25, "max " + visibleShare(max));
        assertTrue(robust.contains("tok dark clipped"), "the dominant token is marked clipped");
        assertTrue(robust.contains("98th percentile of |score|"));
        assertFalse(max.contains(" clipped\""));
        assertFalse(robust.contains("<table class=\"cmp\""), "no token table");
    }
}
