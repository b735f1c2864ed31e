package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;

/**
 * Where the TAP services write the frames they answer with: the host side of the node's TAP device.
 * <p>
 * Thread: called on the control-plane thread. Buffer ownership: the bytes belong to the caller and are
 * reused as soon as the call returns, so an implementation copies them (e.g. into a ring buffer towards
 * the TAP writer) before returning.
 */
@FunctionalInterface
public interface FrameSink
{
    /**
     * @param buffer holding a complete Ethernet II frame (no FCS).
     * @param offset of the first byte of the frame.
     * @param length of the frame in bytes.
     * @return true if the frame was accepted for writing, false if it was dropped (e.g. queue full).
     */
    boolean writeToTap(DirectBuffer buffer, int offset, int length);
}
