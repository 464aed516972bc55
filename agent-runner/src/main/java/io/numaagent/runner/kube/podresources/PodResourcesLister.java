package io.numaagent.runner.kube.podresources;

import java.nio.file.Path;

/** Lists what the kubelet assigned to the containers of its pods ({@link PodResourcesClient}; tests fake it). */
public interface PodResourcesLister {

    /** The kubelet's current list. */
    PodResourcesList list() throws PodResourcesException;

    /** The socket asked, for messages. */
    Path socket();
}
