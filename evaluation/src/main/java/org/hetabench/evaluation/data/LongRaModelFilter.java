package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * Step 6 of the LongRA construction (Vafa et al. 2021, {@code rationalize_analogies.py}): keep only the
 * instances whose target the model predicts greedily both with and without the distractor. The
 * distractor is removed together with the space before it. Rejected instances go to the quarantine
 * with reason {@code model-filter}. Forwards are batched ({@link CausalLm#forward} left-pads).
 */
public final class LongRaModelFilter {
    private final CausalLm model;
    private final Tokenizer tokenizer;

    public LongRaModelFilter(CausalLm model) {
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                "Model " + model.name() + " has no tokenizer; the LongRA model filter needs one"));
    }

    /** Applies the filter; the result keeps the input's quarantine and adds the rejected instances. */
    public LoadResult apply(LoadResult in) {
        List<ForwardRequest> batch = new ArrayList<>();
        int[] targets = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            Instance x = in.instances().get(i);
            targets[i] = x.target().goldFirstTokenId(tokenizer, x.text());
            batch.add(ForwardRequest.ofIds(tokenizer.encode(x.text(), true).ids()));
            batch.add(ForwardRequest.ofIds(tokenizer.encode(withoutDistractor(x), true).ids()));
        }
        List<ForwardResult> res = model.forward(batch);
        Quarantine q = new Quarantine();
        q.addAll(in.quarantine());
        List<Instance> kept = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            int with = argmax(res.get(2 * i).lastLogits());
            int without = argmax(res.get(2 * i + 1).lastLogits());
            Instance x = in.instances().get(i);
            if (with == targets[i] && without == targets[i]) {
                kept.add(x);
            } else {
                q.add(in.dataset(), x.id(), "model-filter", model.name() + " predicts '" + tokenizer.piece(with)
                        + "' with and '" + tokenizer.piece(without) + "' without the distractor; target '"
                        + tokenizer.piece(targets[i]) + "'");
            }
        }
        return new LoadResult(in.dataset(), kept, q);
    }

    /** The instance text with each distractor segment and the one space before it removed. */
    static String withoutDistractor(Instance x) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : x.segments()) {
            if (s.role() == SegmentRole.DISTRACTOR) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                    sb.setLength(sb.length() - 1);
                }
            } else {
                sb.append(x.text(s));
            }
        }
        return sb.toString();
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
