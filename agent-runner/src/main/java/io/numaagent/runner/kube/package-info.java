/**
 * Talking to the Kubernetes API server, as far as the {@code kubernetes} task source needs it: how
 * to reach it (a kubeconfig's current context or the pod's in-cluster service account, TLS and
 * credentials), the pods of one node listed and then watched over the JDK's HTTP client, read from
 * their JSON into the few fields the source uses, and pod quantities. Small on purpose: a general
 * client with its models costs an agent that runs on every node about 50 MB of memory.
 */
package io.numaagent.runner.kube;
