package org.pc4j.app.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ZilSchedule;
import org.pc4j.zoo.models.PcRecipe;

/**
 * One training method of a comparison: DL4J's backprop ({@code schedule == null}) or a PC schedule with its
 * inference rate. On the command line: {@code bp}, {@code pc}, {@code pc:T}, {@code ipc}, {@code ipc:T},
 * {@code zil}, {@code fazil}, {@code fazil:tD}; without T, PC and iPC take the model's recommended steps, raised to
 * the network's depth if fewer (so that the output error reaches every layer).
 *
 * @param name          the name shown in tables ("bp", "pc(20)", ...)
 * @param schedule      the PC schedule, null for backprop
 * @param inferenceRate gamma (1 for backprop, Z-IL and Fa-Z-IL)
 * @param explicitSteps true if the user gave T
 */
public record MethodSpec(String name, Schedule schedule, double inferenceRate, boolean explicitSteps) {

    /** @return true for backprop */
    public boolean isBackprop() {
        return schedule == null;
    }

    /** @return true for Z-IL, whose parameters must equal backprop's */
    public boolean isZil() {
        return schedule instanceof ZilSchedule;
    }

    /** @return a trainer for this method (null for backprop) */
    public PcTrainer trainer() {
        return schedule == null ? null : PcTrainer.builder().schedule(schedule).inferenceRate(inferenceRate).build();
    }

    /** @return the same trainer with listeners, or null for backprop */
    public PcTrainer trainer(org.pc4j.trainers.PcListener... listeners) {
        return schedule == null ? null : PcTrainer.builder().schedule(schedule).inferenceRate(inferenceRate).listeners(listeners).build();
    }

    /**
     * @param tokens        the methods as given ({@code --methods bp,pc,ipc:6,zil})
     * @param model         the model, for the recommended steps and rates
     * @param gamma         an inference rate for PC and iPC overriding the recipe's, or null
     * @param needed        the fewest steps with which PC and iPC bring the output error to every layer
     *                      ({@code PcNetworks.minimumSteps}, the rule the trainer warns by)
     * @return the methods, in order
     * @throws IllegalArgumentException on no method, a repeated one, a bad inference rate, or steps too few for the
     *                                  network
     */
    public static List<MethodSpec> resolve(List<MethodToken> tokens, ModelKind model, Double gamma, StepsNeeded needed) {
        if (gamma != null && !(gamma > 0 && Double.isFinite(gamma))) {
            throw new IllegalArgumentException("the inference rate must be > 0, got " + gamma);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no method given: use a comma-separated list of " + String.join(", ", MethodToken.KINDS));
        }
        List<MethodSpec> out = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (MethodToken token : tokens) {
            MethodSpec m = resolve(token, model, gamma, needed);
            if (!seen.add(m.name())) {
                throw new IllegalArgumentException("method " + m.name() + " is listed twice");
            }
            out.add(m);
        }
        return out;
    }

    /**
     * The fewest steps PC and iPC need on a network.
     *
     * @param pc  for PC(T)
     * @param ipc for iPC(T)
     */
    public record StepsNeeded(int pc, int ipc) {
    }

    static MethodSpec resolve(MethodToken token, ModelKind model, Double gamma, StepsNeeded stepsNeeded) {
        String kind = token.kind();
        Integer n = token.steps();
        switch (kind) {
            case "bp" -> {
                return new MethodSpec("bp", null, 1.0, false);
            }
            case "zil" -> {
                return new MethodSpec("zil", Schedule.zil(), 1.0, false);
            }
            case "fazil" -> {
                Schedule s = Schedule.faZil(n == null ? 4 : n);
                return new MethodSpec(s.toString(), s, 1.0, n != null);
            }
            case "pc", "ipc" -> {
                boolean pc = kind.equals("pc");
                PcRecipe recipe = model.recipe(pc ? Schedule.pc(1) : Schedule.ipc(1));
                int recommended = pc ? ((PcSchedule) recipe.schedule()).valueSteps() : ((IpcSchedule) recipe.schedule()).valueSteps();
                int needed = pc ? stepsNeeded.pc() : stepsNeeded.ipc();
                int steps;
                if (n != null) {
                    if (n < needed) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "%s cannot train %s: the output error reaches its farthest layer with parameters only after "
                                + "%d steps, so with T = %d that layer never learns from the labels; use %s:%d or more (or leave T out)",
                                token, model.cliName(), stepsNeeded.pc(), n, kind, needed));
                    }
                    steps = n;
                } else {
                    steps = Math.max(recommended, Math.max(1, needed));
                }
                Double tol = token.tolerance();
                Schedule s = pc ? (tol == null ? Schedule.pc(steps) : Schedule.pc(steps).untilConverged(tol))
                        : (tol == null ? Schedule.ipc(steps) : Schedule.ipc(steps).untilConverged(tol));
                return new MethodSpec(s.toString(), s, gamma != null ? gamma : recipe.inferenceRate(), n != null);
            }
            default -> throw new IllegalStateException("unknown method " + kind);
        }
    }
}
