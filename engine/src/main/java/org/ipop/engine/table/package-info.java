/** Forwarding tables owned by the data plane: one writer applies control-plane commands, agents read without locks. */
package org.ipop.engine.table;
