package io.numaagent.runner.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the control socket may be bound: private directory, stale socket removed, live one or a file refused. */
class ControlSocketTest {

    @TempDir
    Path dir;

    private static final ControlCommands NO_COMMANDS = null;

    @Test
    void missingDirectoryIsCreatedPrivateAndSocketIsOwnerOnly() throws Exception {
        Path socket = dir.resolve("state/sub/control.sock");
        try (ControlServer s = ControlServer.start(socket, NO_COMMANDS)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void directoryWritableByOthersIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ControlServer.start(shared.resolve("control.sock"), NO_COMMANDS))
                .isInstanceOf(ControlSocket.Refused.class)
                .hasMessage("refusing to listen on " + shared.resolve("control.sock") + ": its directory " + shared
                        + " is writable by others (mode 0777), so another user could replace the socket; use a "
                        + "directory only its owner can write (control.socket)");
    }

    @Test
    void directoryWritableByItsGroupIsRefused() throws Exception {
        Path group = Files.createDirectory(dir.resolve("group"));
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> ControlServer.start(group.resolve("control.sock"), NO_COMMANDS))
                .hasMessageContaining("is writable by its group (mode 0770)");
    }

    @Test
    void staleSocketIsRemovedAndListenedOn() throws Exception {
        Path socket = dir.resolve("control.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // the file stays, as after an agent that was killed
        assertThat(socket).exists();
        try (ControlServer s = ControlServer.start(socket, NO_COMMANDS);
             PromptClient c = PromptClient.connect(socket)) {
            assertThat(s.socket()).isEqualTo(socket);
        }
    }

    @Test
    void liveSocketOfAnotherAgentIsLeftAloneAndRefused() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (ControlServer first = ControlServer.start(socket, NO_COMMANDS)) {
            assertThatThrownBy(() -> ControlServer.start(socket, NO_COMMANDS))
                    .isInstanceOf(ControlSocket.Refused.class)
                    .hasMessage("another numa-agent is listening on " + socket + "; stop it first, or give this one "
                            + "another control.socket (or --state-dir)");
            try (PromptClient c = PromptClient.connect(socket)) {
                assertThat(c).isNotNull(); // the first agent still answers
            }
        }
    }

    @Test
    void regularFileInTheWayIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("control.sock"), "not a socket");
        assertThatThrownBy(() -> ControlServer.start(file, NO_COMMANDS))
                .hasMessage(file + " exists and is not a socket; remove it or set another control.socket");
        assertThat(file).hasContent("not a socket");
    }

    @Test
    void pathTooLongForASocketIsNamed() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("d".repeat(120)));
        assertThatThrownBy(() -> ControlServer.start(deep.resolve("control.sock"), NO_COMMANDS))
                .isInstanceOf(ControlSocket.Refused.class)
                .hasMessageStartingWith("cannot listen on " + deep.resolve("control.sock") + ": ");
    }

    @Test
    void clientOfNoAgentIsToldSo() throws Exception {
        Path socket = dir.resolve("none.sock");
        assertThatThrownBy(() -> PromptClient.connect(socket)).hasMessage("no control socket at " + socket
                + ": is the agent running ('numa-agent run')? Give its control.socket with --socket");
    }
}
