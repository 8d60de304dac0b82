package org.placementexplorer.mip;

import java.math.BigDecimal;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.ojalgo.optimisation.integer.IntegerStrategy;

/**
 * ojAlgo's {@code ExpressionsBasedModel}: pure Java, so it runs wherever the JVM does. It cannot be
 * interrupted (only its time limit stops it) and does not report a proven bound before it proves
 * optimality. The hint is given as the variables' starting values.
 */
public final class OjAlgoBackend implements MipBackend {
    public static final String NAME = "ojalgo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public MipResult solve(MipModel m, MipParams params, MipControl control) {
        long t0 = System.nanoTime();
        try {
            Optimisation.Options options = new Optimisation.Options();
            long ms = Math.max(1, (long) (params.timeLimitSeconds() * 1000));
            options.time_abort = ms;
            options.time_suffice = ms;
            int threads = Math.max(1, params.threads());
            options.integer(IntegerStrategy.DEFAULT.withParallelism(() -> threads));
            ExpressionsBasedModel model = new ExpressionsBasedModel(options);
            int n = m.variables();
            Variable[] vars = new Variable[n];
            for (int v = 0; v < n; v++) {
                Variable x = model.addVariable("x" + v);
                if (m.lower(v) != Double.NEGATIVE_INFINITY) {
                    x.lower(m.lower(v));
                }
                if (m.upper(v) != Double.POSITIVE_INFINITY) {
                    x.upper(m.upper(v));
                }
                if (m.isInteger(v) && !params.relax()) {
                    x.integer(true);
                }
                if (m.objectiveCoef(v) != 0) {
                    x.weight(m.objectiveCoef(v));
                }
                if (params.hint() != null && !params.relax()) {
                    x.setValue(BigDecimal.valueOf(params.hint()[v]));
                }
                vars[v] = x;
            }
            int k = 0;
            for (MipModel.Row r : m.rows()) {
                if (r.index().length == 0) {
                    continue;
                }
                Expression e = model.addExpression("r" + (k++));
                if (r.lb() != Double.NEGATIVE_INFINITY) {
                    e.lower(r.lb());
                }
                if (r.ub() != Double.POSITIVE_INFINITY) {
                    e.upper(r.ub());
                }
                int[] idx = r.index();
                double[] coef = r.coef();
                for (int j = 0; j < idx.length; j++) {
                    e.set(vars[idx[j]], coef[j]);
                }
            }
            Optimisation.Result res = model.minimise();
            double secs = (System.nanoTime() - t0) / 1e9;
            Optimisation.State st = res.getState();
            if (st == Optimisation.State.INFEASIBLE) {
                return new MipResult(MipResult.Status.INFEASIBLE, null, Double.NaN, Double.POSITIVE_INFINITY, secs,
                        "");
            }
            if (!st.isFeasible()) {
                return new MipResult(MipResult.Status.NO_SOLUTION, null, Double.NaN, Double.NaN, secs,
                        "ojAlgo ended with state " + st);
            }
            double[] x = new double[n];
            for (int v = 0; v < n; v++) {
                x[v] = res.doubleValue(v);
            }
            double value = m.objectiveValue(x);
            boolean optimal = st.isOptimal() && secs < params.timeLimitSeconds();
            return new MipResult(optimal ? MipResult.Status.OPTIMAL : MipResult.Status.FEASIBLE, x, value,
                    optimal ? value : Double.NaN, secs, "");
        } catch (RuntimeException e) {
            return MipResult.error("ojAlgo failed: " + e, (System.nanoTime() - t0) / 1e9);
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
