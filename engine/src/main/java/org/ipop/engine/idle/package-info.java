/**
 * How engine and control threads wait when there is no work: a {@link org.ipop.engine.idle.ConsumerWakeup}
 * per consuming thread (a doorbell eventfd its ring producers ring only while it sleeps), the
 * {@link org.ipop.engine.idle.SignallingRingBuffer} that rings it after every record, and idle strategies that
 * block in the kernel on the thread's device, socket and doorbell with no timeout
 * ({@link org.ipop.engine.idle.DescriptorIdleStrategy}) or until the thread's next deadline
 * ({@link org.ipop.engine.idle.DeadlineIdleStrategy}).
 */
package org.ipop.engine.idle;
