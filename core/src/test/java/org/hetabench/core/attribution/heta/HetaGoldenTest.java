package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HETA on the golden stories260K instance (golden/stories260K-heta.json, an independent float64
 * implementation) with the instance's own Rademacher probes.
 */
class HetaGoldenTest {
    static CausalLm f64;
    static CausalLm f32;
    static JsonNode golden;
    static int[] ids;
    static int target;
    static double[][][] probes;

    @BeforeAll
    static void load() {
        golden = SharedFiles.json("golden/stories260K-heta.json");
        f64 = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64);
        f32 = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
        ids = SharedFiles.ints(golden.get("ids"));
        target = golden.get("target").asInt();
        JsonNode p = golden.get("probes");
        probes = new double[p.size()][p.get(0).size()][p.get(0).get(0).size()];
        for (int i = 0; i < probes.length; i++) {
            for (int k = 0; k < probes[i].length; k++) {
                probes[i][k] = SharedFiles.doubles(p.get(i).get(k));
            }
        }
    }

    @AfterAll
    static void close() {
        f64.close();
        f32.close();
    }

    static HetaResult run(CausalLm model, Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(extra);
        params.put("heta.hvp.samples", "2");
        params.put("heta.beta", golden.get("beta").asText());
        params.put("heta.gamma", golden.get("gamma").asText());
        AttributionRequest req = AttributionRequest.of(model, "golden", ids, target, params, 7);
        return Heta.compute(req, Heta.Params.parse(params), ProbeSource.fixed(probes));
    }

    static double[] want(String key) {
        return SharedFiles.doubles(golden.get(key));
    }

    static void close(double[] got, double[] want, double tol, String what) {
        double err = SharedFiles.relErr(got, want);
        assertTrue(err < tol, what + ": relative error " + err + " >= " + tol);
    }

    @Test
    void defaultRunMatchesGateCurvatureInformationScoreInFloat64() {
        HetaResult r = run(f64, Map.of());
        close(r.gate(), want("gate_per_head_chain_residual"), 1e-6, "gate per-head-chain/residual");
        close(r.curvature(), want("S_for_given_probes"), 1e-6, "curvature S");
        close(r.information(), want("I_zero"), 1e-6, "information, zero mask");
        close(r.scores(), want("attr_default"), 1e-6, "final score");
        assertEquals(golden.get("logp_target").asDouble(), r.logProb(), 1e-9);
        assertEquals("full", r.variant());
        assertTrue(r.hvpMode().startsWith("finite-difference"), r.hvpMode());
    }

    @Test
    void upperMeanActualGateAndMeanMaskMatchInFloat64() {
        HetaResult r = run(f64, Map.of("heta.flow.rollout", "upper-mean", "heta.flow.values", "actual",
                "heta.mask", "mean", "heta.ablation", "transition-only"));
        close(r.gate(), want("gate_upper_mean_actual"), 1e-6, "gate upper-mean/actual");
        HetaResult i = run(f64, Map.of("heta.mask", "mean", "heta.ablation", "kl-only"));
        close(i.information(), want("I_mean"), 1e-6, "information, mean mask");
        close(i.scores(), want("I_mean"), 1e-6, "kl-only score is I");
    }

    @Test
    void gradientNormsOfGsVariantMatch() {
        HetaResult r = run(f64, Map.of("heta.variant", "GS", "heta.ablation", "hessian-only"));
        close(r.gradientNorm(), want("grad_l2_per_token"), 1e-6, "per-token gradient L2 norms");
        double[] g = want("grad_l2_per_token");
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i] * g[i], r.curvature()[i], 1e-6 * g[i] * g[i] + 1e-15, "GS curvature = squared norm");
        }
        assertEquals(null, r.hvpMode());
    }

    @Test
    void exactHvpMatchesGoldenCurvature() {
        HetaResult r = run(f64, Map.of("heta.hvp.mode", "exact", "heta.ablation", "hessian-only"));
        close(r.curvature(), want("S_for_given_probes"), 1e-6, "curvature S, exact HVP");
        assertEquals("exact", r.hvpMode());
    }

    /**
     * float32: central differences need eps = 1e-3 here (1.1e-4 on S), which is HvpMode.defaultFor(FLOAT32);
     * eps = 3e-3 has a truncation error of 1.05e-3 on this instance's strong curvature.
     */
    @Test
    void float32WithinOneInAThousand() {
        HetaResult r = run(f32, Map.of());
        close(r.gate(), want("gate_per_head_chain_residual"), 1e-3, "float32 gate");
        close(r.curvature(), want("S_for_given_probes"), 1e-3, "float32 curvature");
        close(r.information(), want("I_zero"), 1e-3, "float32 information");
        close(r.scores(), want("attr_default"), 1e-3, "float32 score");
        HetaResult u = run(f32, Map.of("heta.flow.rollout", "upper-mean", "heta.flow.values", "actual",
                "heta.mask", "mean", "heta.ablation", "no-gate"));
        close(u.information(), want("I_mean"), 1e-3, "float32 information, mean mask");
        HetaResult g = run(f32, Map.of("heta.flow.rollout", "upper-mean", "heta.flow.values", "actual",
                "heta.ablation", "transition-only"));
        close(g.gate(), want("gate_upper_mean_actual"), 1e-3, "float32 gate upper-mean/actual");
        HetaResult gs = run(f32, Map.of("heta.variant", "GS", "heta.ablation", "hessian-only"));
        close(gs.gradientNorm(), want("grad_l2_per_token"), 1e-3, "float32 gradient norms");
        HetaResult ex = run(f32, Map.of("heta.hvp.mode", "exact", "heta.ablation", "hessian-only"));
        close(ex.curvature(), want("S_for_given_probes"), 1e-5, "float32 exact-HVP curvature");
        assertEquals("finite-difference(eps=0.001)", r.hvpMode());
        HetaResult coarse = run(f32, Map.of("heta.ablation", "hessian-only", "heta.hvp.eps", "3e-3"));
        close(coarse.curvature(), want("S_for_given_probes"), 2e-3, "float32 curvature at eps 3e-3");
    }
}
