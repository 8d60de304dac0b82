package org.placementexplorer.io.measured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.io.InputException;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;

/**
 * Reads a measured-costs CSV (docs/formats.md, "Measured costs CSV"):
 *
 * <pre>
 * # comment lines and blank lines are skipped
 * operator,device,seconds
 * /stem/conv1/Conv,a100,0.000142
 * link:a100--pcie-root,bandwidth,24.5e9
 * link:a100--pcie-root,latency,7e-6
 * </pre>
 *
 * An operator row gives the time of an operator (by id or display name) on a device in seconds; a
 * row whose first field is {@code link:ID} gives a link's bandwidth (bytes/s) or latency (s). Rows
 * that repeat a figure are repeated measurements: their median is used.
 */
final class CostsCsv {
    static final String HEADER = "operator,device,seconds";
    static final String LINK_PREFIX = "link:";

    private CostsCsv() {
    }

    private record Key(int op, String device) {
    }

    static String read(String label, String text, OpGraph graph, Cluster cluster, MeasuredCosts.Builder out) {
        OperatorMatcher matcher = new OperatorMatcher(graph);
        Map<Key, Repeats> times = new LinkedHashMap<>();
        Map<String, Repeats> bandwidth = new LinkedHashMap<>();
        Map<String, Repeats> latency = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        boolean header = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> f = fields(label, lineNo, line);
            if (!header) {
                String h = String.join(",", f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList());
                if (!h.equals(HEADER)) {
                    throw error(label, lineNo, "expected the header '" + HEADER + "', found '" + trimmed + "'");
                }
                header = true;
                continue;
            }
            if (f.size() != 3) {
                throw error(label, lineNo, "expected 3 fields (" + HEADER + "), found " + f.size());
            }
            String what = f.get(0).strip();
            String second = f.get(1).strip();
            String valueText = f.get(2).strip();
            if (what.startsWith(LINK_PREFIX)) {
                String linkId = what.substring(LINK_PREFIX.length()).strip();
                if (cluster.links().stream().noneMatch(l -> l.id().equals(linkId))) {
                    throw error(label, lineNo, "no link '" + linkId + "' in cluster '" + cluster.name() + "' (links: "
                            + OrtProfile.first(cluster.links().stream().map(Link::id).toList()) + ")");
                }
                switch (second.toLowerCase(Locale.ROOT)) {
                    case "bandwidth" -> {
                        double v = number(label, lineNo, valueText, "the bandwidth in bytes per second");
                        if (!(v > 0)) {
                            throw error(label, lineNo, "the bandwidth must be positive, found " + valueText);
                        }
                        bandwidth.computeIfAbsent(linkId, k -> new Repeats()).add(v);
                    }
                    case "latency" -> latency.computeIfAbsent(linkId, k -> new Repeats())
                            .add(number(label, lineNo, valueText, "the latency in seconds"));
                    default -> throw error(label, lineNo, "a link row gives 'bandwidth' or 'latency', found '"
                            + second + "'");
                }
                continue;
            }
            OptionalInt op = matcher.find(what);
            if (op.isEmpty()) {
                throw error(label, lineNo, matcher.ambiguous(what) ? "'" + what + "' is the name of several operators; "
                        + "give the operator's id" : "no operator '" + what + "' in graph '" + graph.name() + "'");
            }
            if (cluster.indexOf(second).isEmpty()) {
                throw error(label, lineNo, unknownDevice(second, cluster));
            }
            times.computeIfAbsent(new Key(op.getAsInt(), second), k -> new Repeats())
                    .add(number(label, lineNo, valueText, "seconds"));
        }
        if (!header) {
            throw new InputException(label, "no header line '" + HEADER + "' (an empty measured-costs CSV)");
        }
        if (times.isEmpty() && bandwidth.isEmpty() && latency.isEmpty()) {
            throw new InputException(label, "no measurements after the header");
        }
        for (Map.Entry<Key, Repeats> t : times.entrySet()) {
            out.opTime(graph.op(t.getKey().op()).id(), t.getKey().device(), t.getValue().median());
        }
        List<String> links = new ArrayList<>(bandwidth.keySet());
        latency.keySet().stream().filter(l -> !bandwidth.containsKey(l)).forEach(links::add);
        for (String id : links) {
            Link l = cluster.links().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            out.link(id, bandwidth.containsKey(id) ? bandwidth.get(id).median() : l.bandwidth(),
                    latency.containsKey(id) ? latency.get(id).median() : l.latency());
        }
        long ops = times.keySet().stream().map(Key::op).distinct().count();
        return label + ": " + times.size() + " operator time" + (times.size() == 1 ? "" : "s") + " (" + ops
                + " operator" + (ops == 1 ? "" : "s") + ")" + (links.isEmpty() ? "" : ", " + links.size() + " link"
                        + (links.size() == 1 ? "" : "s"));
    }

    static String unknownDevice(String device, Cluster cluster) {
        return "no device '" + device + "' in cluster '" + cluster.name() + "' (devices: "
                + String.join(", ", cluster.devices().stream().map(d -> d.id()).toList()) + ")";
    }

    private static double number(String label, int line, String text, String what) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(label, line, "expected " + what + " (a number), found '" + text + "'");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw error(label, line, "expected " + what + " (a finite number >= 0), found '" + text + "'");
        }
        return v;
    }

    /** The fields of one line: comma-separated, a field may be double-quoted ("" inside is a quote). */
    static List<String> fields(String label, int lineNo, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // skip blanks before a quoted field
            int j = i;
            while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                j++;
            }
            if (j < n && line.charAt(j) == '"') {
                i = j + 1;
                while (true) {
                    if (i >= n) {
                        throw error(label, lineNo, "a quoted field is not closed");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cur.append(c);
                    i++;
                }
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw error(label, lineNo, "unexpected text after a quoted field");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    cur.append(line.charAt(i));
                    i++;
                }
            }
            out.add(cur.toString());
            cur.setLength(0);
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    private static InputException error(String label, int line, String problem) {
        return new InputException(label, "line " + line + ": " + problem);
    }
}
