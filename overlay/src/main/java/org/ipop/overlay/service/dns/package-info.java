/**
 * The DNS responder the node runs on its TAP for the namespace's virtual DNS address: query codec with
 * loop-safe name decompression, answers for {@code <hostname>.ipop} from a {@link
 * org.ipop.overlay.service.dns.NameResolver}, REFUSED for other names.
 */
package org.ipop.overlay.service.dns;
