/** The simulator: many control planes in one JVM over an in-memory network with a virtual clock. */
package org.ipop.overlay.sim;
