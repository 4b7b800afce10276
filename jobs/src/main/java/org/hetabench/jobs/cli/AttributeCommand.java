package org.hetabench.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.Objective;
import org.hetabench.core.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attribute}: one attribution from the shell. With {@code --json} it prints the contract used by
 * scripts: {@code tokens, ids, target{id,text,logprob}, method, scores, components, variant, hvpMode,
 * passes{forward,backward,hvp}, seconds} (+ {@code metrics} when asked).
 */
@Command(name = "attribute", mixinStandardHelpOptions = true,
        description = "Attribute the model's prediction of a target token to the context tokens.")
public final class AttributeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", description = "Context text (BOS is prepended when the tokenizer has one).")
        String text;

        @Option(names = "--ids", split = ",", description = "Context token ids, e.g. 1,403,407.")
        int[] ids;
    }

    @Option(names = "--target-id", description = "Target token id (default: the model's greedy next token).")
    Integer targetId;

    @Option(names = "--target-text", description = "Target as text: its first token after the context is used.")
    String targetText;

    @Option(names = "--method", defaultValue = "heta", description = "Method name (see `list`); default ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Method parameter, repeatable (e.g. heta.hvp.samples=4).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--instance-id", defaultValue = "cli", description = "Instance id used for seeding.")
    String instanceId;

    @Option(names = "--metrics", split = ",", description = "Metrics to evaluate on this instance, e.g. soft-ns,soft-nc.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--json", description = "Print the JSON contract instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AttributionMethod m = MethodRegistry.get(method);
        try (CausalLm model = modelOptions.load()) {
            m.unusableReason(model).ifPresent(r -> {
                throw new UserErrorHandler.UserException("Method '" + method + "' cannot run on " + model.name() + ": " + r);
            });
            Tokenizer tok = model.tokenizer().orElse(null);
            int[] context = input.ids != null ? input.ids : encode(tok, input.text);
            int target = resolveTarget(model, tok, context);
            AttributionRequest req = AttributionRequest.of(model, instanceId, context, target, params, seed);
            AttributionResult res = m.attribute(req);
            Map<String, Double> metricValues = metrics.isEmpty() ? Map.of()
                    : MetricHook.evaluate(model, req, res, metrics);
            print(model, tok, req, res, metricValues);
        }
        return 0;
    }

    private int[] encode(Tokenizer tok, String text) {
        if (tok == null) {
            throw new UserErrorHandler.UserException("Model " + modelOptions.model + " has no tokenizer; pass --ids instead of --text");
        }
        return tok.encode(text, true).ids();
    }

    private int resolveTarget(CausalLm model, Tokenizer tok, int[] context) {
        if (targetId != null && targetText != null) {
            throw new UserErrorHandler.UserException("Give --target-id or --target-text, not both");
        }
        if (targetId != null) {
            return targetId;
        }
        if (targetText != null) {
            if (tok == null || input.text == null) {
                throw new UserErrorHandler.UserException("--target-text needs --text and a model tokenizer; use --target-id");
            }
            int[] full = tok.encode(input.text + targetText, true).ids();
            if (full.length <= context.length || !Arrays.equals(Arrays.copyOf(full, context.length), context)) {
                throw new UserErrorHandler.UserException("--target-text '" + targetText + "' does not start a new token after the "
                        + "context (the tokenizer merges it with the context's last token); use --target-id");
            }
            return full[context.length];
        }
        double[] z = model.lastLogits(context);
        int best = 0;
        for (int v = 1; v < z.length; v++) {
            if (z[v] > z[best]) {
                best = v;
            }
        }
        return best;
    }

    private void print(CausalLm model, Tokenizer tok, AttributionRequest req, AttributionResult res,
                       Map<String, Double> metricValues) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int[] ids = req.context();
        String[] tokens = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = tok != null ? tok.piece(ids[i]) : Integer.toString(ids[i]);
        }
        double logp = Objective.logProb(req.target()).evaluate(model.lastLogits(ids));
        String targetText = tok != null ? tok.piece(req.target()) : Integer.toString(req.target());
        if (json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode o = om.createObjectNode();
            o.set("tokens", om.valueToTree(tokens));
            o.set("ids", om.valueToTree(ids));
            ObjectNode t = o.putObject("target");
            t.put("id", req.target());
            t.put("text", targetText);
            t.put("logprob", logp);
            o.put("method", res.method());
            o.set("scores", om.valueToTree(res.scores()));
            o.set("components", om.valueToTree(res.components()));
            o.put("variant", res.variant());
            o.put("hvpMode", res.hvpMode());
            ObjectNode p = o.putObject("passes");
            p.put("forward", res.passes().forward());
            p.put("backward", res.passes().backward());
            p.put("hvp", res.passes().hvp());
            o.put("seconds", res.seconds());
            o.put("scoreType", res.scoreType().name());
            o.set("notes", om.valueToTree(res.notes()));
            if (!metricValues.isEmpty()) {
                o.set("metrics", om.valueToTree(metricValues));
            }
            out.println(om.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            out.printf("model %s  method %s  variant %s  target %d %s  log p = %.6f%n", model.name(), res.method(),
                    res.variant(), req.target(), quote(targetText), logp);
            List<String> comps = new ArrayList<>(res.components().keySet());
            StringBuilder head = new StringBuilder(String.format("%4s  %-16s %14s", "pos", "token", "score"));
            for (String c : comps) {
                head.append(String.format(" %14s", c));
            }
            out.println(head);
            for (int i = 0; i < ids.length; i++) {
                StringBuilder row = new StringBuilder(String.format("%4d  %-16s %14.6g", i, quote(tokens[i]), res.scores()[i]));
                for (String c : comps) {
                    row.append(String.format(" %14.6g", res.components().get(c)[i]));
                }
                out.println(row);
            }
            out.printf("passes: forward %d, backward %d, hvp %d; %.3f s%s%n", res.passes().forward(), res.passes().backward(),
                    res.passes().hvp(), res.seconds(), res.hvpMode() == null ? "" : "; hvp mode " + res.hvpMode());
            res.notes().forEach((k, v) -> out.println("note: " + k + " = " + v));
            metricValues.forEach((k, v) -> out.printf("metric %s = %.6g%n", k, v));
        }
        out.flush();
    }

    private static String quote(String s) {
        return "'" + s.replace("\n", "\\n") + "'";
    }
}
