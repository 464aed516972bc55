/**
 * Tests of the Kustomize manifests in {@code deploy/kubernetes}: each directory rendered by
 * Debian's kubectl (and the PATH's, when another), read into the fabric8 Kubernetes model, and
 * checked for what the agent needs from its pod; the agent config in the ConfigMap checked by the
 * distribution's {@code numa-agent check}.
 */
package io.numaagent.deploy.kubernetes;
