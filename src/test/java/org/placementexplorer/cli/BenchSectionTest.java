package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench rewrites only its own section of docs/benchmarks.md. */
class BenchSectionTest {
    @Test
    void replacesOnlyTheMarkedSection(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.md");
        Files.writeString(f, "# Benchmarks\n\n## Import\nkept\n\n" + BenchCommand.BEGIN + "\n## Solvers\nold\n"
                + BenchCommand.END + "\n\n## GUI\nalso kept\n");
        String out = BenchCommand.intoSection(f, "## Solvers\nnew\n");
        assertEquals("# Benchmarks\n\n## Import\nkept\n\n" + BenchCommand.BEGIN + "\n## Solvers\nnew\n"
                + BenchCommand.END + "\n\n## GUI\nalso kept\n", out);
    }

    @Test
    void appendsWhenThereAreNoMarkersAndCreatesAMissingFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.md");
        Files.writeString(f, "# Benchmarks\n\nhand-written\n");
        assertEquals("# Benchmarks\n\nhand-written\n\n" + BenchCommand.BEGIN + "\nS\n" + BenchCommand.END + "\n",
                BenchCommand.intoSection(f, "S"));
        assertEquals("# Benchmarks\n\n" + BenchCommand.BEGIN + "\nS\n" + BenchCommand.END + "\n",
                BenchCommand.intoSection(dir.resolve("none.md"), "S"));
    }

    @Test
    void namedSectionsLeaveEachOtherAlone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.md");
        Files.writeString(f, BenchCommand.BEGIN + "\nT\n" + BenchCommand.END + "\n");
        String once = BenchCommand.intoSection(f, "onnx", "O1");
        assertEquals(BenchCommand.BEGIN + "\nT\n" + BenchCommand.END + "\n\n<!-- bench:onnx:begin -->\nO1\n"
                + "<!-- bench:onnx:end -->\n", once);
        Files.writeString(f, once);
        assertEquals(BenchCommand.BEGIN + "\nT\n" + BenchCommand.END + "\n\n<!-- bench:onnx:begin -->\nO2\n"
                + "<!-- bench:onnx:end -->\n", BenchCommand.intoSection(f, "onnx", "O2"));
    }
}
