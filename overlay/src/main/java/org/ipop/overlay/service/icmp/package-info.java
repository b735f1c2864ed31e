/**
 * ICMP echo on the TAP: the node answers pings to the namespace's virtual gateway and DNS addresses.
 */
package org.ipop.overlay.service.icmp;
