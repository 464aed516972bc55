/**
 * The plugin SPI's value types shared by snapshots and decisions: CPU and node sets in the
 * kernel's list format ({@code 0-3,8-11}). This module depends on the JDK only, so that a
 * third-party plugin needs nothing but this JAR to compile.
 */
package io.numaagent.api;
