/**
 * The bridge to the C TAP/UDP batching library: device and socket interfaces, batch record layouts,
 * and their JNI and JNA implementations.
 */
package org.ipop.tap;
