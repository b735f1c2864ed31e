/** The replicated DHT: key placement on the ring, replicas, majority operations, leases and state transfer. */
package org.ipop.overlay.dht;
