package org.placementexplorer.ui.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.io.json.In;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.SessionJson;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;

/**
 * Opening and saving, off the FX thread: model files (with the single-device baseline as the first
 * placement), session files (docs/formats.md, "Session") and the JSON a session is saved as. Every
 * failure is an {@link InputException} with the one-line message a dialog shows.
 */
public final class SessionFiles {
    /** Name under which the single-device baseline is kept. */
    public static final String BASELINE = "single-device";
    public static final String CURRENT = "current";

    private SessionFiles() {
    }

    /** Whether a file is a session file (JSON with the session format tag). */
    public static boolean isSession(Path file) {
        try {
            byte[] head = Files.readAllBytes(file);
            if (!Json.looksLikeJson(java.util.Arrays.copyOf(head, Math.min(head.length, 4096)))) {
                return false;
            }
            return SessionJson.isSession(Json.parse(file.toString(), head));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Opens a model or a session file; a model gets {@code cluster} unless it carries its own devices. */
    public static Session.Opened open(Path file, Cluster cluster, Objective objective) {
        if (isSession(file)) {
            return openSession(file);
        }
        return openModel(file, cluster, objective);
    }

    /** Reads a model and prices it; the first placement is the single-device baseline. */
    public static Session.Opened openModel(Path file, Cluster cluster, Objective objective) {
        return openModel(file, ImportOptions.DEFAULT, cluster, objective);
    }

    /** Reads a model with the given import options and prices it; the first placement is the baseline. */
    public static Session.Opened openModel(Path file, ImportOptions options, Cluster cluster, Objective objective) {
        LoadedModel m = ModelLoader.load(file, options);
        Problem p = price(file.toString(), m, cluster);
        Placement base = baseline(p, objective);
        Map<String, Placement> named = new LinkedHashMap<>();
        named.put(BASELINE, base);
        return new Session.Opened(m, p, base, objective, named, CURRENT, null, Map.of());
    }

    private static Problem price(String file, LoadedModel m, Cluster cluster) {
        try {
            return ProblemLoader.problem(m, cluster);
        } catch (ModelException e) {
            throw new InputException(file, e.getMessage());
        }
    }

    /**
     * What the open model was, for {@link #reimport}: captured on the FX thread (immutable values).
     *
     * @param file      the model file
     * @param cluster   the cluster to keep (ignored for models that carry their own devices)
     * @param problem   the problem now shown (its operator ids and devices decide what is kept)
     * @param placement the current placement
     * @param named     the named placements
     * @param current   the current placement's name
     * @param view      the view state to restore
     * @param session   the session file, or null
     */
    public record Reimport(Path file, Cluster cluster, Objective objective, Problem problem, Placement placement,
            Map<String, Placement> named, String current, Map<String, Object> view, Path session) {
        public Reimport {
            named = new LinkedHashMap<>(named);
        }
    }

    /**
     * The model read again with other import options.
     *
     * @param opened what to show
     * @param kept   whether the placements were kept (same operators, same ids); else the baseline is shown
     * @param moved  operators moved to the first device because their device is gone (0 when none)
     */
    public record Reimported(Session.Opened opened, boolean kept, int moved) {
    }

    /**
     * Reads the model of {@code r} again with {@code options} (off the FX thread). When the new graph
     * has the same operators (count and ids, in order) the placements are kept (operators on devices
     * that are gone move to the first device) and the named baseline is computed again; otherwise the
     * single-device baseline replaces them.
     * Solver-run figures are dropped: they were computed for the old sizes.
     */
    public static Reimported reimport(Reimport r, ImportOptions options) {
        LoadedModel m = ModelLoader.load(r.file(), options);
        Problem p = price(r.file().toString(), m, r.cluster());
        boolean same = sameOperators(r.problem(), p);
        Map<String, Placement> named = new LinkedHashMap<>();
        Placement current;
        int moved = 0;
        if (same) {
            Cluster from = r.problem().cluster();
            Cluster to = p.cluster();
            current = keep(r.placement(), from, to, p);
            moved = moved(r.placement(), from, to);
            for (var e : r.named().entrySet()) {
                // the baseline is the single-device solver's answer, which the new sizes can change
                // (the best single device for PaddleOCR at 48 × 192 is the CPU, not the A100)
                named.put(e.getKey(), e.getKey().equals(BASELINE) ? baseline(p, r.objective())
                        : keep(e.getValue(), from, to, p));
            }
        } else {
            current = baseline(p, r.objective());
            named.put(BASELINE, current);
        }
        Session.Opened o = new Session.Opened(m, p, current, r.objective(), named, same ? r.current() : CURRENT,
                r.session(), r.view(), Map.of());
        return new Reimported(o, same, moved);
    }

    /** Whether two problems have the same operators: count and ids, in the same order. */
    static boolean sameOperators(Problem a, Problem b) {
        if (a.operators() != b.operators()) {
            return false;
        }
        for (int v = 0; v < a.operators(); v++) {
            if (!a.graph().op(v).id().equals(b.graph().op(v).id())) {
                return false;
            }
        }
        return true;
    }

    private static Placement keep(Placement pl, Cluster from, Cluster to, Problem p) {
        if (sameDevices(from, to)) {
            return pl;
        }
        Placement out = ChangeCluster.remap(pl, from, to);
        out.checkShape(p.operators(), p.deviceCount());
        return out;
    }

    private static int moved(Placement pl, Cluster from, Cluster to) {
        if (sameDevices(from, to)) {
            return 0;
        }
        int n = 0;
        for (int v = 0; v < pl.size(); v++) {
            if (to.indexOf(from.device(pl.deviceOf(v)).id()).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static boolean sameDevices(Cluster a, Cluster b) {
        if (a.devices().size() != b.devices().size()) {
            return false;
        }
        for (int d = 0; d < a.devices().size(); d++) {
            if (!a.device(d).id().equals(b.device(d).id())) {
                return false;
            }
        }
        return true;
    }

    /** The single-device solver's placement (from the registry), or all on device 0 when none fits. */
    public static Placement baseline(Problem p, Objective objective) {
        var solver = SolverRegistry.byName(BASELINE);
        if (solver.isPresent()) {
            SolverResult r = solver.get().solve(p, SolveRequest.of(objective, Duration.ofSeconds(20)));
            if (r.best() != null) {
                return r.best().placement().withoutOrder();
            }
        }
        return Placement.allOn(p.operators(), 0);
    }

    /** Reads a session file: the model it names, its cluster, placements and view state. */
    public static Session.Opened openSession(Path file) {
        String name = file.toString();
        SessionJson.Session s = SessionJson.read(name, Json.read(file));
        Path modelPath = resolveModel(file, s.model());
        LoadedModel m = ModelLoader.load(modelPath, s.options());
        Problem p;
        try {
            p = m.carriesDevices() ? m.ownProblem()
                    : ProblemLoader.problem(m, s.cluster() != null ? s.cluster() : Samples.cluster(Samples.DEFAULT_CLUSTER));
        } catch (ModelException e) {
            throw new InputException(name, e.getMessage());
        }
        Map<String, Placement> named = new LinkedHashMap<>();
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        for (SessionJson.NamedPlacement np : s.placements()) {
            try {
                named.put(np.name(), np.resolve(name, p));
            } catch (ModelException e) {
                throw new InputException(name, "placement '" + np.name() + "': " + e.getMessage());
            }
            JsonNode run = np.fields().get("run");
            if (run != null && !run.isNull()) {
                runs.put(np.name(), readRun(In.root(name, run).at("placement '" + np.name() + "' run", run),
                        np.solver()));
            }
        }
        String current = s.current() != null && named.containsKey(s.current()) ? s.current() : null;
        Placement pl = current != null ? named.get(current)
                : named.isEmpty() ? baseline(p, s.objective()) : named.values().iterator().next();
        if (current == null) {
            current = CURRENT;
        }
        named.remove(current);
        return new Session.Opened(m, p, pl, s.objective(), named, current, file, s.view(), runs);
    }

    /** The model path of a session: relative paths are relative to the session file's folder. */
    static Path resolveModel(Path sessionFile, String model) {
        Path mp = Path.of(model);
        if (!mp.isAbsolute()) {
            Path dir = sessionFile.toAbsolutePath().getParent();
            mp = dir == null ? mp : dir.resolve(mp);
        }
        if (!Files.exists(mp) && Samples.GRAPHS.contains(mp.getFileName().toString())) {
            return Samples.graphFile(mp.getFileName().toString()); // a bundled sample, extracted again
        }
        if (!Files.exists(mp)) {
            throw new InputException(sessionFile.toString(), "the model file " + model + " it refers to does not exist");
        }
        return mp;
    }

    /** What is saved, captured on the FX thread (immutable values only). */
    public record Snapshot(String modelFile, boolean carriesDevices, Problem problem, Objective objective,
            Map<String, Placement> named, String current, Placement placement, Map<String, Object> view,
            Map<String, RunInfo> runs, ImportOptions options) {
    }

    public static Snapshot snapshot(Session s, Map<String, Object> view) {
        LoadedModel m = s.modelProperty().get();
        return new Snapshot(m.file(), m.carriesDevices(), s.problem(), s.objective(), new LinkedHashMap<>(s.named()),
                s.currentName(), s.placement(), view, new LinkedHashMap<>(s.runs()), m.options());
    }

    /** The "run" object of a named placement (docs/formats.md, "Session"). */
    static ObjectNode writeRun(RunInfo r) {
        ObjectNode o = Json.object();
        o.put("status", r.status());
        o.put("objective", r.objective().jsonName());
        Json.num(o, "value", r.value());
        Json.num(o, "lowerBound", r.lowerBound());
        if (r.boundName() != null) {
            o.put("lowerBoundName", r.boundName());
        }
        Json.num(o, "gap", r.gap());
        o.put("seconds", r.seconds());
        o.put("seed", r.seed());
        o.put("timeLimit", r.timeLimit());
        return o;
    }

    static RunInfo readRun(In in, String solver) {
        if (!in.node().isObject()) {
            throw in.error("must be an object");
        }
        Objective o;
        try {
            o = Objective.parse(in.str("objective"));
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
        return new RunInfo(solver == null ? "" : solver, in.str("status", ""), o, optional(in, "value"),
                optional(in, "lowerBound"), in.str("lowerBoundName", null), optional(in, "gap"),
                in.nonNegative("seconds", 0), in.integer("seed", 1), in.nonNegative("timeLimit", 0));
    }

    private static Double optional(In in, String key) {
        JsonNode n = in.node().get(key);
        return n == null || n.isNull() ? null : in.num(key);
    }

    /** The session JSON; the model path is written relative to {@code target}'s folder when it lies below it. */
    public static ObjectNode toJson(Snapshot s, Path target) {
        List<SessionJson.NamedPlacement> ps = new ArrayList<>();
        for (var e : s.named().entrySet()) {
            if (!e.getKey().equals(s.current())) {
                RunInfo run = s.runs().get(e.getKey());
                SessionJson.NamedPlacement np = SessionJson.NamedPlacement.of(e.getKey(), run != null ? run.solver()
                        : e.getKey().equals(BASELINE) ? BASELINE : null, s.problem(), e.getValue());
                if (run != null) {
                    ((ObjectNode) np.fields()).set("run", writeRun(run));
                }
                ps.add(np);
            }
        }
        ps.add(SessionJson.NamedPlacement.of(s.current(), null, s.problem(), s.placement()));
        SessionJson.Session js = new SessionJson.Session(modelRef(s.modelFile(), target),
                s.carriesDevices() ? null : s.problem().cluster(), s.objective(), ps, s.current(), s.view(),
                s.options());
        return SessionJson.write(js);
    }

    private static String modelRef(String modelFile, Path target) {
        Path m = Path.of(modelFile).toAbsolutePath().normalize();
        Path dir = target == null ? null : target.toAbsolutePath().normalize().getParent();
        if (dir != null && m.startsWith(dir)) {
            return dir.relativize(m).toString();
        }
        return m.toString();
    }

    /** Writes a session file (atomically: a crash never leaves half a file). */
    public static void save(Snapshot s, Path target) {
        try {
            Json.write(target, toJson(s, target));
        } catch (IOException e) {
            throw new InputException(target.toString(), "cannot write the session (" + e.getMessage() + ")");
        }
    }

    /** Reads the view map of a session JSON tree (for tests and recovery). */
    public static Map<String, Object> view(JsonNode root) {
        return SessionJson.read("session", root).view();
    }
}
