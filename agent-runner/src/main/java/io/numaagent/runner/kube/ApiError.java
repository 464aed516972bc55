package io.numaagent.runner.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A status other than 200 from the API server, or a watch's {@code ERROR} event, with its code. */
class ApiError extends IOException {

    final int code;

    ApiError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The error an answer {@code status} with {@code body} (a Status, usually) stands for. */
    static ApiError of(int status, byte[] body) {
        String message = statusMessage(body);
        return status == 410 ? new Gone("410 Gone: " + message) : new ApiError(status, status + " " + message);
    }

    /** The Status body's {@code message}, else the body's first line. */
    private static String statusMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            byte[] asEvent = ("{\"type\":\"ERROR\",\"object\":" + text + "}").getBytes(StandardCharsets.UTF_8);
            PodJson.WatchEvent status = PodJson.event(asEvent, asEvent.length);
            if (status.message() != null) {
                return status.message();
            }
        } catch (IOException notAStatus) {
            // the text itself
        }
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }

    /** 410 Gone: the resource version is compacted away; list again. */
    static final class Gone extends ApiError {
        Gone(String message) {
            super(410, message);
        }
    }
}
