package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics of a curated build: evidence spans per instance, span lengths (characters and words), the
 * share of the support covered by evidence, segment lengths, and the quarantine reasons.
 *
 * @param instances number of instances
 * @param spansPerInstance distribution of evidence spans per instance
 * @param answerSpanChars distribution of the answer span length in characters
 * @param sharedWordsPerInstance distribution of shared-word spans per instance
 * @param evidenceShareOfSupport distribution of evidence characters / support characters
 * @param narrativeChars distribution of narrative (distractor) length
 * @param supportChars distribution of support length
 * @param truncatedSupports instances whose support is a sentence window
 * @param quarantine count per reason
 */
public record CuratedSetSummary(int instances, Stats spansPerInstance, Stats answerSpanChars, Stats sharedWordsPerInstance,
        Stats evidenceShareOfSupport, Stats narrativeChars, Stats supportChars, int truncatedSupports,
        Map<String, Integer> quarantine) {

    /**
     * min / median / mean / max of a sample.
     */
    public record Stats(double min, double median, double mean, double max) {
        static Stats of(List<Double> xs) {
            if (xs.isEmpty()) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            List<Double> s = new ArrayList<>(xs);
            Collections.sort(s);
            double sum = 0;
            for (double x : s) {
                sum += x;
            }
            int n = s.size();
            double med = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
            return new Stats(s.get(0), med, sum / n, s.get(n - 1));
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %.3g | %.3g | %.3g | %.3g |", name, min, median, mean, max);
        }
    }

    public static CuratedSetSummary of(LoadResult r) {
        List<Double> spans = new ArrayList<>();
        List<Double> answer = new ArrayList<>();
        List<Double> shared = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        List<Double> narr = new ArrayList<>();
        List<Double> sup = new ArrayList<>();
        int truncated = 0;
        for (Instance x : r.instances()) {
            spans.add((double) x.evidence().size());
            int sharedCount = 0;
            int evChars = 0;
            for (EvidenceSpan e : x.evidence()) {
                evChars += e.length();
                if (e.label().equals("answer")) {
                    answer.add((double) e.length());
                } else {
                    sharedCount++;
                }
            }
            shared.add((double) sharedCount);
            int supportLen = x.roleText(SegmentRole.EVIDENCE).length();
            share.add(supportLen == 0 ? 0.0 : (double) evChars / supportLen);
            narr.add((double) x.roleText(SegmentRole.DISTRACTOR).length());
            sup.add((double) supportLen);
            if ("true".equals(x.metadata().get("support_truncated"))) {
                truncated++;
            }
        }
        return new CuratedSetSummary(r.size(), Stats.of(spans), Stats.of(answer), Stats.of(shared), Stats.of(share),
                Stats.of(narr), Stats.of(sup), truncated, new TreeMap<>(r.quarantine().countsByReason()));
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Curated NarrativeQA⊕SciQ set: ").append(instances).append(" instances, ").append(truncatedSupports)
                .append(" with a sentence-window support\n\n| statistic | min | median | mean | max |\n|---|---:|---:|---:|---:|\n");
        sb.append(spansPerInstance.row("evidence spans per instance")).append('\n');
        sb.append(answerSpanChars.row("answer span length (chars)")).append('\n');
        sb.append(sharedWordsPerInstance.row("shared-word spans per instance")).append('\n');
        sb.append(evidenceShareOfSupport.row("evidence chars / support chars")).append('\n');
        sb.append(narrativeChars.row("narrative length (chars)")).append('\n');
        sb.append(supportChars.row("support length (chars)")).append('\n');
        sb.append("\n| quarantine reason | rows |\n|---|---:|\n");
        quarantine.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        return sb.toString();
    }
}
