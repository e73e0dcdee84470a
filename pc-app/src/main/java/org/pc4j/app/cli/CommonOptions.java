package org.pc4j.app.cli;

import org.pc4j.app.compare.ModelKind;
import org.pc4j.app.compare.ModelOptions;
import org.pc4j.app.compare.Workload;
import org.pc4j.zoo.data.DataSources;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model and data options that {@code compare} and {@code equivalence} share (a picocli mixin). */
public final class CommonOptions {

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "mlp",
            description = "mlp, alexnet, resnet, vae, bert-mlm or bert-clm (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--data", paramLabel = "DATA",
            description = "digits, fashion-sample, mnist, fashion-mnist, cifar10, text-sample, english, or a path "
                    + "(default: digits for image models, text-sample for bert-*)")
    String data;

    @Mixin
    DataDirOption dataDir;

    @Mixin
    SeedOption seed;

    @Option(names = "--lr", description = "Adam's learning rate for every method (default: the model's, 1e-3)")
    Double learningRate;

    @Option(names = "--batch", description = "examples per batch (default: 64; 32 for bert-*)")
    Integer batch;

    @Option(names = "--width", description = "the model's width: hidden units (mlp 64, vae 256), first channels (alexnet 64), "
            + "base width (resnet 16), hidden size (bert 128)")
    Integer width;

    @Option(names = "--depth", description = "the model's depth: hidden layers (mlp 2, vae 2 per side), 6n+2 (resnet 20), blocks (bert 2)")
    Integer depth;

    @Option(names = "--vocab",
            description = "WordPiece vocabulary for text (default: 8000, the papers'; 2000 for texts under 1 M characters such as text-sample)")
    Integer vocabulary;

    @Option(names = "--length", description = "tokens per sequence for text (default: 32)")
    Integer length;

    @Option(names = "--train-limit", description = "use only the first N training examples (sequences for text)")
    Integer trainLimit;

    @Option(names = "--test-limit", description = "use only the first N test examples")
    Integer testLimit;

    /** @return the data name: the one given, else the embedded data the model reads */
    String dataName(ModelKind model) {
        return data != null ? data : model.readsText() ? "text-sample" : "digits";
    }

    /** @return the model's batches from the chosen data */
    Workload workload(ModelKind model, ModelOptions options) {
        return model.workload(DataSources.load(dataName(model), dataDir.dataDir, options.seed()), options);
    }

    /**
     * @return the options as a record (validated); an option not given is the model's default, and one given must be
     *         positive (0 is not a way to ask for the default)
     */
    ModelOptions modelOptions() {
        if (learningRate != null && !(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        return new ModelOptions(seed.seed, learningRate == null ? 0 : learningRate, positive("--batch", batch), positive("--width", width),
                positive("--depth", depth), positive("--vocab", vocabulary), positive("--length", length),
                positive("--train-limit", trainLimit), positive("--test-limit", testLimit));
    }

    private static int positive(String option, Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + value + " (leave it out for the model's default)");
        }
        return value;
    }
}
