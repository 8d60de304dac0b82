package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cli.Cli;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;

/** Files that are not (valid) ONNX models: exit code 2 and one line naming the file and the problem. */
class OnnxBadInputTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run info(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"info", file.toString()}, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static void assertBadInput(Path file, String problem) {
        Run r = info(file);
        assertEquals(2, r.code(), r.err() + r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "more than one line: " + err);
        assertTrue(err.contains(file.getFileName().toString()), "does not name the file: " + err);
        assertTrue(err.contains(problem), "does not say '" + problem + "': " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    private static OnnxWriter small() {
        OnnxWriter.Graph g = OnnxWriter.graph("small")
                .input("x", OnnxWriter.FLOAT, 1L, 8L)
                .weight("w", 8, 8)
                .output("y", OnnxWriter.FLOAT);
        g.node("MatMul").name("mm").in("x", "w").out("m");
        g.node("Relu").name("relu").in("m").out("y");
        return OnnxWriter.model(13, g);
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertBadInput(f, "the file is empty");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] b = small().bytes();
        Path f = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(b, b.length - 7));
        assertBadInput(f, "not a valid ONNX model: the protobuf is truncated or corrupt");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] b = new byte[5000];
        new Random(7).nextBytes(b);
        b[0] = (byte) 0xF7; // not a JSON or image start, whatever the seed gives
        Path named = Files.write(dir.resolve("noise.onnx"), b);
        assertBadInput(named, "not a valid ONNX model");
        Path other = Files.write(dir.resolve("noise.bin"), b);
        assertBadInput(other, "not a graph file");
    }

    @Test
    void jsonAndImagesGivenAsOnnx() throws IOException {
        Path json = Files.writeString(dir.resolve("model.onnx"), "{\"hello\": 1}");
        assertBadInput(json, "this is a JSON file (ONNX models are binary protobuf files), not an ONNX model");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
        assertBadInput(Files.write(dir.resolve("picture.onnx"), png), "this is a PNG image, not an ONNX model");
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
        assertBadInput(Files.write(dir.resolve("photo.onnx"), jpeg), "this is a JPEG image");
    }

    @Test
    void aProtobufThatIsNotAModel() throws IOException {
        // a valid message, but field 7 (graph) is missing
        Path f = Files.write(dir.resolve("nograph.onnx"), new byte[] {0x08, 0x07, 0x12, 0x01, 'x'});
        assertBadInput(f, "not a valid ONNX model (no graph in the file)");
    }

    @Test
    void cycle() {
        OnnxWriter.Graph g = OnnxWriter.graph("cycle")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .output("c", OnnxWriter.FLOAT);
        g.node("Add").name("a").in("x", "c").out("a");
        g.node("Relu").name("b").in("a").out("b");
        g.node("Relu").name("c").in("b").out("c");
        Path f = OnnxWriter.model(13, g).write(dir.resolve("cycle.onnx"));
        assertBadInput(f, "the graph has a cycle: ");
        String err = info(f).err();
        assertTrue(err.contains("a -> b -> c -> a") || err.contains("b -> c -> a -> b")
                || err.contains("c -> a -> b -> c"), err);
    }

    @Test
    void edgeToAMissingTensor() {
        OnnxWriter.Graph g = OnnxWriter.graph("missing")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .output("y", OnnxWriter.FLOAT);
        g.node("Add").name("add").in("x", "nowhere").out("y");
        Path f = OnnxWriter.model(13, g).write(dir.resolve("missing.onnx"));
        assertBadInput(f, "node 'add' (Add) reads tensor 'nowhere', which no node, graph input or initializer "
                + "provides");
    }

    @Test
    void namesWithLineBreaksStayOnOneLine() {
        OnnxWriter.Graph g = OnnxWriter.graph("names")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .output("y", OnnxWriter.FLOAT);
        g.node("Add").name("bad\nname").in("x", "no\rwhere\u2028").out("y");
        Path f = OnnxWriter.model(13, g).write(dir.resolve("names.onnx"));
        assertBadInput(f, "node 'bad\\u000aname' (Add) reads tensor 'no\\u000dwhere\\u2028'");
    }

    @Test
    void missingTensorInsideASubgraphIsNamedWithItsPlace() {
        OnnxWriter.Graph then = OnnxWriter.graph("then").untypedOutput("t");
        then.node("Relu").name("inner").in("ghost").out("t");
        OnnxWriter.Graph other = OnnxWriter.graph("else").untypedOutput("e");
        other.node("Identity").in("x").out("e");
        OnnxWriter.Graph g = OnnxWriter.graph("sub")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .scalarInput("c", OnnxWriter.BOOL)
                .output("y", OnnxWriter.FLOAT);
        g.node("If").name("if").in("c").out("y").g("then_branch", then).g("else_branch", other);
        Path f = OnnxWriter.model(13, g).write(dir.resolve("sub.onnx"));
        assertBadInput(f, "reads tensor 'ghost'");
    }

    @Test
    void aTensorProducedTwice() {
        OnnxWriter.Graph g = OnnxWriter.graph("twice")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .output("y", OnnxWriter.FLOAT);
        g.node("Relu").name("one").in("x").out("y");
        g.node("Sigmoid").name("two").in("x").out("y");
        assertBadInput(OnnxWriter.model(13, g).write(dir.resolve("twice.onnx")),
                "tensor 'y' is produced twice (by node 'one' (Relu) and node 'two' (Sigmoid))");
    }

    @Test
    void onnxIsRecognisedByContentWhateverTheName() throws IOException {
        Path f = Files.write(dir.resolve("exported-model.bin"), small().bytes());
        LoadedModel m = ModelLoader.load(f);
        assertEquals(OnnxImporter.FORMAT, m.format());
        assertEquals(2, m.graph().size());
        assertTrue(OnnxImporter.looksLikeOnnx(Arrays.copyOf(small().bytes(), 64)));
        assertFalse(OnnxImporter.looksLikeOnnx("{\"format\": \"x\"}".getBytes()));
        assertFalse(OnnxImporter.looksLikeOnnx("hello world, not a model".getBytes()));
    }

    @Test
    void badDimOptionIsBadInput() {
        Path f = small().write(dir.resolve("ok.onnx"));
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"info", f.toString(), "--dim", "batch=-3"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--dim batch=-3: a dimension must be a positive whole number"),
                err.toString());
    }
}
