/** Overlay addresses: 160-bit ring positions with a class bit, transport addresses, and node identity. */
package org.ipop.overlay.address;
