package org.placementexplorer.solve.slicegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A biased random-key genetic algorithm (Gonçalves and Resende, 2011). A chromosome is a vector of
 * keys in [0, 1); a problem-specific decoder turns it into a solution and a fitness (smaller is
 * better). Each generation keeps the elite, adds fresh random mutants, and fills the rest with
 * children of one elite and one non-elite parent, each key taken from the elite parent with
 * probability {@code rho}. Single-threaded and driven by one seeded generator: the same seed gives
 * the same sequence of generations.
 */
public final class Brkga {
    /** Turns keys into a fitness (and reports solutions as it likes). */
    public interface Decoder {
        double decode(double[] keys);
    }

    private final int length;
    private final int population;
    private final int elite;
    private final int mutants;
    private final double rho;
    private final SplittableRandom rnd;
    private final Decoder decoder;
    private double[][] pop;
    private double[] fit;
    private int generation;

    /**
     * @param length     keys per chromosome
     * @param population chromosomes per generation
     * @param eliteShare fraction kept as elite (e.g. 0.2)
     * @param mutantShare fraction replaced by random chromosomes (e.g. 0.15)
     * @param rho        probability that a child takes the elite parent's key (e.g. 0.7)
     */
    public Brkga(int length, int population, double eliteShare, double mutantShare, double rho, long seed,
            Decoder decoder) {
        this.length = length;
        this.population = Math.max(4, population);
        this.elite = Math.max(1, (int) Math.round(this.population * eliteShare));
        this.mutants = Math.max(1, (int) Math.round(this.population * mutantShare));
        this.rho = rho;
        this.rnd = new SplittableRandom(seed);
        this.decoder = decoder;
    }

    /**
     * Builds the first generation: the given seed chromosomes first, random ones after; decodes each
     * (stops early, leaving the rest undecoded and out of the running, when {@code stop} says so).
     */
    public void start(List<double[]> seeds, BooleanSupplier stop) {
        pop = new double[population][];
        fit = new double[population];
        Arrays.fill(fit, Double.POSITIVE_INFINITY);
        for (int i = 0; i < population; i++) {
            pop[i] = i < seeds.size() ? seeds.get(i).clone() : random();
        }
        for (int i = 0; i < population && !stop.getAsBoolean(); i++) {
            fit[i] = decoder.decode(pop[i]);
        }
        sort();
        generation = 1;
    }

    /** One generation; returns false when stopped part-way (the population stays valid). */
    public boolean evolve(BooleanSupplier stop) {
        double[][] next = new double[population][];
        double[] nextFit = new double[population];
        for (int i = 0; i < elite; i++) {
            next[i] = pop[i];
            nextFit[i] = fit[i];
        }
        int k = elite;
        for (int i = 0; i < mutants && k < population; i++, k++) {
            next[k] = random();
            nextFit[k] = Double.NaN;
        }
        for (; k < population; k++) {
            double[] a = pop[rnd.nextInt(elite)];
            double[] b = pop[elite + rnd.nextInt(population - elite)];
            double[] child = new double[length];
            for (int j = 0; j < length; j++) {
                child[j] = rnd.nextDouble() < rho ? a[j] : b[j];
            }
            next[k] = child;
            nextFit[k] = Double.NaN;
        }
        boolean complete = true;
        for (int i = elite; i < population; i++) {
            if (stop.getAsBoolean()) {
                complete = false;
                nextFit[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            nextFit[i] = decoder.decode(next[i]);
        }
        pop = next;
        fit = nextFit;
        sort();
        generation++;
        return complete;
    }

    private double[] random() {
        double[] c = new double[length];
        for (int j = 0; j < length; j++) {
            c[j] = rnd.nextDouble();
        }
        return c;
    }

    private void sort() {
        Integer[] idx = new Integer[population];
        for (int i = 0; i < population; i++) {
            idx[i] = i;
        }
        // stable: ties keep their order, so runs are reproducible
        Arrays.sort(idx, Comparator.comparingDouble(i -> fit[i]));
        double[][] p2 = new double[population][];
        double[] f2 = new double[population];
        for (int i = 0; i < population; i++) {
            p2[i] = pop[idx[i]];
            f2[i] = fit[idx[i]];
        }
        pop = p2;
        fit = f2;
    }

    public double bestFitness() {
        return fit[0];
    }

    public double[] bestKeys() {
        return pop[0].clone();
    }

    public int generation() {
        return generation;
    }

    /** The current population's fitnesses, best first (for tests). */
    public List<Double> fitnesses() {
        List<Double> out = new ArrayList<>();
        for (double f : fit) {
            out.add(f);
        }
        return out;
    }
}
