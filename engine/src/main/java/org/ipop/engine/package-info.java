/** The engine entry point: launches the data-plane agents over a TAP device and a UDP socket and exposes the control-plane API. */
package org.ipop.engine;
