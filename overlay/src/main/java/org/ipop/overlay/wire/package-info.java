/**
 * Control-plane wire format: flyweights over Agrona buffers, one per frame type, each documenting its layout
 * in its Javadoc. Every frame starts with {@link org.ipop.overlay.wire.FrameHeader}; multi-byte fields are in
 * {@link org.ipop.engine.protocol.Flyweight#WIRE_ORDER} and overlay addresses are written by
 * {@link org.ipop.engine.protocol.NodeAddress}, as in the engine's overlay frame header that carries them.
 */
package org.ipop.overlay.wire;
