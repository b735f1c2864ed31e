package org.ipop.overlay.control;

import org.agrona.DirectBuffer;

/**
 * Port out: how the control plane sends control frames. The data plane engine implements it by writing the
 * frame to its outbound ring (an edge send); the simulator implements it in memory.
 */
public interface ControlTransport
{
    /**
     * Sends one control frame. Called on the control-plane thread; the buffer is owned by the caller and
     * reused after the call returns, so the implementation copies what it keeps.
     *
     * @param dstIp   destination IPv4 address (a.b.c.d as a&lt;&lt;24|b&lt;&lt;16|c&lt;&lt;8|d).
     * @param dstPort destination UDP port.
     * @param buffer  frame bytes.
     * @param offset  offset of the frame.
     * @param length  frame length.
     * @return true if the frame was accepted for sending, false if it was dropped (back pressure).
     */
    boolean sendControl(int dstIp, int dstPort, DirectBuffer buffer, int offset, int length);
}
