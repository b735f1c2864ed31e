package org.ipop.overlay.control;

/**
 * Port in: the source of inbound control frames for a {@link ControlPlaneAgent}. The integrator implements it
 * over the engine's control ring (each record: source IPv4, source port, receive time, frame bytes), calling
 * {@link ControlPlane#onControlFrame} once per frame.
 */
public interface ControlInputs
{
    /**
     * Delivers up to {@code limit} pending inbound frames to {@code plane}.
     *
     * @param plane the control plane.
     * @param limit most frames to deliver in this call.
     * @return frames delivered.
     */
    int poll(ControlPlane plane, int limit);
}
