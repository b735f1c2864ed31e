/**
 * The DHCP server the node runs on its TAP: BOOTP/DHCP codec, the responder that turns DISCOVER/REQUEST
 * into OFFER/ACK/NAK once the overlay has granted a lease, and the {@link
 * org.ipop.overlay.service.dhcp.LeaseProvider} contract with an in-memory implementation.
 */
package org.ipop.overlay.service.dhcp;
