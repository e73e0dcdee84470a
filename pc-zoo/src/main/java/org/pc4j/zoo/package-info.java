/** pc4j's model zoo ({@code models}), offline data sets ({@code data}) and tokenizers ({@code text}): a library. */
package org.pc4j.zoo;
