package io.numaagent.runner.kube.podresources;

/**
 * Why the kubelet's pod-resources API gave no answer: the socket is missing or not ours to use, the
 * kubelet does not serve the call, did not answer in time, or answered something that is not the
 * message asked for. The text says which, for a log line.
 */
public final class PodResourcesException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The gRPC status code the server answered with; -1 when the call failed before or beside gRPC. */
    private final int grpcCode;

    PodResourcesException(String message) {
        super(message);
        this.grpcCode = -1;
    }

    PodResourcesException(String message, Throwable cause) {
        super(message, cause);
        this.grpcCode = -1;
    }

    PodResourcesException(String message, int grpcCode) {
        super(message);
        this.grpcCode = grpcCode;
    }

    /** The gRPC status code the server answered with (12 = UNIMPLEMENTED, ...); -1 when there was none. */
    public int grpcCode() {
        return grpcCode;
    }
}
