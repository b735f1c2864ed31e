/**
 * Flyweights over Ethernet II, ARP, IPv4, UDP and ICMP bytes, the Internet checksum, and the encoders of
 * UDP/IPv4/Ethernet replies the TAP services write into preallocated buffers. Every flyweight extends the
 * engine's {@link org.ipop.engine.protocol.Flyweight} in {@link org.ipop.engine.protocol.Flyweight#NETWORK_ORDER},
 * the order these protocols define; each documents its layout in its Javadoc.
 */
package org.ipop.overlay.service.frame;
