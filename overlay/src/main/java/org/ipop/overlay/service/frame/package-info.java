/**
 * Flyweights over Ethernet II, ARP, IPv4 and UDP bytes, the Internet checksum, and the encoder of
 * UDP/IPv4/Ethernet replies the TAP services write into preallocated buffers.
 */
package org.ipop.overlay.service.frame;
