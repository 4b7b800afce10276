package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.Objective;

/**
 * Occlusion / leave-one-out (Zeiler &amp; Fergus 2014, as Captum's Occlusion with a one-token window in
 * inseq; methods.md §2.5): {@code s_i = F(y|x) − F(y|x with i occluded)} for every non-protected
 * position, all occluded copies in one batched forward. Operators (methods.md §1.7): {@code replace}
 * with a token, {@code embed-zero}, {@code delete}, {@code attn-mask}. Score {@code kl} gives
 * {@code KL(P(·|x) || P(·|x_i))} instead of the difference (HETA's KL-term style, a variant only).
 */
public final class Occlusion implements AttributionMethod {
    public static final String NAME = "occlusion";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Zeiler & Fergus 2014; Captum/inseq occlusion; methods.md §2.5",
            EnumSet.noneOf(Capability.class), ScoreType.SIGNED, "leave-one-out change of the target functional");

    static final List<String> OPERATORS = List.of("replace", "embed-zero", "delete", "attn-mask");

    /**
     * @param operator how one position is occluded
     * @param replacement for {@code replace}: {@code unk}, {@code eos}, {@code bos} or a token id
     * @param functional target functional F (clean: {@code logprob}; inseq: {@code prob})
     * @param score {@code difference} or {@code kl}
     * @param absolute report {@code |Δ|} (inseq)
     */
    public record Params(String operator, String replacement, Objective.Kind functional, String score, boolean absolute) {
        public Params {
            Objects.requireNonNull(functional, "functional");
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException(NAME + ".operator must be one of " + OPERATORS + ", got " + operator);
            }
            if (!List.of("unk", "eos", "bos").contains(replacement) && !replacement.matches("\\d+")) {
                throw new IllegalArgumentException(NAME + ".replacement must be unk, eos, bos or a token id, got "
                        + replacement);
            }
            if (!List.of("difference", "kl").contains(score)) {
                throw new IllegalArgumentException(NAME + ".score must be difference or kl, got " + score);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("operator", "replace", OPERATORS), r.string("replacement", "unk"),
                    Logits.functional(r, "functional", "logprob"),
                    r.choice("score", "difference", List.of("difference", "kl")), r.bool("absolute", false));
            r.finish();
            return p;
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
    }

    @Override
    public void validate(Map<String, String> params) {
        Params.from(params);
    }

    @Override
    public AttributionResult attribute(AttributionRequest request) {
        Params p = Params.from(request.params());
        CausalLm model = request.model();
        RunMeter meter = RunMeter.start(model);
        int[] x = request.context();
        int n = x.length;
        int[] players = Players.of(request);
        int token = p.operator().equals("replace") ? replacementId(model, p.replacement()) : -1;
        double[][] e = p.operator().equals("embed-zero") ? model.embed(x) : null;
        List<ForwardRequest> rows = new ArrayList<>(players.length + 1);
        rows.add(ForwardRequest.ofIds(x));
        for (int i : players) {
            Players.assertPerturbable(request, i);
            switch (p.operator()) {
                case "replace": {
                    int[] y = x.clone();
                    y[i] = token;
                    rows.add(ForwardRequest.ofIds(y));
                    break;
                }
                case "embed-zero": {
                    double[][] z = Players.copy(e);
                    java.util.Arrays.fill(z[i], 0);
                    rows.add(ForwardRequest.ofEmbeddings(z));
                    break;
                }
                case "delete": {
                    boolean[] rm = new boolean[n];
                    rm[i] = true;
                    int[] y = Players.delete(x, rm);
                    if (y.length == 0) {
                        throw new IllegalArgumentException("occlusion with operator=delete cannot delete the only "
                                + "token of instance '" + request.instanceId() + "'; protect it or use replace");
                    }
                    rows.add(ForwardRequest.ofIds(y));
                    break;
                }
                case "attn-mask": {
                    boolean[][] mask = new boolean[n][n];
                    for (int q = 0; q < n; q++) {
                        for (int k = 0; k <= q; k++) {
                            mask[q][k] = k != i || q == i;
                        }
                    }
                    rows.add(ForwardRequest.ofIds(x).withKeyMask(mask));
                    break;
                }
                default:
                    throw new AssertionError(p.operator());
            }
        }
        List<ForwardResult> out = model.forward(rows);
        Objective obj = new Objective(p.functional(), request.target(), -1);
        double[] z0 = out.get(0).lastLogits();
        double base = obj.evaluate(z0);
        double[] s = new double[n];
        for (int k = 0; k < players.length; k++) {
            double[] zi = out.get(k + 1).lastLogits();
            double v = p.score().equals("kl") ? Logits.klFromLogits(z0, zi) : base - obj.evaluate(zi);
            s[players[k]] = p.absolute() ? Math.abs(v) : v;
        }
        meter.note("operator", p.operator() + (token >= 0 ? "(" + token + ")" : ""))
                .note("functional", p.functional().name().toLowerCase()).note("base-value", base);
        boolean signed = p.score().equals("difference") && !p.absolute();
        return meter.finish(NAME, s, signed ? ScoreType.SIGNED : ScoreType.NONNEG, p.operator() + "-" + p.score());
    }

    static int replacementId(CausalLm model, String replacement) {
        if (replacement.matches("\\d+")) {
            int id = Integer.parseInt(replacement);
            if (id >= model.config().vocabSize()) {
                throw new IllegalArgumentException(NAME + ".replacement=" + id + " is outside the vocabulary of "
                        + model.name());
            }
            return id;
        }
        var tok = model.tokenizer().orElseThrow(() -> new IllegalArgumentException(NAME + ".replacement="
                + replacement + " needs the model's tokenizer, and " + model.name()
                + " has none; give a token id (replacement=<id>) or use operator=embed-zero"));
        int id = switch (replacement) {
            case "unk" -> tok.unkId();
            case "eos" -> tok.eosId();
            default -> tok.bosId();
        };
        if (id < 0) {
            throw new IllegalArgumentException("The tokenizer of " + model.name() + " has no " + replacement
                    + " token; set " + NAME + ".replacement to another token or a token id");
        }
        return id;
    }
}
