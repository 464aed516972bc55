package io.numaagent.runner.kube.podresources;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The kubelet's pod-resources API ({@code v1.PodResourcesLister} on the unix socket
 * {@value #DEFAULT_SOCKET}): which devices, exclusive CPUs and pinned memory the kubelet assigned to
 * each container of its pods. Only {@code List} is called: one call answers for every container the
 * agent has not asked about yet, where {@code Get} (a pod at a time) needs the
 * {@code KubeletPodResourcesGet} feature gate on older kubelets.
 */
public final class PodResourcesClient implements PodResourcesLister {

    /** Where the kubelet serves it. */
    public static final String DEFAULT_SOCKET = "/var/lib/kubelet/pod-resources/kubelet.sock";
    /** How long one call may take by default (the reference waits 2 s for a List too). */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    static final String LIST = "/v1.PodResourcesLister/List";

    private final Path socket;
    private final Duration timeout;

    public PodResourcesClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    @Override
    public PodResourcesList list() throws PodResourcesException {
        byte[] answer = GrpcUnaryCall.call(socket, LIST, new byte[0], timeout);
        try {
            return PodResourcesList.decode(answer);
        } catch (ProtoReader.MalformedMessage e) {
            throw new PodResourcesException("malformed ListPodResourcesResponse: " + e.getMessage());
        }
    }

    @Override
    public Path socket() {
        return socket;
    }
}
