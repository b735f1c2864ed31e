/** JMH benchmarks of the native sealing and opening of overlay frames (tap-native's session-key table). */
package org.ipop.bench.crypto;
