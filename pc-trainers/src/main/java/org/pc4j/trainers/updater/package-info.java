/**
 * Learning-rate schedules that make DL4J's updaters follow their published definitions where ND4J 1.0.0-M2.1 does
 * not ({@link org.pc4j.trainers.updater.NadamBiasCorrection}).
 */
package org.pc4j.trainers.updater;
