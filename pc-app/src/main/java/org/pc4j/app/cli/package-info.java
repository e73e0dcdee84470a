/** The picocli commands behind {@code ./pc4j}: {@code compare}, {@code equivalence}, {@code bench}. */
package org.pc4j.app.cli;
