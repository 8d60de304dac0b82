package org.placementexplorer.io.export;

import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Problem;

/**
 * The stage table as CSV: one row per pipeline stage (a used device, in pipeline order), times in the
 * problem's time unit, memory in its memory unit, utilisation = load / period.
 */
public final class StageCsv {
    public static final String HEADER = "stage,device,device_name,operators,compute,transfer_in,transfer_out,load,"
            + "utilisation,memory_used,memory_capacity,bottleneck";

    private StageCsv() {
    }

    public static String of(Problem p, Evaluation e) {
        Pipeline pipe = e.pipeline();
        Bottleneck b = pipe.bottleneck();
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Pipeline.Stage s : pipe.stages()) {
            Device d = p.cluster().device(s.device());
            MemoryReport.DeviceMemory m = e.memory().devices().get(s.device());
            boolean isBottleneck = b != null && b.kind() == Bottleneck.Kind.DEVICE && b.index() == s.device();
            sb.append(s.index()).append(',')
                    .append(field(d.id())).append(',')
                    .append(field(d.name())).append(',')
                    .append(s.operators()).append(',')
                    .append(num(s.compute())).append(',')
                    .append(num(s.transferIn())).append(',')
                    .append(num(s.transferOut())).append(',')
                    .append(num(s.load())).append(',')
                    .append(pipe.period() > 0 ? num(s.load() / pipe.period()) : "").append(',')
                    .append(num(m.used())).append(',')
                    .append(Double.isInfinite(m.capacity()) ? "" : num(m.capacity())).append(',')
                    .append(isBottleneck).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    /** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
