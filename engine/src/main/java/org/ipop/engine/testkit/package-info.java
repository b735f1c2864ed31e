/** Allocation-free in-memory devices standing in for the TAP and the UDP socket in tests, benchmarks and simulations. */
package org.ipop.engine.testkit;
