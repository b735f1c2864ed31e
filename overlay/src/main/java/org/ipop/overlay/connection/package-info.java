/** The connection table: one connection per peer, typed leaf, near, shortcut or on-demand, ordered round the ring. */
package org.ipop.overlay.connection;
