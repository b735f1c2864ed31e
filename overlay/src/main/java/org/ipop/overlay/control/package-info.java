/** The control plane of one node: a deterministic state machine over journaled inputs, its ports, and its agent. */
package org.ipop.overlay.control;
