/** Data sets that work offline; {@link org.pc4j.zoo.data.Digits} is shipped inside the jar. */
package org.pc4j.zoo.data;
