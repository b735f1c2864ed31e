/**
 * The DNS responder the node runs on its TAP for the namespace's virtual DNS address: query codec with
 * loop-safe name decompression, answers for {@code <hostname>.ipop} from a {@link
 * org.ipop.overlay.service.dns.NameResolver}, other names forwarded to configured upstream servers by the
 * {@link org.ipop.overlay.service.dns.DnsForwarder} or, without upstreams, answered REFUSED.
 */
package org.ipop.overlay.service.dns;
