/**
 * An IPOP namespace's records in the DHT: namespace configuration, decentralized DHCP leases, hostname records
 * and virtual IP to overlay address records, behind the TAP services' provider interfaces
 * ({@link org.ipop.overlay.namespace.IpopNamespace} assembles them).
 */
package org.ipop.overlay.namespace;
