package io.numaagent.runner.control;

import io.numaagent.runner.control.ControlProtocol.Reply;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the control prompt on a Unix domain socket ({@link ControlSocket}): one thread accepts,
 * one thread per client (at most {@link #MAX_CLIENTS} at once) reads requests and writes replies
 * ({@link ControlProtocol}). Only the socket's owner (the agent's user) and root may talk to it,
 * checked on the peer's credentials. A client that goes away, sends garbage or too long a line
 * costs only its own connection.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** Clients served at once; more are told so and closed. */
    public static final int MAX_CLIENTS = 8;

    private final Path socket;
    private final ServerSocketChannel server;
    private final ControlCommands commands;
    private final String owner;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientNumbers = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path socket, ServerSocketChannel server, ControlCommands commands) throws IOException {
        this.socket = socket;
        this.server = server;
        this.commands = commands;
        UserPrincipal o = Files.getOwner(socket);
        this.owner = o.getName();
        this.acceptor = new Thread(this::accept, "control-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code socket}.
     *
     * @throws ControlSocket.Refused when the socket cannot or must not be used (the message says why)
     */
    public static ControlServer start(Path socket, ControlCommands commands) throws IOException {
        ServerSocketChannel channel = ControlSocket.bind(socket);
        ControlServer s;
        try {
            s = new ControlServer(socket.toAbsolutePath(), channel, commands);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        s.acceptor.start();
        LOG.info("control prompt listening on {} ('numa-agent prompt' connects)", s.socket);
        return s;
    }

    /** Where it listens. */
    public Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {}: accept failed; the prompt is no longer served", socket, e);
                }
                return;
            }
            if (clients.size() >= MAX_CLIENTS) {
                refuse(client, "too many prompt clients (" + MAX_CLIENTS + "); try again later");
                continue;
            }
            clients.add(client);
            Thread t = new Thread(() -> serve(client), "control-client-" + clientNumbers.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String peer = peer(client);
            if (peer == null) {
                LOG.debug("control socket {}: a client left before its credentials could be read", socket);
                return;
            }
            if (!(peer.equals(owner) || peer.equals("root"))) {
                LOG.warn("control socket {}: refused a client of user {}", socket, peer);
                ControlProtocol.write(Channels.newOutputStream(client), Reply.error("permission denied: only "
                        + owner + " and root may use this agent's prompt"));
                return;
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            OutputStream out = Channels.newOutputStream(client);
            while (!closed) {
                Reply reply;
                try {
                    String request = ControlProtocol.readRequest(in);
                    if (request == null) {
                        return;
                    }
                    reply = answer(request);
                } catch (ControlProtocol.RequestTooLong e) {
                    reply = Reply.error(e.getMessage());
                }
                ControlProtocol.write(out, reply);
            }
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.toString()); // its business, not the agent's
        } finally {
            clients.remove(client);
        }
    }

    private Reply answer(String request) {
        try {
            return commands.handle(request);
        } catch (RuntimeException e) {
            LOG.warn("control request '{}' failed", request, e);
            return Reply.error("internal error: " + e);
        }
    }

    private static String peer(SocketChannel client) {
        try {
            UnixDomainPrincipal p = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void refuse(SocketChannel client, String why) {
        try (client) {
            ControlProtocol.write(Channels.newOutputStream(client), Reply.error(why));
        } catch (IOException e) {
            LOG.debug("refused control client went away: {}", e.toString());
        }
    }

    /** Stops serving: closes the socket and every client, and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket: {}", e.toString());
        }
        for (SocketChannel c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing a control client: {}", e.toString());
            }
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove the control socket {}: {}", socket, e.toString());
        }
    }
}
