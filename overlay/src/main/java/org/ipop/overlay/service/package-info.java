/**
 * The IPOP services the node answers on its TAP (DHCP server, DNS responder, proxy ARP, ICMP echo for
 * the virtual addresses) as pure frame-in/frame-out components; {@link org.ipop.overlay.service.TapServices} is the entry point.
 *
 * <h2>Integration contract</h2>
 * <ol>
 *   <li>Build one {@link org.ipop.overlay.service.TapServicesContext} per namespace (subnet, virtual
 *   gateway/DNS address, virtual MAC, MTU, DNS TTL, pending bounds, clock) and one
 *   {@link org.ipop.overlay.service.TapServices} per node, on the control-plane thread.</li>
 *   <li>Implement, for the control-plane thread, without blocking:
 *     <ul>
 *       <li>{@link org.ipop.overlay.service.dhcp.LeaseProvider}: DHT Create/renew of
 *       {@code dhcp:<namespace>:<ip>} with the lease time as TTL, random free address, retry on conflict;
 *       complete the {@link org.ipop.overlay.service.dhcp.LeaseCallback} later, on the control-plane
 *       thread;</li>
 *       <li>{@link org.ipop.overlay.service.dns.NameResolver}: DHT Get of the hostname record, complete the
 *       {@link org.ipop.overlay.service.dns.NameCallback} on the control-plane thread;</li>
 *       <li>{@link org.ipop.overlay.service.arp.VirtualIpResolver}: answer from the address-resolution
 *       cache (REMOTE / NOT_REMOTE / UNKNOWN), starting a lookup on a miss;</li>
 *       <li>{@link org.ipop.overlay.service.frame.FrameSink}: copy the reply frame towards the TAP writer
 *       (e.g. a ring buffer to the data plane); return false if it could not.</li>
 *     </ul></li>
 *   <li>The data plane's TAP receiver punts to the control plane (through its ring buffer) every ARP
 *   frame, every IPv4/UDP frame to port 67, and every IPv4/UDP frame to the virtual DNS address port 53;
 *   and every IPv4/ICMP frame to the virtual gateway or DNS address; it may also punt other frames, which
 *   are counted as unhandled. The control plane calls
 *   {@code onFrame(buffer, offset, length)} for each; the bytes are only read during the call.</li>
 *   <li>Call {@code doWork()} once per control-plane duty cycle to expire pending transactions.</li>
 *   <li>Give the services a {@link org.ipop.overlay.service.ServiceCounters} allocated in the node's counters
 *   file (descriptor enums {@link org.ipop.overlay.service.ServiceCounter} and
 *   {@link org.ipop.overlay.service.DropReason}, each constant with a stable type id); read {@code counters()} and
 *   {@code hostAddresses()} (the host's MAC and IP, for writing decapsulated frames to the TAP).</li>
 *   <li>Open the TAP without checksum offload, or set {@code verifyUdpChecksums(false)}.</li>
 * </ol>
 */
package org.ipop.overlay.service;
