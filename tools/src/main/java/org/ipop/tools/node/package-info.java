/** The running node: identity, TAP, socket, engine, control plane and their glue, its status file and shutdown. */
package org.ipop.tools.node;
