package org.hetabench.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.generation.Generator;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code generate}: continue a prompt. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with greedy or sampled decoding.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt", defaultValue = "", description = "Prompt text (default: empty, i.e. start from BOS).")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 disables (default).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "1 disables (default).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", description = "1 disables (default).")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", description = "Sampler seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-bos", description = "Do not prepend the BOS token.")
    boolean noBos;

    @Option(names = "--json", description = "Print JSON (prompt ids, generated ids, text).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (CausalLm model = modelOptions.load()) {
            Tokenizer tok = model.tokenizer().orElseThrow(() -> new UserErrorHandler.UserException(
                    "Model " + modelOptions.model + " has no tokenizer (tokenizer.json or tok*.bin); generate needs one"));
            int[] promptIds = tok.encode(prompt, !noBos).ids();
            if (promptIds.length == 0) {
                throw new UserErrorHandler.UserException("Empty prompt and --no-bos: nothing to continue from");
            }
            DecodingConfig cfg = new DecodingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, true);
            int[] gen = new Generator(model).generate(promptIds, cfg);
            int[] all = new int[promptIds.length + gen.length];
            System.arraycopy(promptIds, 0, all, 0, promptIds.length);
            System.arraycopy(gen, 0, all, promptIds.length, gen.length);
            String text = tok.decode(all);
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode o = m.createObjectNode();
                o.put("model", model.name());
                o.set("promptIds", m.valueToTree(promptIds));
                o.set("ids", m.valueToTree(gen));
                o.put("text", text);
                o.put("continuation", tok.decode(gen));
                out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                out.println(text);
            }
            out.flush();
        }
        return 0;
    }
}
