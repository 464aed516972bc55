/**
 * Plugins that ship inside the runner JAR rather than as drop-in JARs: today
 * {@code static-placement}, fixed placement rules from config. They use the same SPI as every
 * other plugin and are found through the same {@link java.util.ServiceLoader} registration.
 */
package io.numaagent.runner.builtin;
