/** The syntax of option values that are not one protocol's: written the same in the pack's configuration and on the command line. */
package org.mailauth.options;
