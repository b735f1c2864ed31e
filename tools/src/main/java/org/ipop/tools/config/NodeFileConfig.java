package org.ipop.tools.config;

import java.nio.file.Path;
import java.util.List;

import org.ipop.overlay.address.TransportAddress;

/**
 * The node's configuration file with command-line overrides applied: everything a node needs to run, after
 * validation. Built by {@link NodeConfigLoader} from YAML and command-line overrides; immutable. The runtime
 * derives the control plane's settings ({@link org.ipop.overlay.control.NodeConfig}) and the engine's from it.
 *
 * @param namespace     the IPOP namespace: the virtual network this node joins (DHT keys are prefixed with it).
 * @param realm         the overlay's realm: nodes of different realms never link.
 * @param listen        the UDP address and port the node binds (port 0: any free port).
 * @param bootstrap     transport addresses of nodes to join through; empty for the first node.
 * @param tap           the TAP device name.
 * @param mtu           the TAP MTU; must leave room for overlay and underlay headers.
 * @param addressMode   how the virtual interface gets its address.
 * @param address       the static address (mode STATIC) or null.
 * @param network       the namespace's virtual network (used when this node creates the namespace record).
 * @param journal       directory of the control-plane journal, or null to keep no journal.
 * @param keyFile       with certificates: the node's private key file written by {@code ipop cert sign} (mode 0600);
 *                      in plaintext mode: its identity key pair (created on first start). The identity key's hash
 *                      is the node's address.
 * @param threading     data-plane threading mode: {@code dedicated} or {@code shared}.
 * @param cpus          CPUs to pin data-plane threads to, in agent order; empty: no pinning.
 * @param bridge        native bridge: {@code jni} or {@code jna}.
 * @param hostname      the name other nodes resolve as {@code <hostname>.ipop}.
 * @param dnsForward    DNS servers that names outside {@code .ipop} are forwarded to, in the order tried; empty:
 *                      such names are answered REFUSED.
 * @param leaseSeconds  lease time of the DHCP leases this node grants (the TTL of their DHT records); all
 *                      nodes of a namespace should use the same value.
 * @param security      membership and encryption: certificates (the default) or plaintext.
 */
public record NodeFileConfig(
    String namespace,
    String realm,
    TransportAddress listen,
    List<TransportAddress> bootstrap,
    String tap,
    int mtu,
    AddressMode addressMode,
    Subnet address,
    Subnet network,
    Path journal,
    Path keyFile,
    String threading,
    List<Integer> cpus,
    String bridge,
    String hostname,
    List<TransportAddress> dnsForward,
    int leaseSeconds,
    SecurityConfig security)
{
}
