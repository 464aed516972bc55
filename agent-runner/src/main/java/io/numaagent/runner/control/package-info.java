/**
 * The control prompt: a running agent answers operators on a Unix domain socket
 * ({@link io.numaagent.runner.control.ControlServer}, guarded by
 * {@link io.numaagent.runner.control.ControlSocket}), one request line in, response lines and a status
 * out ({@link io.numaagent.runner.control.ControlProtocol}). The commands
 * ({@link io.numaagent.runner.control.ControlCommands}) read what the loop did lately
 * ({@link io.numaagent.runner.control.LoopHistory}) and run plugin commands and cycles on the loop's
 * thread; {@link io.numaagent.runner.control.PromptClient} is the other end, used by
 * {@code numa-agent prompt}.
 */
package io.numaagent.runner.control;
