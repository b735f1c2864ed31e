/** The overlay wire format: flyweights and layout descriptors for overlay frames and the Ethernet/IPv4 fields the engine reads. */
package org.ipop.engine.protocol;
