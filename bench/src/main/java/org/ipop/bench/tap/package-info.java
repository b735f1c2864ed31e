/**
 * JMH benchmarks of the tap-native bridges (JNI, JNA) moving frames through a real TAP device.
 */
package org.ipop.bench.tap;
