/** Control-plane wire format: flyweights over Agrona buffers, one per frame type, with their layouts. */
package org.ipop.overlay.wire;
