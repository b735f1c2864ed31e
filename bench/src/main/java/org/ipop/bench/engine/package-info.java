/** JMH benchmarks and latency harnesses of the engine's data plane, without system calls. */
package org.ipop.bench.engine;
