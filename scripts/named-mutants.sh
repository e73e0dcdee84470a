#!/usr/bin/env bash
# Named, hand-written mutants of the engine's numerics that PIT's byte-code mutators cannot express (an INDArray
# subi turned addi, a level index shifted, a readout moved one step): each is applied alone, the engine's fast oracle
# tests run, and the mutant is reported caught or SURVIVED. Exits non-zero if any mutant survives or no longer applies
# (a drifted pattern must be fixed, not skipped). Run from the repository root after `mvn -o install -DskipTests`:
#   scripts/named-mutants.sh            # all mutants
#   scripts/named-mutants.sh 3          # only mutant 3
# Takes about a minute per mutant on two cores. See docs/testing.md.
set -u
cd "$(dirname "$0")/.."

T=pc-trainers/src/main/java/org/pc4j/trainers
L=pc-layers/src/main/java/org/pc4j/layers
# name | file | exact text | replacement (first occurrence)
MUTANTS=(
  "value move: gradient ascent (the sign of gamma)|$L/node/ValueNode.java|value.subi(step);|value.addi(step);"
  "Gaussian energy: drop the 1/2|$L/energy/GaussianEnergy.java|return 0.5 * norm * norm;|return norm * norm;"
  "Z-IL: computes one level too few|$T/ZilSchedule.java|return level >= step;|return level > step;"
  "Z-IL: reads each layer one step late|$T/ZilSchedule.java|return level == step ? Readout.FULL|return level == step + 1 ? Readout.FULL"
  "value move: a node moves while its own level (not the level above) is computed|$T/engine/inference/Plan.java|schedule.computes(level - 1, e)|schedule.computes(level, e)"
  "weight step: parameters += update|$T/engine/inference/WeightUpdate.java|net.params().subi(|net.params().addi("
  "readout: a gradient not read is applied anyway|$T/engine/inference/GradientReadout.java|view.assign(0);|view.addi(0);"
  "value move: only the last consumer's message counts|$T/engine/inference/ValueMove.java|message = message == null ? m : message.addi(m);|message = m;"
  "message delays: one step too long on skip edges|$T/engine/inference/MessageDelays.java|graph.predictor(c).level() - 1;|graph.predictor(c).level();"
  "wavefront: a node off its prediction is not computed|$T/engine/inference/Wavefront.java|(output || stale[k] || !atPrediction)|(output || stale[k])"
  "backward sweep: backprop without refreshing consumed caches|$T/engine/inference/BackwardSweep.java|calls.ensureCached(k, e, mgr);|;"
  "Fa-Z-IL: phi fires after window - 1 zero steps|$T/engine/inference/ErrorOnsetDetector.java|zeroRun[k].gte(window)|zeroRun[k].gte(window - 1)"
  "rate control: a rising step does not halve the rate|$T/engine/inference/ValueMove.java|double halved = state.rate / 2;|double halved = state.rate;"
  "perturbed initialisation: the same noise every batch|$T/engine/inference/ValueInitialiser.java|new Random(p.seed() + iteration)|new Random(p.seed())"
)
TESTS='GaussianEnergyTest,ErrorOnsetDetectorTest,ValueInitialiserTest,GradientReadoutTest,CategoricalEnergyTest,PrecisionWeightedEnergyTest,ValueNodeTest,ZilEqualsBackpropTest,ZilGraphEqualsBackpropTest,ZilLayerCoverageTest,RelaxedGradientOracleTest,ScheduleBehaviourTest,PlanTest,WavefrontTest,WavefrontWorkTest,FaZilTest,EnergyIdentityTest,InferenceRateControlTest,TrainerContractTest,NodeEnergiesTest,VaeTrainingTest'

only="${1:-}"
failed=0
for i in "${!MUTANTS[@]}"; do
  n=$((i + 1))
  [[ -n "$only" && "$only" != "$n" ]] && continue
  IFS='|' read -r name file from to <<< "${MUTANTS[$i]}"
  if ! grep -qF -- "$from" "$file"; then
    echo "mutant $n ($name): NO LONGER APPLIES to $file"
    failed=1
    continue
  fi
  cp "$file" "$file.orig"
  FROM="$from" TO="$to" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$file"
  if mvn -B -ntp -q -o test -pl pc-layers,pc-trainers -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
      > "/tmp/pc4j-mutant-$n.log" 2>&1; then
    echo "mutant $n ($name): SURVIVED (log /tmp/pc4j-mutant-$n.log)"
    failed=1
  else
    killer=$(grep -ohE "^\[ERROR\]   [A-Za-z]+Test\.[A-Za-z0-9_]+" "/tmp/pc4j-mutant-$n.log" | head -1 | sed 's/\[ERROR\]   //')
    echo "mutant $n ($name): caught${killer:+ by $killer}"
  fi
  mv "$file.orig" "$file"
  touch "$file" # newer than the mutant's classes, so that Maven recompiles the original
done
# leave the tree as it was: rebuild the original classes
mvn -B -ntp -q -o clean compile -pl pc-layers,pc-trainers > /dev/null 2>&1
exit $failed
