package org.placementexplorer.mip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MIP/LP backends by name, and the defaults. The default MIP backend is OR-Tools' SCIP (the
 * fastest on our models, docs/benchmarks.md "MILP backends"); where OR-Tools' natives are missing
 * the default falls back to ojAlgo. LPs (bounds, relaxations) use GLOP, else ojAlgo.
 */
public final class MipBackends {
    public static final String SCIP = "scip";
    public static final String CBC = "cbc";
    public static final String CP_SAT = "cp-sat";
    public static final String GLOP = "glop";

    private static final Map<String, MipBackend> ALL = new LinkedHashMap<>();

    static {
        ALL.put(SCIP, new OrToolsBackend(SCIP, "SCIP"));
        ALL.put(CBC, new OrToolsBackend(CBC, "CBC"));
        ALL.put(CP_SAT, new OrToolsBackend(CP_SAT, "CP_SAT"));
        ALL.put(OjAlgoBackend.NAME, new OjAlgoBackend());
        ALL.put(GLOP, new OrToolsBackend(GLOP, "GLOP"));
    }

    private MipBackends() {
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    public static Optional<MipBackend> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The MIP backend used when none is asked for. */
    public static MipBackend defaultMip() {
        MipBackend scip = ALL.get(SCIP);
        return scip.available() ? scip : ALL.get(OjAlgoBackend.NAME);
    }

    /** The LP backend for bounds and relaxations. */
    public static MipBackend defaultLp() {
        MipBackend glop = ALL.get(GLOP);
        return glop.available() ? glop : ALL.get(OjAlgoBackend.NAME);
    }
}
