package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * Damaged models — truncated, with flipped bytes, with a range cut out — must give either a usable
 * graph or one clean {@link InputException}, never another exception. Seeded, so a failure names a
 * mutation that can be replayed.
 */
class OnnxMutationTest {
    private static final long SEED = 20_261_125L;
    private static final Cluster CLUSTER = Samples.cluster("cpu-2gpu");

    @TempDir
    Path dir;

    @Test
    void bundledSamplesSurviveMutations() throws IOException {
        int[] outcomes = new int[2];
        mutateMany(Path.of("sample-graphs/hello-deepa-wakeword.onnx"), 100, outcomes, true);
        mutateMany(Path.of("sample-graphs/silero-vad-16k-op15.onnx"), 30, outcomes, true);
        // the mutations must exercise both outcomes, or the test proves little
        assertTrue(outcomes[0] > 10 && outcomes[1] > 10, "loaded " + outcomes[0] + ", rejected " + outcomes[1]);
    }

    @Test
    void sharedModelsSurviveMutations() throws IOException {
        Path shared = Path.of(System.getProperty("shared.dir", "../shared"), "onnx");
        Assumptions.assumeTrue(Files.isDirectory(shared),
                "shared ONNX models not found at " + shared + ": skipping the mutation test over the shared set");
        List<Path> models;
        try (Stream<Path> s = Files.list(shared)) {
            models = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        int[] outcomes = new int[2];
        for (Path m : models) {
            long size = Files.size(m);
            // in memory (the bundled test covers the whole path from a file); fewer runs on the large models
            mutateMany(m, size > 8_000_000 ? 2 : size > 2_000_000 ? 5 : 10, outcomes, false);
        }
        assertTrue(outcomes[1] > 0, "no mutation was rejected");
    }

    private void mutateMany(Path model, int count, int[] outcomes, boolean viaFile) throws IOException {
        byte[] original = Files.readAllBytes(model);
        Random random = new Random(SEED ^ model.getFileName().toString().hashCode());
        for (int i = 0; i < count; i++) {
            StringBuilder what = new StringBuilder();
            byte[] mutated = mutate(original, random, what);
            Path f = dir.resolve("m" + i + "-" + model.getFileName());
            if (viaFile) {
                Files.write(f, mutated);
            }
            try {
                LoadedModel m = viaFile ? ModelLoader.load(f)
                        : OnnxImporter.fromBytes(f, mutated, ImportOptions.DEFAULT, true);
                GraphSummary.of(m.graph());
                Problem p = AnalyticCostModel.problem(m.graph(), CLUSTER);
                double latency = new Evaluator(p).objective(Placement.allOn(p.operators(), 0), Objective.LATENCY);
                assertFalse(Double.isNaN(latency), "NaN latency after " + what);
                outcomes[0]++;
            } catch (InputException e) {
                String msg = e.getMessage();
                assertFalse(msg.contains("\n"), "two lines after " + what + ": " + msg);
                assertTrue(msg.startsWith(f.toString()), "does not name the file after " + what + ": " + msg);
                outcomes[1]++;
            } catch (RuntimeException | Error e) {
                AssertionError failure = new AssertionError(model.getFileName() + ", mutation " + i + " (seed " + SEED
                        + "): " + what + " gave " + e, e);
                fail(failure);
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }

    /** One random mutation; {@code what} says which. */
    static byte[] mutate(byte[] b, Random r, StringBuilder what) {
        int n = b.length;
        // the graph structure (nodes) is written before the initializers: aim half the damage at the start
        int structure = Math.min(n, 64 * 1024);
        switch (r.nextInt(4)) {
            case 0 -> {
                int at = r.nextInt(n);
                what.append("truncated to ").append(at).append(" bytes");
                return Arrays.copyOf(b, at);
            }
            case 1 -> {
                byte[] c = b.clone();
                int k = 1 + r.nextInt(8);
                what.append("flipped bytes at");
                for (int j = 0; j < k; j++) {
                    int at = r.nextBoolean() ? r.nextInt(structure) : r.nextInt(n);
                    c[at] ^= (byte) (1 + r.nextInt(255));
                    what.append(' ').append(at);
                }
                return c;
            }
            case 2 -> {
                int from = r.nextInt(structure);
                int len = 1 + r.nextInt(Math.min(64, n - from));
                what.append("cut ").append(len).append(" bytes at ").append(from);
                byte[] c = new byte[n - len];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + len, c, from, n - from - len);
                return c;
            }
            default -> {
                byte[] c = b.clone();
                int at = r.nextInt(structure);
                c[at] ^= (byte) (1 + r.nextInt(255));
                int cut = at + r.nextInt(n - at);
                what.append("flipped byte ").append(at).append(" and truncated to ").append(cut);
                return Arrays.copyOf(c, Math.max(cut, 1));
            }
        }
    }
}
