package org.pc4j.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.app.compare.ComparisonResult.ParameterDifference;
import org.pc4j.app.compare.Equivalence;
import org.pc4j.app.compare.ModelKind;
import org.pc4j.app.compare.ModelOptions;
import org.pc4j.app.compare.Network;
import org.pc4j.app.compare.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pc4j equivalence}: Z-IL's weight update against backprop's on one batch, per parameter array. */
@Command(name = "equivalence", mixinStandardHelpOptions = true,
        description = "Trains two copies of the same network on one batch, one with DL4J's backprop and one with Z-IL, and "
                + "prints, per parameter array, the largest element-wise relative difference between the two updates. "
                + "Exits with 1 if any exceeds the tolerance.")
public final class EquivalenceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--float", description = "run in float32 instead of double precision")
    boolean float32;

    @Option(names = "--tolerance", defaultValue = "1e-10", description = "largest relative difference accepted (default: ${DEFAULT-VALUE}; "
            + "use about 1e-4 with --float)")
    double tolerance;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelKind model = ModelKind.of(common.model);
        ModelOptions options = common.modelOptions();
        DataType type = float32 ? DataType.FLOAT : DataType.DOUBLE;
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(type, type);
        try {
            Workload data = common.workload(model, options);
            Network net = model.build(data, options).convertTo(type);
            DataSet batch = cast(data.trainBatches(0).iterator().next(), type);
            List<ParameterDifference> rows = Equivalence.firstUpdate(net, batch);
            out.println("pc4j equivalence: " + model.describe(net) + ", " + type.name().toLowerCase(Locale.ROOT) + ", one batch of "
                    + batch.numExamples() + " from " + data.description());
            int w = Math.max(9, rows.stream().mapToInt(r -> r.parameter().length()).max().orElse(9));
            out.printf(Locale.ROOT, "%-" + w + "s  %26s  %26s%n", "parameter", "max relative difference", "max absolute difference");
            double worst = 0;
            for (ParameterDifference r : rows) {
                out.printf(Locale.ROOT, "%-" + w + "s  %26.3e  %26.3e%n", r.parameter(), r.maxRelativeDifference(), r.maxAbsoluteDifference());
                worst = Math.max(worst, r.maxRelativeDifference());
            }
            boolean ok = worst <= tolerance;
            out.printf(Locale.ROOT, "largest: %.3e (%s tolerance %.0e): Z-IL %s backprop%n", worst, ok ? "within" : "OVER", tolerance,
                    ok ? "equals" : "differs from");
            return ok ? 0 : 1;
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private static DataSet cast(DataSet d, DataType type) {
        return new DataSet(d.getFeatures().castTo(type), d.getLabels().castTo(type),
                d.getFeaturesMaskArray() == null ? null : d.getFeaturesMaskArray().castTo(type),
                d.getLabelsMaskArray() == null ? null : d.getLabelsMaskArray().castTo(type));
    }
}
