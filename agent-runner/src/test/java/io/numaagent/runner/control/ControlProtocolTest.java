package io.numaagent.runner.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.runner.control.ControlProtocol.Reply;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The line protocol: replies survive the trip whatever their lines look like; requests are bounded and split. */
class ControlProtocolTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of(new Reply(true, List.of())),
                Arguments.of(new Reply(false, List.of("one"))),
                Arguments.of(new Reply(true, List.of(".ok", ".error", "..", ".", "", "  indented", "{\"json\":1}"))));
    }

    @ParameterizedTest
    @MethodSource
    void replies(Reply reply) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ControlProtocol.write(out, reply);
        ControlProtocol.write(out, Reply.ok("next"));
        BufferedReader in = new BufferedReader(new StringReader(out.toString(StandardCharsets.UTF_8)));
        assertThat(ControlProtocol.readReply(in)).isEqualTo(reply);
        assertThat(ControlProtocol.readReply(in)).isEqualTo(new Reply(true, List.of("next")));
    }

    @Test
    void replyCutShortIsAnError() {
        BufferedReader in = new BufferedReader(new StringReader("half a reply\n"));
        assertThatThrownBy(() -> ControlProtocol.readReply(in)).hasMessage("the agent closed the connection before answering");
    }

    @Test
    void requestsAreLinesOfBoundedLength() throws IOException {
        String text = "status\r\n" + "x".repeat(5000) + "\ndecisions -n 3\nlast";
        ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        assertThat(ControlProtocol.readRequest(in)).isEqualTo("status");
        assertThatThrownBy(() -> ControlProtocol.readRequest(in)).isInstanceOf(ControlProtocol.RequestTooLong.class);
        assertThat(ControlProtocol.readRequest(in)).isEqualTo("decisions -n 3");
        assertThat(ControlProtocol.readRequest(in)).isEqualTo("last");
        assertThat(ControlProtocol.readRequest(in)).isNull();
    }

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("status", List.of("status")),
                Arguments.of("  plugin  tier-mover   heatmap ", List.of("plugin", "tier-mover", "heatmap")),
                Arguments.of("plugin x \"two words\" \"\"", List.of("plugin", "x", "two words", "")),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest
    @MethodSource
    void words(String line, List<String> expected) {
        assertThat(ControlProtocol.words(line)).isEqualTo(expected);
    }

    @Test
    void unbalancedQuoteIsAnError() {
        assertThatThrownBy(() -> ControlProtocol.words("plugin \"x")).hasMessage("unbalanced double quote");
    }
}
