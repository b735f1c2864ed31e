/**
 * The data plane's duty-cycle agents: TAP receiver (and socket sender), UDP receiver (and TAP writer), and the
 * conductor applying commands.
 */
package org.ipop.engine.agent;
