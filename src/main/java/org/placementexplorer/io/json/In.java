package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.io.InputException;

/**
 * A JSON node being read, with the file and the place in it, so that every complaint is one line
 * naming both: {@code cluster.json: device 'gpu0': "memoryBandwidth" must be a positive number}.
 */
public final class In {
    private final String file;
    private final String where;
    private final JsonNode node;

    private In(String file, String where, JsonNode node) {
        this.file = file;
        this.where = where;
        this.node = node;
    }

    /** The root object of a file. */
    public static In root(String file, JsonNode node) {
        In in = new In(file, "", node);
        if (!node.isObject()) {
            throw in.error("expected a JSON object at the top level, found " + kind(node));
        }
        return in;
    }

    public JsonNode node() {
        return node;
    }

    public String file() {
        return file;
    }

    public InputException error(String problem) {
        return new InputException(file, where.isEmpty() ? problem : where + ": " + problem);
    }

    /** A child reader for an object inside this one, described as {@code label}. */
    public In at(String label, JsonNode child) {
        return new In(file, label, child);
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public String str(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error("\"" + key + "\" is missing");
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw error("\"" + key + "\" must be a string, found " + kind(v));
        }
        return v.asText();
    }

    public String str(String key, String dflt) {
        return has(key) ? str(key) : dflt;
    }

    public double num(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error("\"" + key + "\" is missing");
        }
        if (!v.isNumber()) {
            throw error("\"" + key + "\" must be a number, found " + kind(v));
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw error("\"" + key + "\" is not a finite number");
        }
        return d;
    }

    public double num(String key, double dflt) {
        return has(key) ? num(key) : dflt;
    }

    public double nonNegative(String key, double dflt) {
        double d = num(key, dflt);
        if (d < 0) {
            throw error("\"" + key + "\" must not be negative (" + d + ")");
        }
        return d;
    }

    public double positive(String key) {
        double d = num(key);
        if (!(d > 0)) {
            throw error("\"" + key + "\" must be a positive number (" + d + ")");
        }
        return d;
    }

    public long integer(String key, long dflt) {
        if (!has(key)) {
            return dflt;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw error("\"" + key + "\" must be a whole number, found " + v);
        }
        return v.asLong();
    }

    public int integer(String key) {
        if (!has(key)) {
            throw error("\"" + key + "\" is missing");
        }
        return (int) integer(key, 0);
    }

    public boolean bool(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        JsonNode v = node.get(key);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1)) {
            return v.asInt() == 1;
        }
        throw error("\"" + key + "\" must be true or false, found " + v);
    }

    /** The elements of an array field; an absent field is an empty list unless required. */
    public List<JsonNode> array(String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw error("\"" + key + "\" is missing");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw error("\"" + key + "\" must be an array, found " + kind(v));
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** The fields of an object field (absent: empty). */
    public List<Map.Entry<String, JsonNode>> fields(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isObject()) {
            throw error("\"" + key + "\" must be an object, found " + kind(v));
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        it.forEachRemaining(out::add);
        return out;
    }

    /** An object element of an array, read as a child; complains when it is not an object. */
    public In element(String label, JsonNode e) {
        if (!e.isObject()) {
            throw error(label + " must be an object, found " + kind(e));
        }
        return at(where.isEmpty() ? label : where + ", " + label, e);
    }

    public static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Checks the "format" and "version" fields of a Placement Explorer file. */
    public void requireFormat(String format, int maxVersion) {
        String f = str("format", null);
        if (f == null) {
            throw error("not a " + format + " file: \"format\" is missing");
        }
        if (!f.equals(format)) {
            throw error("not a " + format + " file (its format is \"" + f + "\")");
        }
        long v = integer("version", -1);
        if (v < 1) {
            throw error("\"version\" is missing");
        }
        if (v > maxVersion) {
            throw error("written by a newer Placement Explorer (format version " + v + "; this one reads up to "
                    + maxVersion + ")");
        }
    }
}
