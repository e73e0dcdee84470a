/** pc4j's command-line entry point ({@link org.pc4j.zoo.Main}); the model zoo grows here. */
package org.pc4j.zoo;
