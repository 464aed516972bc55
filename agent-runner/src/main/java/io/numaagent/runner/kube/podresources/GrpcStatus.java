package io.numaagent.runner.kube.podresources;

import java.util.List;

/** gRPC status codes by name, for messages ({@code grpc/doc/statuscodes.md}). */
final class GrpcStatus {

    private static final List<String> NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    private GrpcStatus() {
    }

    /** The code of a {@code grpc-status} value; -1 when it is no number. */
    static int code(String status) {
        try {
            return Integer.parseInt(status.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** E.g. {@code UNIMPLEMENTED (12): unknown service v1.PodResourcesLister}. */
    static String describe(String status, String message) {
        int code = code(status);
        String name = code >= 0 && code < NAMES.size() ? NAMES.get(code) : "status '" + status + "'";
        return "gRPC " + name + (code >= 0 ? " (" + code + ")" : "") + (message.isEmpty() ? "" : ": " + message);
    }
}
