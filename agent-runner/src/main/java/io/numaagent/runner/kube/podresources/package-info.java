/**
 * A client of the kubelet's pod-resources API (gRPC on a unix socket) built from Jetty's HTTP/2
 * client, hand-written gRPC framing and a hand-written decoder of the few protobuf messages read,
 * to keep the runner small (no grpc-java, no protobuf-java).
 */
package io.numaagent.runner.kube.podresources;
