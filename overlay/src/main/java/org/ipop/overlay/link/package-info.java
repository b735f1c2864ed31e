/** The per-edge linking protocol: link request and reply, race resolution, retries with an adaptive timeout. */
package org.ipop.overlay.link;
