/**
 * Membership and edge security: node certificates signed by a network CA, the trust store that checks them, key
 * files, and the Noise IX handshake (with WireGuard-style mac1/mac2 and cookies) that starts every edge.
 */
package org.ipop.overlay.security;
