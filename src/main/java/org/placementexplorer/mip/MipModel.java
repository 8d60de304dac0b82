package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mixed-integer linear program, independent of any solver library: variables with bounds and an
 * integrality flag, rows {@code lb ≤ Σ a_i x_i ≤ ub}, a linear objective that is minimised, and an
 * optional starting point (hint). Backends ({@link MipBackend}) translate it to their own API, so
 * the same model can be timed on each of them.
 */
public final class MipModel {
    private final List<String> names = new ArrayList<>();
    private double[] lower = new double[64];
    private double[] upper = new double[64];
    private boolean[] integer = new boolean[64];
    private double[] objective = new double[64];
    private final List<Row> rows = new ArrayList<>();
    private final List<int[]> derivations = new ArrayList<>(); // {variable, row}
    private double objectiveOffset;

    /** One constraint row. */
    public record Row(int[] index, double[] coef, double lb, double ub, String name) {
        /** Value of the row's expression at a point. */
        public double activity(double[] x) {
            double s = 0;
            for (int k = 0; k < index.length; k++) {
                s += coef[k] * x[index[k]];
            }
            return s;
        }
    }

    public int variables() {
        return names.size();
    }

    public int constraints() {
        return rows.size();
    }

    /** Adds a variable and returns its index. Infinite bounds are allowed. */
    public int addVariable(double lb, double ub, boolean isInteger, String name) {
        int i = names.size();
        if (i == lower.length) {
            int cap = i * 2;
            lower = Arrays.copyOf(lower, cap);
            upper = Arrays.copyOf(upper, cap);
            integer = Arrays.copyOf(integer, cap);
            objective = Arrays.copyOf(objective, cap);
        }
        names.add(name);
        lower[i] = lb;
        upper[i] = ub;
        integer[i] = isInteger;
        return i;
    }

    public int addBinary(String name) {
        return addVariable(0, 1, true, name);
    }

    public int addContinuous(double lb, double ub, String name) {
        return addVariable(lb, ub, false, name);
    }

    public String name(int v) {
        return names.get(v);
    }

    public double lower(int v) {
        return lower[v];
    }

    public double upper(int v) {
        return upper[v];
    }

    public boolean isInteger(int v) {
        return integer[v];
    }

    public void setLower(int v, double lb) {
        lower[v] = lb;
    }

    public void setUpper(int v, double ub) {
        upper[v] = ub;
    }

    /** Fixes a variable to a value (both bounds). */
    public void fix(int v, double value) {
        lower[v] = value;
        upper[v] = value;
    }

    public void setInteger(int v, boolean isInteger) {
        integer[v] = isInteger;
    }

    public double objectiveCoef(int v) {
        return objective[v];
    }

    public void setObjective(int v, double coef) {
        objective[v] = coef;
    }

    public double objectiveOffset() {
        return objectiveOffset;
    }

    public void setObjectiveOffset(double c) {
        objectiveOffset = c;
    }

    /** Objective value at a point. */
    public double objectiveValue(double[] x) {
        double s = objectiveOffset;
        for (int v = 0; v < names.size(); v++) {
            s += objective[v] * x[v];
        }
        return s;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Adds {@code lb ≤ Σ coef·x[index] ≤ ub}; duplicate indices are summed. */
    public void addRow(double lb, double ub, int[] index, double[] coef, String name) {
        if (index.length != coef.length) {
            throw new IllegalArgumentException("row " + name + ": " + index.length + " indices, " + coef.length
                    + " coefficients");
        }
        // merge duplicates (first occurrence keeps its place), drop zeros
        int[] idx = index.clone();
        double[] c = coef.clone();
        int m = 0;
        java.util.Map<Integer, Integer> at = idx.length > 16 ? new java.util.HashMap<>() : null;
        outer:
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= names.size()) {
                throw new IllegalArgumentException("row " + name + " names variable " + idx[k]);
            }
            if (at != null) {
                Integer j = at.putIfAbsent(idx[k], m);
                if (j != null) {
                    c[j] += c[k];
                    continue;
                }
            } else {
                for (int j = 0; j < m; j++) {
                    if (idx[j] == idx[k]) {
                        c[j] += c[k];
                        continue outer;
                    }
                }
            }
            idx[m] = idx[k];
            c[m] = c[k];
            m++;
        }
        int z = 0;
        for (int k = 0; k < m; k++) {
            if (c[k] != 0) {
                idx[z] = idx[k];
                c[z] = c[k];
                z++;
            }
        }
        rows.add(new Row(Arrays.copyOf(idx, z), Arrays.copyOf(c, z), lb, ub, name));
    }

    /**
     * Records that {@code var} is an auxiliary variable bounded from below by the last row added
     * (so a starting point can be completed, see {@link #completeHint}).
     */
    public void definesLast(int var) {
        derivations.add(new int[] {var, rows.size() - 1});
    }

    /**
     * Completes a starting point: every auxiliary variable (registered with {@link #definesLast})
     * is set to the smallest value its defining rows allow, in the order they were registered, given
     * the values already in {@code x} for the decision variables.
     */
    public double[] completeHint(double[] x) {
        boolean[] started = new boolean[names.size()];
        for (int[] dv : derivations) {
            int v = dv[0];
            Row r = rows.get(dv[1]);
            if (!started[v]) {
                started[v] = true;
                x[v] = lower[v] == Double.NEGATIVE_INFINITY ? 0 : lower[v];
            }
            double c = 0;
            double rest = 0;
            for (int k = 0; k < r.index.length; k++) {
                if (r.index[k] == v) {
                    c += r.coef[k];
                } else {
                    rest += r.coef[k] * x[r.index[k]];
                }
            }
            double need;
            if (c > 0 && r.lb != Double.NEGATIVE_INFINITY) {
                need = (r.lb - rest) / c;
            } else if (c < 0 && r.ub != Double.POSITIVE_INFINITY) {
                need = (r.ub - rest) / c;
            } else {
                continue;
            }
            if (need > x[v]) {
                x[v] = Math.min(need, upper[v]);
            }
        }
        return x;
    }

    /** Starts a row; finish it with {@link RowBuilder#atLeast}, {@code atMost}, {@code equal} or {@code between}. */
    public RowBuilder row(String name) {
        return new RowBuilder(this, name);
    }

    /** Fluent row construction. */
    public static final class RowBuilder {
        private final MipModel model;
        private final String name;
        private int[] idx = new int[8];
        private double[] coef = new double[8];
        private int n;
        private double constant;
        private int defines = -1;

        RowBuilder(MipModel model, String name) {
            this.model = model;
            this.name = name;
        }

        public RowBuilder add(int var, double c) {
            if (c == 0) {
                return this;
            }
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, n * 2);
                coef = Arrays.copyOf(coef, n * 2);
            }
            idx[n] = var;
            coef[n] = c;
            n++;
            return this;
        }

        /** Adds a constant to the expression (moved to the bounds). */
        public RowBuilder constant(double c) {
            constant += c;
            return this;
        }

        public boolean isEmpty() {
            return n == 0;
        }

        public void atLeast(double lb) {
            between(lb, Double.POSITIVE_INFINITY);
        }

        public void atMost(double ub) {
            between(Double.NEGATIVE_INFINITY, ub);
        }

        public void equal(double v) {
            between(v, v);
        }

        public void between(double lb, double ub) {
            model.addRow(lb - constant, ub - constant, Arrays.copyOf(idx, n), Arrays.copyOf(coef, n), name);
            if (defines >= 0) {
                model.definesLast(defines);
            }
        }

        /** Marks the variable this row bounds from below (see {@link MipModel#completeHint}). */
        public RowBuilder defines(int var) {
            defines = var;
            return this;
        }
    }

    /**
     * Largest violation of any bound or row at a point (0 when feasible); integrality is checked
     * too (distance to the nearest integer).
     */
    public double maxViolation(double[] x) {
        double worst = 0;
        for (int v = 0; v < names.size(); v++) {
            worst = Math.max(worst, lower[v] - x[v]);
            worst = Math.max(worst, x[v] - upper[v]);
            if (integer[v]) {
                worst = Math.max(worst, Math.abs(x[v] - Math.rint(x[v])));
            }
        }
        for (Row r : rows) {
            double a = r.activity(x);
            worst = Math.max(worst, r.lb - a);
            worst = Math.max(worst, a - r.ub);
        }
        return worst;
    }

    /** The worst row at a point, for debugging hints. */
    public String worstRow(double[] x) {
        double worst = 0;
        String which = "none";
        for (Row r : rows) {
            double a = r.activity(x);
            double viol = Math.max(r.lb - a, a - r.ub);
            if (viol > worst) {
                worst = viol;
                which = r.name + " (" + r.lb + " ≤ " + a + " ≤ " + r.ub + ")";
            }
        }
        for (int v = 0; v < names.size(); v++) {
            double viol = Math.max(lower[v] - x[v], x[v] - upper[v]);
            if (viol > worst) {
                worst = viol;
                which = "bounds of " + names.get(v) + " (" + lower[v] + " ≤ " + x[v] + " ≤ " + upper[v] + ")";
            }
        }
        return which;
    }

    /** Number of integer variables. */
    public int integerVariables() {
        int k = 0;
        for (int v = 0; v < names.size(); v++) {
            if (integer[v]) {
                k++;
            }
        }
        return k;
    }

    /** Number of non-zero coefficients in the rows. */
    public long nonZeros() {
        long k = 0;
        for (Row r : rows) {
            k += r.index.length;
        }
        return k;
    }

    @Override
    public String toString() {
        return "MipModel[" + variables() + " variables (" + integerVariables() + " integer), " + constraints()
                + " rows, " + nonZeros() + " non-zeros]";
    }
}
