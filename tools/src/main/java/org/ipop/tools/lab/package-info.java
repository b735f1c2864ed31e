/** Hosts on one machine for the demo and end-to-end tests: network namespaces, veths, a bridge, processes. */
package org.ipop.tools.lab;
