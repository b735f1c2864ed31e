/**
 * Proxy ARP on the TAP: answers the host's requests for remote virtual IPs and for the virtual
 * gateway/DNS address with the node's virtual MAC, learning the host's own addresses on the way.
 */
package org.ipop.overlay.service.arp;
