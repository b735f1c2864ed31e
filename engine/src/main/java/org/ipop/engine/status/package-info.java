/**
 * Operator-facing status: the memory-mapped counters file with its error log, the one counter model every
 * family of a node uses, and a reader for other processes.
 * <p>
 * Counter model: each family of counters is an enum implementing {@link org.ipop.engine.status.CounterDescriptor},
 * every constant with an explicit stable type id and a label; the node allocates all families in the counters
 * file's {@link org.agrona.concurrent.status.CountersManager} (a private one from
 * {@link org.ipop.engine.status.PrivateCountersManager} in a simulator or a test), and readers find a counter by
 * its type id. Type id ranges ({@link org.ipop.engine.status.CounterFamily}), never reused:
 * <pre>
 *   1000-1999  engine data plane      org.ipop.engine.status.EngineCounter
 *              (1001- TAP receiver, 1101- UDP receiver, 1201- conductor, 1301- any thread)
 *   2000-2999  overlay control plane  org.ipop.overlay.control.ControlCounter
 *   3000-3999  DHT                    org.ipop.overlay.dht.DhtCounter
 *   4000-4499  TAP services, events   org.ipop.overlay.service.ServiceCounter
 *   4500-4999  TAP services, drops    org.ipop.overlay.service.DropReason
 * </pre>
 */
package org.ipop.engine.status;
