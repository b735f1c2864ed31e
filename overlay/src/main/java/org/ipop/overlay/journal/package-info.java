/** The control-plane journal on Chronicle Queue, its record layout, reader and replay. */
package org.ipop.overlay.journal;
