/**
 * The overlay wire format as the engine sees it: the {@link org.ipop.engine.protocol.Flyweight} base every
 * flyweight of the project extends (one byte order per format, documented there), the overlay frame header
 * ({@link org.ipop.engine.protocol.OverlayFrameFlyweight}, layout in its Javadoc), the one codec of 160-bit node
 * addresses ({@link org.ipop.engine.protocol.NodeAddress}) and the Ethernet/IPv4 fields the engine classifies on.
 */
package org.ipop.engine.protocol;
