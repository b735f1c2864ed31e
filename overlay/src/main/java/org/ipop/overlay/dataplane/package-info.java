/** The glue between the overlay control plane and the engine's data plane: ports implemented over the engine's rings, the virtual-IP directory and the routes it installs. */
package org.ipop.overlay.dataplane;
