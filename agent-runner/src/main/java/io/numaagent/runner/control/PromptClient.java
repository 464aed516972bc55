package io.numaagent.runner.control;

import io.numaagent.runner.control.ControlProtocol.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prompt's end of the control socket: sends request lines, reads replies. */
public final class PromptClient implements AutoCloseable {

    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private PromptClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /**
     * Connects to the agent listening on {@code socket}.
     *
     * @throws IOException with a message saying what is wrong (no socket, nobody listening, no permission)
     */
    public static PromptClient connect(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("no control socket at " + socket + ": is the agent running ('numa-agent run')? "
                    + "Give its control.socket with --socket");
        }
        try {
            return new PromptClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        } catch (ConnectException e) {
            throw new IOException("no agent is listening on " + socket + " (a socket left by an agent that died)");
        } catch (SocketException e) {
            if (!Files.isWritable(socket)) {
                throw new IOException("permission denied on " + socket + ": the prompt must run as the agent's user "
                        + "(root)");
            }
            throw new IOException("cannot connect to " + socket + ": " + e.getMessage());
        }
    }

    /** Sends one request and waits for the whole reply. */
    public Reply send(String request) throws IOException {
        if (request.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a request is one line");
        }
        ControlProtocol.writeRequest(out, request);
        return ControlProtocol.readReply(in);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
