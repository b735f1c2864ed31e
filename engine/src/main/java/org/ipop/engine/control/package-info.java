/** The engine's control-plane API: a proxy for commands and outgoing frames, and a poller delivering events to a handler. */
package org.ipop.engine.control;
