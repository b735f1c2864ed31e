/** The {@code ipop} command line: node, demo, status, dht, journal and sim subcommands. */
package org.ipop.tools;
