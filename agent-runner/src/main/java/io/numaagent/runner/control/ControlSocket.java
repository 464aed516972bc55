package io.numaagent.runner.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the control socket may live, and binding it there: the directory is created private when
 * missing, and refused when anyone but its owner may write to it (someone else could replace the
 * socket) or when its owner is neither the agent's user nor root. An existing socket nobody
 * answers on is stale and removed; one an agent answers on is left alone and refused. The socket
 * is made {@code 0600} at once after binding; {@link ControlServer} also checks each client's
 * credentials, which closes the moment between the two.
 */
public final class ControlSocket {

    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** The socket cannot be used; the message says why and what to do. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private ControlSocket() {
    }

    /** Binds a listening socket at {@code path} after the checks above. */
    static ServerSocketChannel bind(Path path) throws IOException {
        Path socket = path.toAbsolutePath();
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        checkDirectory(socket, dir);
        removeIfStale(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new Refused("cannot listen on " + socket + ": " + e.getMessage());
        }
        return server;
    }

    private static void checkDirectory(Path socket, Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        if ((mode & 0022) != 0) {
            throw new Refused("refusing to listen on " + socket + ": its directory " + dir + " is writable by "
                    + ((mode & 0002) != 0 ? "others" : "its group") + " (mode " + String.format("%04o", mode & 07777)
                    + "), so another user could replace the socket; use a directory only its owner can write "
                    + "(control.socket)");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        long self = new com.sun.security.auth.module.UnixSystem().getUid();
        if (owner != 0 && owner != self) {
            throw new Refused("refusing to listen on " + socket + ": its directory " + dir + " belongs to uid " + owner
                    + ", neither this agent's user (uid " + self + ") nor root");
        }
    }

    /** Removes a socket file nobody listens on; refuses a live one and anything that is not a socket. */
    private static void removeIfStale(Path socket) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new Refused(socket + " exists and is not a socket; remove it or set another control.socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new Refused("another numa-agent is listening on " + socket + "; stop it first, or give this one "
                    + "another control.socket (or --state-dir)");
        } catch (ConnectException e) {
            Files.deleteIfExists(socket);
            LOG.info("removed the stale control socket {} (nobody was listening)", socket);
        }
    }
}
