package io.numaagent.runner.kube;

import io.numaagent.runner.config.TaskSourceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach the API server: its URL, the TLS context (the cluster's CA, a client certificate)
 * and the {@code Authorization} header of each request. A token kept in a file (the service
 * account's, which the kubelet rotates, or a kubeconfig's {@code tokenFile}) is read again for
 * every request, so a rotated token is used without a restart.
 */
public final class ApiServerAccess {

    /** Where Kubernetes mounts a pod's service account token and the cluster's CA. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /** The {@code Authorization} header of a request, read when the request is made ({@code null}: none). */
    @FunctionalInterface
    interface Credentials {
        Credentials NONE = () -> null;

        String authorization() throws IOException;
    }

    private final URI server;
    private final SSLContext tls;
    private final Credentials credentials;
    private final String description;

    ApiServerAccess(URI server, SSLContext tls, Credentials credentials, String description) {
        this.server = server;
        this.tls = tls;
        this.credentials = credentials;
        this.description = description;
    }

    /**
     * The access {@code config} names: its kubeconfig; else {@code KUBECONFIG} (its first file) or
     * {@code ~/.kube/config} when there is one; else the pod's service account (in-cluster).
     *
     * @throws IllegalArgumentException when none can be used, saying why
     */
    public static ApiServerAccess of(TaskSourceConfig.Kubernetes config, Function<String, String> env) {
        if (config.kubeconfig() != null) {
            return Kubeconfig.read(Path.of(config.kubeconfig()));
        }
        String fromEnv = env.apply("KUBECONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Kubeconfig.read(Path.of(fromEnv.split(java.io.File.pathSeparator)[0]));
        }
        String home = env.apply("HOME") != null ? env.apply("HOME") : System.getProperty("user.home");
        Path userConfig = home == null ? null : Path.of(home, ".kube", "config");
        if (userConfig != null && Files.isRegularFile(userConfig)) {
            return Kubeconfig.read(userConfig);
        }
        return inCluster(env, SERVICE_ACCOUNT);
    }

    /**
     * In a pod: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, trusting the
     * service account's {@code ca.crt}, with its {@code token} (read for every request).
     *
     * @throws IllegalArgumentException when not in a pod or without a service account token
     */
    static ApiServerAccess inCluster(Function<String, String> env, Path serviceAccount) {
        String host = env.apply("KUBERNETES_SERVICE_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("kubernetes task source: no kubeconfig (none configured, KUBECONFIG "
                    + "not set, no ~/.kube/config) and not in a pod (KUBERNETES_SERVICE_HOST is not set)");
        }
        String port = env.apply("KUBERNETES_SERVICE_PORT");
        Path token = serviceAccount.resolve("token");
        if (!Files.isReadable(token)) {
            throw new IllegalArgumentException("kubernetes task source: in a pod, but the service account token "
                    + token + " cannot be read (automountServiceAccountToken: false?)");
        }
        Path ca = serviceAccount.resolve("ca.crt");
        try {
            SSLContext tls = tlsContext(Pem.certificates(Files.readAllBytes(ca), ca.toString()), null, null);
            URI server = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + (port == null || port.isBlank() ? "443" : port.strip()));
            return new ApiServerAccess(server, tls, bearerFromFile(token),
                    "the service account in " + serviceAccount);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("kubernetes task source: in-cluster config: " + e.getMessage(), e);
        }
    }

    static Credentials bearerFromFile(Path file) {
        return () -> {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? null : "Bearer " + token;
        };
    }

    /**
     * A TLS context trusting {@code ca} (the JDK's CAs when {@code null}), presenting
     * {@code clientCert} with {@code clientKey} when given.
     */
    static SSLContext tlsContext(List<X509Certificate> ca, List<X509Certificate> clientCert, PrivateKey clientKey)
            throws GeneralSecurityException, IOException {
        TrustManager[] trust = null;
        if (ca != null) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, ca.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            trust = tmf.getTrustManagers();
        }
        return tlsContext(trust, clientCert, clientKey);
    }

    static SSLContext tlsContext(TrustManager[] trust, List<X509Certificate> clientCert, PrivateKey clientKey)
            throws GeneralSecurityException, IOException {
        javax.net.ssl.KeyManager[] keys = null;
        if (clientCert != null && clientKey != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("client", clientKey, none, clientCert.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            keys = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    /** The API server's base URL ({@code https://10.96.0.1:443}). */
    public URI server() {
        return server;
    }

    /** The TLS context for {@code https} ({@code null}: plain HTTP, or the JDK's defaults). */
    SSLContext tls() {
        return tls;
    }

    /** The {@code Authorization} header for a request made now ({@code null}: none). */
    String authorization() throws IOException {
        return credentials.authorization();
    }

    /** Where the access comes from, for messages: the kubeconfig and its context, or the service account. */
    public String description() {
        return description;
    }
}
