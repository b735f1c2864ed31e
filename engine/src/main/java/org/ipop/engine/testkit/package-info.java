/**
 * Allocation-free in-memory devices standing in for the TAP and the UDP socket in tests, benchmarks and simulations,
 * and {@link org.ipop.engine.testkit.JdkSessionKeys}, a reference session-key table on the JDK's ciphers for tests
 * and fake endpoints (it allocates).
 */
package org.ipop.engine.testkit;
