/** The local admin channel: Aeron IPC between a node's control plane and {@code ipop status} / {@code ipop dht}. */
package org.ipop.tools.admin;
