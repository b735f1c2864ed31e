/**
 * IPOP's records on the DHT: namespace configuration, decentralized DHCP leases, hostname records and virtual IP to
 * overlay address records, behind the TAP services' provider interfaces.
 */
package org.ipop.overlay.ipop;
