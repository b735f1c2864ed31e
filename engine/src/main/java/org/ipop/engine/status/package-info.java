/** Operator-facing status: the memory-mapped counters file with its error log, the engine's counters, and a reader for other processes. */
package org.ipop.engine.status;
