/** The node's YAML configuration: loading, validation with messages naming key and value. */
package org.ipop.tools.config;
