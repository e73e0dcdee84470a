package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;

/** The command line's argument errors: a clear message on stderr, a distinct exit status, and nothing run. */
class CompareCommandTest {

    @TempDir
    Path tmp;

    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    @Test
    void unknownModelIsRejectedWithTheListOfModels() {
        CommandLineRun r = run("compare", "--model", "gpt5");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model 'gpt5'").contains("mlp, alexnet, resnet, vae, bert-mlm, bert-clm");
        assertThat(r.out()).doesNotContain("epoch");
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToFetchIt() {
        CommandLineRun r = run("compare", "--data", "mnist", "--data-dir", tmp.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("was not found").contains(tmp.toString()).contains("scripts/fetch-data.sh mnist");
    }

    @Test
    void unknownDataNameListsTheNames() {
        CommandLineRun r = run("compare", "--data", "imagenet-22k");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown data 'imagenet-22k'").contains("fashion-mnist").contains("text-sample");
    }

    @Test
    void languageModelOnImagesIsIncompatible() {
        CommandLineRun r = run("compare", "--model", "bert-mlm", "--data", "digits");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("model bert-mlm needs text").contains("'digits' is images");
    }

    @Test
    void imageModelOnTextIsIncompatible() {
        CommandLineRun r = run("compare", "--model", "alexnet", "--data", "text-sample");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("model alexnet needs labelled images").contains("use bert-mlm or bert-clm");
    }

    @Test
    void tooFewInferenceStepsForTheModelsDepthAreIncompatible() {
        // a 5-level MLP (4 hidden layers): PC needs T >= 4 for the error to reach the first layer
        CommandLineRun r = run("compare", "--depth", "4", "--methods", "bp,pc:2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("pc:2 cannot train mlp").contains("only after 4 steps").contains("use pc:4");
    }

    @Test
    void unknownMethodAndBadNumbersAreRejected() {
        assertThat(run("compare", "--methods", "bp,sgd").err()).contains("unknown method 'sgd'");
        assertThat(run("compare", "--methods", "pc:many").err()).contains("needs a whole number");
        assertThat(run("compare", "--methods", "zil:3").err()).contains("takes no number");
        assertThat(run("compare", "--methods", "bp,bp").err()).contains("listed twice");
        CommandLineRun r = run("compare", "--epochs", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--epochs must be >= 1");
        assertThat(run("compare", "--epochs", "three").status()).isEqualTo(2); // picocli's own type check
    }

    @Test
    void helpListsTheCommandsAndOptions() {
        CommandLineRun top = run("--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).contains("compare").contains("equivalence").contains("bench");
        CommandLineRun compare = run("compare", "--help");
        assertThat(compare.out()).contains("--model").contains("--methods").contains("--report");
    }

    @Test
    void equivalenceOfTheMlpIsExactInDoublePrecision() {
        CommandLineRun r = run("equivalence", "--model", "mlp", "--train-limit", "64");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("0_W").contains("2_b").contains("Z-IL equals backprop");
    }

    @Test
    void equivalenceOfTheVaeHoldsWithItsSamplingNoise() {
        // both copies draw the same noise: Z-IL equals backprop exactly, also through the reparameterisation
        CommandLineRun r = run("equivalence", "--model", "vae", "--data", "fashion-sample", "--width", "16", "--batch", "8",
                "--train-limit", "16", "--test-limit", "8");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Z-IL equals backprop");
    }

    @Test
    void equivalenceOfTheCausalLanguageModelIsExact() {
        CommandLineRun r = run("equivalence", "--model", "bert-clm", "--width", "16", "--vocab", "200", "--length", "8", "--batch", "4",
                "--train-limit", "8", "--test-limit", "4");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("block").contains("Z-IL equals backprop");
    }
}
