/**
 * A node's virtual network on top of its engine: the control plane's ports over the engine's rings
 * ({@link org.ipop.overlay.vnet.EngineControlTransport}, {@link org.ipop.overlay.vnet.EngineDataPlaneCommands},
 * {@link org.ipop.overlay.vnet.PeerIds}), the punt rules of the node's services, the node's own DHT-backed
 * lease, the routes from virtual IPs to overlay addresses, the broadcast member list, and the agent that runs
 * them beside the control plane ({@link org.ipop.overlay.vnet.NodeGlueAgent}).
 */
package org.ipop.overlay.vnet;
