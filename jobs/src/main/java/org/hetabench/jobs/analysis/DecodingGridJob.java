package org.hetabench.jobs.analysis;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hetabench.evaluation.metrics.DecodingGridDelta;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.jobs.bench.BenchInstance;
import org.hetabench.jobs.bench.BenchmarkJob;
import org.hetabench.jobs.bench.GridDecoding;
import org.hetabench.jobs.bench.InstanceSource;
import org.hetabench.jobs.bench.MetricEvaluator;
import org.hetabench.jobs.bench.RunPlanner;
import org.hetabench.jobs.bench.WorkItem;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunStore;

/**
 * The {@code grid} job: the decoding-grid robustness Δ% of metrics.md §7 (the paper's Tables 2 and 11).
 * Every instance becomes a generated-target instance; each decoding setting of the grid, plus the greedy
 * reference, chooses the generated text (and so the targets) with a sampler seeded from the run seed
 * (§7.2). The work items — model × dataset × instance × method × method cell × decoding setting × seed —
 * run through the ordinary {@link BenchmarkJob} (sharding, resume, failure rows), with the decoding
 * setting in the item's cell label ({@code <method cell> @ <decoding>}). Attribution and metrics always see
 * the raw model distribution.
 *
 * <p>Per (model, dataset, method, method cell, metric): {@code M(c, s)} is the dataset-level value (mean over
 * instances of the per-instance mean over targets) under setting c and seed s; {@code M̄_c} the mean over
 * seeds; {@code M_ref} the greedy value averaged over the same seeds; Δ% from
 * {@link DecodingGridDelta#compute}. Results: {@code tables/grid/run_id=ID/} and {@code <output>/<ID>/grid.md}.
 */
public final class DecodingGridJob {
    /** Separator of method cell and decoding label in a grid item's cell. */
    public static final String CELL_SEPARATOR = " @ ";

    /** The grid's axes. */
    public record Axes(List<Double> temperatures, List<Double> topPs, List<Integer> topKs, List<Double> penalties) {
        public Axes {
            if (temperatures.isEmpty() || topPs.isEmpty() || topKs.isEmpty() || penalties.isEmpty()) {
                throw new IllegalArgumentException("Every decoding-grid axis needs at least one value (temperature, top-p,"
                        + " top-k, repetition penalty)");
            }
            for (double t : temperatures) {
                if (!(t > 0)) {
                    throw new IllegalArgumentException("Decoding-grid temperatures must be > 0 (greedy is the reference,"
                            + " always run), got " + t);
                }
            }
            temperatures = List.copyOf(temperatures);
            topPs = List.copyOf(topPs);
            topKs = List.copyOf(topKs);
            penalties = List.copyOf(penalties);
        }

        /** The paper's 3 × 3 × 3 × 2 = 54 settings. */
        public static Axes paper() {
            return new Axes(List.of(0.2, 0.5, 0.9), List.of(0.8, 0.9, 0.95), List.of(20, 50, 100), List.of(1.0, 1.2));
        }

        /** The settings, temperature-major (as {@link DecodingGridDelta#paperGrid}). */
        public List<GridDecoding> settings(int steps) {
            List<GridDecoding> out = new ArrayList<>();
            for (double t : temperatures) {
                for (double p : topPs) {
                    for (int k : topKs) {
                        for (double r : penalties) {
                            out.add(new GridDecoding(t, p, k, r, steps));
                        }
                    }
                }
            }
            return out;
        }
    }

    /**
     * The protocol options: the axes plus metric configuration keys {@code grid.reference},
     * {@code grid.statistic}, {@code grid.targets}, {@code grid.maxNewTokens}, {@code grid.maxInstances},
     * {@code grid.absFloor} read from the suite's {@code metricParams}.
     */
    public record Options(Axes axes, DecodingGridDelta.Reference reference, DecodingGridDelta.Statistic statistic,
                          int targetsPerInstance, int maxInstances, double absFloor) {
        public static Options of(Axes axes, java.util.Map<String, String> metricParams) {
            MetricConfig c = MetricConfig.of(metricParams);
            int steps = c.choice("grid.targets").equals("SEQUENCE") ? c.integer("grid.maxNewTokens") : 1;
            return new Options(axes, c.choice("grid.reference", DecodingGridDelta.Reference.class),
                    c.choice("grid.statistic", DecodingGridDelta.Statistic.class), steps, c.integer("grid.maxInstances"),
                    c.real("grid.absFloor"));
        }
    }

    /** One Δ% number. */
    public record Delta(String model, String dataset, String method, String cell, String metric, double deltaPercent,
                        double absoluteChange, double reference, int configs, int seeds, String note) {}

    /** Per (model, dataset, method, cell, metric, decoding setting): seed → dataset-level value. */
    public record CellValues(String model, String dataset, String method, String cell, String metric, String decoding,
                             Map<Long, Double> perSeed) {
        public double mean() {
            return perSeed.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** The planned items and the quarantine counts. */
    public record Plan(List<WorkItem> items, Map<String, Long> quarantined, List<GridDecoding> settings) {}

    private DecodingGridJob() {}

    /** Expands a suite into grid work items (the greedy reference first, then every setting). */
    public static Plan plan(SuiteConfig cfg, String runId, Options opt, InstanceSource source,
                            Function<ModelPreset, RunPlanner.ModelInfo> models) {
        RunPlanner.requireValid(cfg);
        List<GridDecoding> settings = new ArrayList<>();
        settings.add(GridDecoding.greedy(opt.targetsPerInstance()));
        settings.addAll(opt.axes().settings(opt.targetsPerInstance()));
        List<WorkItem> items = new ArrayList<>();
        Map<String, Long> quarantined = new LinkedHashMap<>();
        for (ModelPreset model : cfg.models()) {
            RunPlanner.ModelInfo info = models.apply(model);
            for (DatasetSpec ds : cfg.datasets()) {
                InstanceSource.Batch batch = source.instances(ds, info.tokenizer(), info.maxContext(), 0L);
                batch.quarantined().forEach((reason, n) -> quarantined.merge(ds.name() + ": " + reason, n, Long::sum));
                // The same subsample of prompts for every method and setting (§7.3, grid.maxInstances).
                List<BenchInstance> chosen = batch.instances().subList(0, Math.min(opt.maxInstances(), batch.instances().size()));
                for (BenchInstance inst : chosen) {
                    BenchInstance generated = new BenchInstance(inst.dataset(), inst.instanceId(), inst.context(), -1,
                            opt.targetsPerInstance(), inst.evidence(), inst.protectedPositions(), inst.segments(), inst.metadata());
                    for (String method : cfg.methods()) {
                        for (Map<String, String> cell : cfg.cellsFor(method)) {
                            for (GridDecoding d : settings) {
                                for (long seed : cfg.seeds()) {
                                    items.add(new WorkItem(runId, model, generated, method,
                                            SuiteConfig.cellLabel(cell) + CELL_SEPARATOR + d.label(),
                                            RunPlanner.paramsFor(cfg, model, method, cell), seed, d));
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Plan(items, quarantined, settings);
    }

    /**
     * Runs the planned items, then computes and writes the Δ% table and grid.md.
     *
     * @param provenance the run's provenance, collected once by the caller (weights and manifest hashes)
     */
    public static List<Delta> run(SparkSession spark, SuiteConfig cfg, String runId, Plan plan, Options opt,
                                  Map<String, String> provenance, MetricEvaluator evaluator, PrintStream progress,
                                  Optional<PaperTable> paper) {
        if (cfg.metrics().isEmpty()) {
            throw new IllegalArgumentException("Suite '" + cfg.name() + "' lists no metrics: the decoding grid needs at least"
                    + " one (e.g. --set metrics=[soft-nc])");
        }
        RunStore files = new RunStore(spark, cfg.output());
        Map<String, String> runJson = new LinkedHashMap<>(provenance);
        runJson.put("job", "grid");
        runJson.put("grid_settings", Integer.toString(plan.settings().size() - 1));
        files.writeRunJson(runId, runJson);
        new BenchmarkJob(cfg, evaluator, progress).run(spark, runId, plan.items(), plan.quarantined());
        List<CellValues> cells = cellValues(files.attributions(runId));
        List<Delta> deltas = deltas(cells, opt, plan.settings().size() - 1);
        write(spark, cfg.output(), runId, deltas);
        files.writeText(files.human(runId, "grid.md"), markdown(runId, cfg, opt, plan.settings(), deltas, cells, paper));
        return deltas;
    }

    /** The per-setting, per-seed dataset-level values of a grid run. */
    public static List<CellValues> cellValues(Dataset<Row> attributions) {
        Map<List<String>, Map<Long, Double>> m = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Row r : SeedAggregates.perSeed(attributions).collectAsList()) {
            String cell = r.getString(3);
            int at = cell.lastIndexOf(CELL_SEPARATOR);
            if (at < 0) {
                throw new IllegalArgumentException("Cell '" + cell + "' of run rows is not a decoding-grid cell ('<method cell>"
                        + CELL_SEPARATOR + "<decoding>'): is this a grid run?");
            }
            List<String> k = List.of(r.getString(0), r.getString(1), r.getString(2), cell.substring(0, at), r.getString(5),
                    cell.substring(at + CELL_SEPARATOR.length()));
            m.computeIfAbsent(k, x -> new TreeMap<>()).put(r.getLong(4), r.isNullAt(6) ? Double.NaN : r.getDouble(6));
        }
        List<CellValues> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new CellValues(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), v)));
        return out;
    }

    /** Δ% per (model, dataset, method, cell, metric) from the per-setting values. */
    public static List<Delta> deltas(List<CellValues> cells, Options opt, int expectedConfigs) {
        Map<List<String>, List<CellValues>> groups = new LinkedHashMap<>();
        for (CellValues c : cells) {
            groups.computeIfAbsent(List.of(c.model(), c.dataset(), c.method(), c.cell(), c.metric()), x -> new ArrayList<>())
                    .add(c);
        }
        String greedy = GridDecoding.greedy(opt.targetsPerInstance()).label();
        List<Delta> out = new ArrayList<>();
        groups.forEach((k, list) -> {
            CellValues ref = list.stream().filter(c -> c.decoding().equals(greedy)).findFirst().orElse(null);
            List<CellValues> grid = list.stream().filter(c -> !c.decoding().equals(greedy)).toList();
            Set<Integer> seedCounts = new LinkedHashSet<>();
            list.forEach(c -> seedCounts.add(c.perSeed().size()));
            List<String> notes = new ArrayList<>();
            if (ref == null) {
                notes.add("no greedy reference values");
            }
            if (grid.size() != expectedConfigs) {
                notes.add(grid.size() + " of " + expectedConfigs + " settings have values");
            }
            if (seedCounts.size() > 1) {
                notes.add("settings have different seed counts " + seedCounts);
            }
            double[] means = grid.stream().mapToDouble(CellValues::mean).toArray();
            boolean undefined = ref == null || means.length == 0 || Double.isNaN(ref.mean())
                    || java.util.Arrays.stream(means).anyMatch(Double::isNaN);
            if (undefined && ref != null) {
                notes.add("a setting's value is undefined (NaN)");
            }
            DecodingGridDelta.Result r = undefined ? new DecodingGridDelta.Result(Double.NaN, Double.NaN, Double.NaN)
                    : DecodingGridDelta.compute(ref.mean(), means, opt.reference(), opt.statistic(), opt.absFloor());
            out.add(new Delta(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), r.deltaPercent(), r.absoluteChange(),
                    r.reference(), grid.size(), seedCounts.stream().mapToInt(Integer::intValue).max().orElse(0),
                    String.join("; ", notes)));
        });
        return out;
    }

    static final StructType SCHEMA = new StructType()
            .add("model", DataTypes.StringType, false).add("dataset", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false).add("cell", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false).add("delta_percent", DataTypes.DoubleType, false)
            .add("absolute_change", DataTypes.DoubleType, false).add("reference", DataTypes.DoubleType, false)
            .add("configs", DataTypes.IntegerType, false).add("seeds", DataTypes.IntegerType, false)
            .add("note", DataTypes.StringType, false);

    private static void write(SparkSession spark, String output, String runId, List<Delta> deltas) {
        List<Row> rows = new ArrayList<>();
        for (Delta d : deltas) {
            rows.add(RowFactory.create(d.model(), d.dataset(), d.method(), d.cell(), d.metric(), d.deltaPercent(),
                    d.absoluteChange(), d.reference(), d.configs(), d.seeds(), d.note()));
        }
        // Written straight into this run's partition directory, so other runs' partitions are never touched.
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(RunStore.table(output, "grid") + "/run_id=" + runId);
    }

    static String markdown(String runId, SuiteConfig cfg, Options opt, List<GridDecoding> settings, List<Delta> deltas,
                           List<CellValues> cells, Optional<PaperTable> paper) {
        StringBuilder sb = new StringBuilder("# Decoding-grid sensitivity Δ%: run ").append(runId).append(" (suite ")
                .append(cfg.name()).append(")\n\n");
        sb.append(String.format(Locale.ROOT, "- Grid: temperature %s × top-p %s × top-k %s × repetition penalty %s = %d"
                        + " settings, seeds %s; reference: greedy decoding over the same seeds.%n",
                opt.axes().temperatures(), opt.axes().topPs(), opt.axes().topKs(), opt.axes().penalties(),
                settings.size() - 1, cfg.seeds()));
        sb.append(String.format(Locale.ROOT, "- Targets: %d generated token(s) per instance (grid.targets), at most %d"
                        + " instances per dataset; attribution and metrics use the raw model distribution (metrics.md §7.2).%n",
                opt.targetsPerInstance(), opt.maxInstances()));
        sb.append("- Δ% = 100 · " + (opt.statistic() == DecodingGridDelta.Statistic.RANGE
                ? "(max_c M̄_c − min_c M̄_c) / max(|mean_c M̄_c|, absFloor)"
                : "max_c |M̄_c − M_ref| / max(|M_ref|, absFloor)") + " with M_ref = "
                + (opt.reference() == DecodingGridDelta.Reference.GREEDY ? "greedy" : "the grid mean")
                + ", absFloor = " + opt.absFloor() + " (metrics.md §7.3). Lower is better. The absolute change is shown"
                + " next to it because Δ% explodes near 0.\n");
        paper.ifPresent(p -> sb.append("- Paper: Table ").append(p.table()).append(" as printed (")
                .append(p.source().getFileName()).append("); its numbers pool all datasets.\n"));
        sb.append("\n## Δ% per method and metric\n\n| model | dataset | method | cell | metric | Δ% | abs. change | M_ref |"
                + (paper.isPresent() ? " paper Δ% |" : "") + " settings | seeds | note |\n|---|---|---|---|---|---|---|---|"
                + (paper.isPresent() ? "---|" : "") + "---|---|---|\n");
        for (Delta d : deltas) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%s %d | %d | %s |%n", d.model(),
                    d.dataset(), d.method(), d.cell(), d.metric(), f(d.deltaPercent()), f(d.absoluteChange()),
                    f(d.reference()), paper.map(p -> " " + p.lookup(d.model(), d.dataset(), d.method(), d.cell(), null,
                            d.metric()).map(SeedFormat::paper).orElse("—") + " |").orElse(""), d.configs(), d.seeds(),
                    d.note()));
        }
        sb.append("\n## Dataset-level value per setting (M(c, s) by seed, and M̄_c)\n\n| model | dataset | method | cell |"
                + " metric | decoding | per seed | mean |\n|---|---|---|---|---|---|---|---|\n");
        for (CellValues c : cells) {
            StringBuilder seeds = new StringBuilder();
            c.perSeed().forEach((s, v) -> seeds.append(seeds.length() == 0 ? "" : ", ").append(s).append(": ").append(f(v)));
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", c.model(), c.dataset(),
                    c.method(), c.cell(), c.metric(), c.decoding(), seeds, f(c.mean())));
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.6g", v);
    }
}
