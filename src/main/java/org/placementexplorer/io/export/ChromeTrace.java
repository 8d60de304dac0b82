package org.placementexplorer.io.export;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.PipelineSchedule;
import org.placementexplorer.eval.Schedule;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Problem;

/**
 * The one-sample schedule as a Chrome trace (the trace-event JSON that Perfetto and chrome://tracing
 * open): one complete event per operator on its device's track, and one per transfer on the track of
 * each link it crosses (or, for problems whose transfers use no links, on a track per device pair).
 * {@code ts} and {@code dur} are microseconds ({@link TimeScale}); every event's {@code args} also
 * carry the evaluator's own start and end.
 */
public final class ChromeTrace {
    static final int DEVICES_PID = 1;
    static final int TRANSFERS_PID = 2;

    private ChromeTrace() {
    }

    /** The trace of an evaluation; its schedule must have been computed. */
    public static ObjectNode of(Problem p, Evaluation e) {
        Schedule s = e.schedule();
        if (s == null) {
            throw new IllegalArgumentException("the evaluation has no schedule");
        }
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        double scale = TimeScale.microsPerUnit(p.units());
        ObjectNode root = Json.object();
        root.put("displayTimeUnit", "ns");
        ObjectNode other = root.putObject("otherData");
        other.put("graph", g.name());
        other.put("cluster", c.name());
        other.put("objectiveKind", e.kind().jsonName());
        other.put("objective", e.objective());
        other.put("timeUnit", p.units().time());
        other.put("microsecondsPerTimeUnit", scale);
        ArrayNode ev = root.putArray("traceEvents");

        meta(ev, "process_name", DEVICES_PID, -1, "Devices");
        meta(ev, "process_name", TRANSFERS_PID, -1, p.transfersUseLinks() ? "Links" : "Transfers");
        for (int d = 0; d < c.size(); d++) {
            Device dev = c.device(d);
            meta(ev, "thread_name", DEVICES_PID, d + 1, dev.id() + (dev.name().equals(dev.id()) ? "" : " (" + dev.name()
                    + ")"));
            sortIndex(ev, DEVICES_PID, d + 1, d);
        }
        Set<Integer> critical = new HashSet<>();
        for (Schedule.Step st : s.criticalPath()) {
            if (st.kind() == Schedule.Step.Kind.OPERATOR) {
                critical.add(st.op());
            }
        }
        for (int v = 0; v < g.size(); v++) {
            Operator op = g.op(v);
            int d = e.placement().deviceOf(v);
            ObjectNode o = complete(ev, op.name(), op.opType().isEmpty() ? "operator" : op.opType(), DEVICES_PID, d + 1,
                    s.start()[v] * scale, (s.end()[v] - s.start()[v]) * scale);
            ObjectNode args = o.putObject("args");
            args.put("id", op.id());
            args.put("device", c.device(d).id());
            args.put("start", s.start()[v]);
            args.put("end", s.end()[v]);
            args.put("flops", op.flops());
            args.put("critical", critical.contains(v));
        }
        Map<String, Integer> pairTracks = new HashMap<>();
        if (p.transfersUseLinks()) {
            for (int l = 0; l < c.links().size(); l++) {
                Link link = c.links().get(l);
                meta(ev, "thread_name", TRANSFERS_PID, l + 1, link.id() + " (" + link.a() + " – " + link.b() + ")");
                sortIndex(ev, TRANSFERS_PID, l + 1, l);
            }
        }
        for (Schedule.Transfer t : s.transfers()) {
            String name = g.tensorName(t.tensor());
            if (p.transfersUseLinks()) {
                for (int l : t.links()) {
                    transfer(ev, p, t, name, l + 1, scale);
                }
            } else {
                String key = c.device(t.src()).id() + " → " + c.device(t.dst()).id();
                Integer tid = pairTracks.get(key);
                if (tid == null) {
                    tid = pairTracks.size() + 1;
                    pairTracks.put(key, tid);
                    meta(ev, "thread_name", TRANSFERS_PID, tid, key);
                }
                transfer(ev, p, t, name, tid, scale);
            }
        }
        return root;
    }

    /**
     * The pipelined schedule of M samples (micro-batches): every operator of every sample on its
     * device's track, the sends and receives of devices that do not overlap transfers on their own
     * track too, transfers on each link's track (or, without links, their flights on a track per
     * device pair). Every event's {@code args.sample} says which sample it belongs to.
     */
    public static ObjectNode ofPipeline(Problem p, PipelineSchedule s) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        double scale = TimeScale.microsPerUnit(p.units());
        ObjectNode root = Json.object();
        root.put("displayTimeUnit", "ns");
        ObjectNode other = root.putObject("otherData");
        other.put("graph", g.name());
        other.put("cluster", c.name());
        other.put("objectiveKind", "throughput");
        other.put("objective", s.period());
        other.put("microBatches", s.microBatches());
        other.put("makespan", s.makespan());
        other.put("timeUnit", p.units().time());
        other.put("microsecondsPerTimeUnit", scale);
        ArrayNode ev = root.putArray("traceEvents");
        meta(ev, "process_name", DEVICES_PID, -1, "Devices");
        meta(ev, "process_name", TRANSFERS_PID, -1, p.transfersUseLinks() ? "Links" : "Transfers");
        for (int d = 0; d < c.size(); d++) {
            Device dev = c.device(d);
            meta(ev, "thread_name", DEVICES_PID, d + 1, dev.id() + (dev.name().equals(dev.id()) ? "" : " (" + dev.name()
                    + ")"));
            sortIndex(ev, DEVICES_PID, d + 1, d);
        }
        if (p.transfersUseLinks()) {
            for (int l = 0; l < c.links().size(); l++) {
                Link link = c.links().get(l);
                meta(ev, "thread_name", TRANSFERS_PID, l + 1, link.id() + " (" + link.a() + " – " + link.b() + ")");
                sortIndex(ev, TRANSFERS_PID, l + 1, l);
            }
        }
        Map<String, Integer> pairTracks = new HashMap<>();
        for (PipelineSchedule.Item it : s.items()) {
            ObjectNode o;
            switch (it.kind()) {
                case OPERATOR -> {
                    Operator op = g.op(it.op());
                    o = complete(ev, op.name(), op.opType().isEmpty() ? "operator" : op.opType(), DEVICES_PID,
                            it.device() + 1, it.start() * scale, it.duration() * scale);
                    ObjectNode args = o.putObject("args");
                    args.put("id", op.id());
                    args.put("device", c.device(it.device()).id());
                }
                case SEND, RECEIVE -> {
                    o = complete(ev, g.tensorName(it.tensor()), it.kind() == PipelineSchedule.Kind.SEND ? "send"
                            : "receive", DEVICES_PID, it.device() + 1, it.start() * scale, it.duration() * scale);
                    transferArgs(o.putObject("args"), p, it);
                }
                case LINK -> {
                    o = complete(ev, g.tensorName(it.tensor()), "transfer", TRANSFERS_PID, it.link() + 1,
                            it.start() * scale, it.duration() * scale);
                    transferArgs(o.putObject("args"), p, it);
                }
                case FLIGHT -> {
                    if (p.transfersUseLinks()) {
                        continue;
                    }
                    String key = c.device(it.src()).id() + " → " + c.device(it.dst()).id();
                    Integer tid = pairTracks.get(key);
                    if (tid == null) {
                        tid = pairTracks.size() + 1;
                        pairTracks.put(key, tid);
                        meta(ev, "thread_name", TRANSFERS_PID, tid, key);
                    }
                    o = complete(ev, g.tensorName(it.tensor()), "transfer", TRANSFERS_PID, tid, it.start() * scale,
                            it.duration() * scale);
                    transferArgs(o.putObject("args"), p, it);
                }
                default -> throw new IllegalStateException();
            }
            ObjectNode args = (ObjectNode) o.get("args");
            args.put("sample", it.sample());
            args.put("start", it.start());
            args.put("end", it.end());
        }
        return root;
    }

    private static void transferArgs(ObjectNode args, Problem p, PipelineSchedule.Item it) {
        args.put("producer", p.graph().op(it.op()).id());
        args.put("from", p.cluster().device(it.src()).id());
        if (it.dst() >= 0) {
            args.put("to", p.cluster().device(it.dst()).id());
        }
        args.put("bytes", p.graph().tensorBytes(it.tensor()));
    }

    private static void transfer(ArrayNode ev, Problem p, Schedule.Transfer t, String name, int tid, double scale) {
        ObjectNode o = complete(ev, name, "transfer", TRANSFERS_PID, tid, t.start() * scale,
                (t.end() - t.start()) * scale);
        ObjectNode args = o.putObject("args");
        args.put("producer", p.graph().op(t.producer()).id());
        args.put("from", p.cluster().device(t.src()).id());
        args.put("to", p.cluster().device(t.dst()).id());
        args.put("bytes", p.graph().tensorBytes(t.tensor()));
        args.put("start", t.start());
        args.put("end", t.end());
    }

    private static ObjectNode complete(ArrayNode ev, String name, String cat, int pid, int tid, double ts, double dur) {
        ObjectNode o = ev.addObject();
        o.put("name", name);
        o.put("cat", cat);
        o.put("ph", "X");
        o.put("pid", pid);
        o.put("tid", tid);
        o.put("ts", ts);
        o.put("dur", dur);
        return o;
    }

    private static void meta(ArrayNode ev, String what, int pid, int tid, String name) {
        ObjectNode o = ev.addObject();
        o.put("name", what);
        o.put("ph", "M");
        o.put("pid", pid);
        if (tid >= 0) {
            o.put("tid", tid);
        }
        o.putObject("args").put("name", name);
    }

    private static void sortIndex(ArrayNode ev, int pid, int tid, int index) {
        ObjectNode o = ev.addObject();
        o.put("name", "thread_sort_index");
        o.put("ph", "M");
        o.put("pid", pid);
        o.put("tid", tid);
        o.putObject("args").put("sort_index", index);
    }
}
