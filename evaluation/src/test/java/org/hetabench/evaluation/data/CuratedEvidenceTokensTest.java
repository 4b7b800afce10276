package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4: evidence token indices of 20 curated instances (the 20 shortest of the default build)
 * under the stories260K tokenizer, encoded with BOS. The expected indices were checked by reading the
 * tokens: each comment line shows an evidence span, its token range and the pieces, which spell exactly
 * the span (plus a leading space when the tokenizer attaches it), with no neighbouring token included.
 */
class CuratedEvidenceTokensTest {

    static Map<String, Instance> byId;
    static CausalLm model;
    static Tokenizer tokenizer;

    @BeforeAll
    static void setUp() {
        byId = new HashMap<>();
        TestData.catalog().load(Dataset.CURATED_BUILT).instances().forEach(i -> byId.put(i.id(), i));
        model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
        tokenizer = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    private static void expect(String id, int tokens, int[] evidence) {
        Instance x = byId.get(id);
        Encoding e = tokenizer.encode(x.text(), true);
        assertEquals(tokens, e.size(), id + ": token count");
        assertArrayEquals(evidence, x.evidenceTokens(e), id + ": evidence token indices");
        // Each span's tokens spell the span: the offset mapping neither drops nor adds characters.
        for (EvidenceSpan s : x.evidence()) {
            StringBuilder sb = new StringBuilder();
            for (int t : e.tokensOverlapping(s.start(), s.end())) {
                sb.append(e.tokens()[t]);
            }
            assertEquals(x.text().substring(s.start(), s.end()), sb.toString().stripLeading(), id + " span " + s);
        }
    }

    @Test
    void evidenceTokenIndicesOfTwentyInstances() {
        // curated-sciq-train-02968 (104 tokens with BOS)
        //   Chemical                 25..31 'C' 'he' 'm' 'i' 'c' 'a' 'l'
        //   reactions                33..39 're' 'a' 'c' 't' 'i' 'on' 's'
        //   chemical equations       51..64 ' c' 'he' 'm' 'i' 'c' 'a' 'l' ' e' 'q' 'u' 'at' 'i' 'on' 's'
        expect("curated-sciq-train-02968", 104, new int[] {25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36, 37, 38, 39, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64});
        // curated-sciq-train-11179 (99 tokens with BOS)
        //   Observational learning   17..31 ' O' 'b' 's' 'er' 'v' 'at' 'i' 'on' 'a' 'l' ' l' 'e' 'ar' 'n' 'ing'
        //   wolves                   41..45 ' w' 'o' 'l' 've' 's'
        //   hunt                     52..54 ' h' 'u' 'nt'
        //   group                    58..61 ' g' 'r' 'ou' 'p'
        expect("curated-sciq-train-11179", 99, new int[] {17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 41, 42, 43, 44, 45, 52, 53, 54, 58, 59, 60, 61});
        // curated-sciq-train-00409 (99 tokens with BOS)
        //   Alkanes                  29..33 'A' 'l' 'k' 'an' 'es'
        //   contain                  34..38 ' c' 'on' 't' 'a' 'in'
        //   carbon-carbon single bonds 42..57 ' c' 'ar' 'b' 'on' '-' 'c' 'ar' 'b' 'on' ' s' 'ing' 'le' ' b' 'o' 'nd' 's'
        expect("curated-sciq-train-00409", 99, new int[] {29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57});
        // curated-sciq-train-02484 (100 tokens with BOS)
        //   Light                    28..31 ' L' 'ig' 'h' 't'
        //   properties               34..41 ' p' 'r' 'o' 'p' 'er' 't' 'i' 'es'
        //   wave                     47..48 ' wa' 've'
        //   particle                 51..56 ' p' 'ar' 't' 'i' 'c' 'le'
        expect("curated-sciq-train-02484", 100, new int[] {28, 29, 30, 31, 34, 35, 36, 37, 38, 39, 40, 41, 47, 48, 51, 52, 53, 54, 55, 56});
        // curated-sciq-train-08797 (118 tokens with BOS)
        //   enzymes                  40..44 'en' 'z' 'y' 'm' 'es'
        //   proteins                 47..52 ' p' 'r' 'ot' 'e' 'in' 's'
        //   speed                    57..60 ' s' 'p' 'e' 'ed'
        //   chemical reactions       62..76 ' c' 'he' 'm' 'i' 'c' 'a' 'l' ' ' 're' 'a' 'c' 't' 'i' 'on' 's'
        expect("curated-sciq-train-08797", 118, new int[] {40, 41, 42, 43, 44, 47, 48, 49, 50, 51, 52, 57, 58, 59, 60, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76});
        // curated-sciq-train-03163 (110 tokens with BOS)
        //   aquifer                  39..44 ' a' 'q' 'u' 'i' 'f' 'er'
        //   saturated                48..53 ' s' 'at' 'u' 'r' 'at' 'ed'
        //   layer                    54..56 ' l' 'ay' 'er'
        //   rock                     58..60 ' r' 'o' 'ck'
        //   soil                     63..64 ' so' 'il'
        expect("curated-sciq-train-03163", 110, new int[] {39, 40, 41, 42, 43, 44, 48, 49, 50, 51, 52, 53, 54, 55, 56, 58, 59, 60, 63, 64});
        // curated-sciq-train-01193 (102 tokens with BOS)
        //   Oncogenes                33..38 ' On' 'c' 'o' 'g' 'en' 'es'
        //   involved                 44..48 ' in' 'v' 'o' 'l' 'ved'
        //   cancer                   50..53 ' c' 'an' 'c' 'er'
        //   formation                54..58 ' for' 'm' 'at' 'i' 'on'
        expect("curated-sciq-train-01193", 102, new int[] {33, 34, 35, 36, 37, 38, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58});
        // curated-sciq-train-06645 (121 tokens with BOS)
        //   magma                    55..59 ' m' 'a' 'g' 'm' 'a'
        //   lava                     62..65 ' l' 'a' 'v' 'a'
        expect("curated-sciq-train-06645", 121, new int[] {55, 56, 57, 58, 59, 62, 63, 64, 65});
        // curated-sciq-train-08848 (121 tokens with BOS)
        //   Enthalpy                 43..49 'E' 'nt' 'h' 'a' 'l' 'p' 'y'
        //   changes                  50..54 ' c' 'h' 'an' 'g' 'es'
        //   measured                 57..63 ' m' 'e' 'a' 's' 'u' 'r' 'ed'
        //   using                    66..68 ' u' 's' 'ing'
        //   calorimetry              69..76 ' c' 'a' 'l' 'or' 'im' 'et' 'r' 'y'
        expect("curated-sciq-train-08848", 121, new int[] {43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 57, 58, 59, 60, 61, 62, 63, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76});
        // curated-sciq-train-04325 (120 tokens with BOS)
        //   Alkanes                  45..49 'A' 'l' 'k' 'an' 'es'
        //   nonpolar                 52..57 ' n' 'on' 'p' 'o' 'l' 'ar'
        //   attract                  63..69 ' a' 't' 't' 'r' 'a' 'c' 't'
        //   ions                     71..73 'i' 'on' 's'
        expect("curated-sciq-train-04325", 120, new int[] {45, 46, 47, 48, 49, 52, 53, 54, 55, 56, 57, 63, 64, 65, 66, 67, 68, 69, 71, 72, 73});
        // curated-sciq-train-07112 (122 tokens with BOS)
        //   live                     62..63 ' li' 've'
        //   everywhere               64..68 ' e' 'very' 'w' 'he' 're'
        expect("curated-sciq-train-07112", 122, new int[] {62, 63, 64, 65, 66, 67, 68});
        // curated-sciq-train-00813 (128 tokens with BOS)
        //   Male                     26..28 ' M' 'a' 'le'
        //   structures               40..47 ' st' 'r' 'u' 'c' 't' 'u' 're' 's'
        //   penis                    55..57 ' p' 'en' 'is'
        //   testes                   59..62 ' t' 'e' 'st' 'es'
        //   epididymis               65..71 ' e' 'p' 'id' 'id' 'y' 'm' 'is'
        expect("curated-sciq-train-00813", 128, new int[] {26, 27, 28, 40, 41, 42, 43, 44, 45, 46, 47, 55, 56, 57, 59, 60, 61, 62, 65, 66, 67, 68, 69, 70, 71});
        // curated-sciq-train-01055 (126 tokens with BOS)
        //   physical                 34..41 ' p' 'h' 'y' 's' 'i' 'c' 'a' 'l'
        //   behavior                 42..47 ' be' 'h' 'a' 'v' 'i' 'or'
        //   gases                    49..52 ' g' 'a' 'se' 's'
        //   kinetic theory of gases  65..77 ' k' 'in' 'et' 'i' 'c' ' the' 'or' 'y' ' of' ' g' 'a' 'se' 's'
        expect("curated-sciq-train-01055", 126, new int[] {34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 49, 50, 51, 52, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77});
        // curated-sciq-train-08247 (120 tokens with BOS)
        //   Metals                   37..41 ' M' 'et' 'a' 'l' 's'
        //   elements                 44..48 ' e' 'le' 'm' 'ent' 's'
        //   conduct                  52..57 ' c' 'o' 'nd' 'u' 'c' 't'
        //   electricity              58..65 ' e' 'le' 'c' 't' 'ri' 'c' 'it' 'y'
        //   elements                 70..74 ' e' 'le' 'm' 'ent' 's'
        //   metals                   77..81 ' m' 'et' 'a' 'l' 's'
        expect("curated-sciq-train-08247", 120, new int[] {37, 38, 39, 40, 41, 44, 45, 46, 47, 48, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 70, 71, 72, 73, 74, 77, 78, 79, 80, 81});
        // curated-sciq-valid-00091 (111 tokens with BOS)
        //   Trees                    55..57 ' T' 're' 'es'
        //   woody                    60..63 ' w' 'oo' 'd' 'y'
        //   stems                    64..67 ' st' 'e' 'm' 's'
        //   covered                  68..71 ' c' 'o' 'ver' 'ed'
        //   bark                     73..75 ' b' 'ar' 'k'
        expect("curated-sciq-valid-00091", 111, new int[] {55, 56, 57, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 73, 74, 75});
        // curated-sciq-train-01805 (142 tokens with BOS)
        //   Balanced                 56..61 ' B' 'a' 'l' 'an' 'c' 'ed'
        //   chemical                 62..68 ' c' 'he' 'm' 'i' 'c' 'a' 'l'
        //   reactions                70..76 're' 'a' 'c' 't' 'i' 'on' 's'
        //   balanced                 79..84 ' b' 'a' 'l' 'an' 'c' 'ed'
        //   terms of moles           86..94 ' t' 'er' 'm' 's' ' of' ' m' 'o' 'le' 's'
        expect("curated-sciq-train-01805", 142, new int[] {56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 70, 71, 72, 73, 74, 75, 76, 79, 80, 81, 82, 83, 84, 86, 87, 88, 89, 90, 91, 92, 93, 94});
        // curated-sciq-valid-00374 (139 tokens with BOS)
        //   Gases                    72..75 'G' 'a' 'se' 's'
        //   definite                 80..85 ' d' 'e' 'f' 'in' 'it' 'e'
        //   shape                    86..90 ' s' 'h' 'a' 'p' 'e'
        //   volume                   94..99 'v' 'o' 'l' 'u' 'm' 'e'
        expect("curated-sciq-valid-00374", 139, new int[] {72, 73, 74, 75, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 94, 95, 96, 97, 98, 99});
        // curated-sciq-train-11380 (130 tokens with BOS)
        //   hot core                 33..37 ' h' 'ot' ' c' 'o' 're'
        //   warms                    38..41 ' wa' 'r' 'm' 's'
        //   base                     43..45 ' b' 'a' 'se'
        //   mantle                   48..51 ' m' 'an' 't' 'le'
        //   convection               61..67 ' c' 'on' 've' 'c' 't' 'i' 'on'
        //   currents                 68..73 ' c' 'u' 'r' 're' 'nt' 's'
        //   mantle                   76..79 ' m' 'an' 't' 'le'
        expect("curated-sciq-train-11380", 130, new int[] {33, 34, 35, 36, 37, 38, 39, 40, 41, 43, 44, 45, 48, 49, 50, 51, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 76, 77, 78, 79});
        // curated-sciq-train-09408 (149 tokens with BOS)
        //   sebaceous                79..85 ' s' 'e' 'b' 'a' 'ce' 'ou' 's'
        //   glands                   86..90 ' g' 'l' 'a' 'nd' 's'
        //   sebum                    102..106 ' s' 'e' 'b' 'u' 'm'
        expect("curated-sciq-train-09408", 149, new int[] {79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 102, 103, 104, 105, 106});
        // curated-sciq-train-07822 (139 tokens with BOS)
        //   neutrons                 74..78 ' ne' 'ut' 'r' 'on' 's'
        //   neutral                  86..90 ' ne' 'ut' 'r' 'a' 'l'
        //   charge                   98..102 ' c' 'h' 'ar' 'g' 'e'
        expect("curated-sciq-train-07822", 139, new int[] {74, 75, 76, 77, 78, 86, 87, 88, 89, 90, 98, 99, 100, 101, 102});
    }
}
