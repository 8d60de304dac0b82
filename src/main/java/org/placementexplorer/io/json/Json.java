package org.placementexplorer.io.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.InputException;

/** The shared JSON mapper and reading with one-line errors. */
public final class Json {
    /** Compact mapper; doubles are written in Java's shortest round-trip form. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Pretty text with a final newline. */
    public static String pretty(JsonNode n) {
        try {
            return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file pretty-printed, through a temporary file so a crash never leaves half a file. */
    public static void write(Path file, JsonNode n) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, pretty(n));
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a JSON file; every failure becomes an {@link InputException} naming the file. */
    public static JsonNode read(Path file) {
        String name = file.toString();
        byte[] bytes = readBytes(file);
        return parse(name, bytes);
    }

    public static byte[] readBytes(Path file) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new InputException(name, "is a directory, not a file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(name, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(name, "permission denied");
        } catch (IOException e) {
            throw new InputException(name, "cannot be read (" + e.getMessage() + ")");
        }
    }

    public static JsonNode parse(String name, InputStream in) {
        try {
            return parse(name, in.readAllBytes());
        } catch (IOException e) {
            throw new InputException(name, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Parses JSON text; a syntax error names its line and column. */
    public static JsonNode parse(String name, byte[] bytes) {
        if (bytes.length == 0) {
            throw new InputException(name, "the file is empty");
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new InputException(name, "the file is empty");
            }
            return n;
        } catch (JsonParseException e) {
            throw new InputException(name, "malformed JSON" + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InputException(name, "malformed JSON" + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InputException(name, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Whether the bytes look like JSON (first non-blank character is '{' or '['). */
    public static boolean looksLikeJson(byte[] head) {
        for (byte b : head) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (b == (byte) 0xEF) { // UTF-8 byte order mark
                continue;
            }
            if (b == (byte) 0xBB || b == (byte) 0xBF) {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    /** Puts a number, or null when it is not finite (JSON has no infinity). */
    public static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Puts a number or null. */
    public static void num(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            num(o, key, v.doubleValue());
        }
    }
}
