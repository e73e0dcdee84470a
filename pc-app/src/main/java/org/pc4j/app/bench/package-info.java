/** The update-cost benchmark behind {@code ./pc4j bench}. */
package org.pc4j.app.bench;
