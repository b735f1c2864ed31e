/** The glue between the overlay control plane and the engine's data plane: ports implemented over the engine's rings, the node's DHT-backed leases and the virtual-IP routes resolved from the DHT. */
package org.ipop.overlay.dataplane;
