/** Routing over the connection table: greedy, annealing, exact, directional and successor/predecessor modes. */
package org.ipop.overlay.routing;
