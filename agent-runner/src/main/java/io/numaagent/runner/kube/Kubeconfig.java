package io.numaagent.runner.kube;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A kubeconfig file's current context, as {@code kubectl} reads it: the cluster's {@code server},
 * {@code certificate-authority(-data)} and {@code insecure-skip-tls-verify}; the user's
 * {@code token}, {@code tokenFile}, {@code client-certificate(-data)} with {@code client-key(-data)},
 * or {@code username} and {@code password}. Relative file names are relative to the kubeconfig's
 * directory. {@code exec} and {@code auth-provider} credentials are not supported (an error naming
 * the key); a long-lived token or a client certificate serves an agent.
 */
final class Kubeconfig {

    private Kubeconfig() {
    }

    /**
     * The access {@code file}'s current context describes.
     *
     * @throws IllegalArgumentException naming the file and the key, when it cannot be used
     */
    static ApiServerAccess read(Path file) {
        try {
            return access(file, load(file));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("kubernetes task source: kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(32);
        options.setCodePointLimit(4 << 20);
        options.setAllowDuplicateKeys(false);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot be read: " + PodWatch.failureText(e), e);
        }
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(text);
            if (!(root instanceof Map<?, ?> map)) {
                throw new IOException("not a kubeconfig (no mapping at the top)");
            }
            return map;
        } catch (YAMLException e) {
            throw new IOException("not YAML: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    private static ApiServerAccess access(Path file, Map<?, ?> root) throws IOException, GeneralSecurityException {
        String contextName = string(root, "current-context", "");
        if (contextName == null) {
            throw new IOException("no current-context");
        }
        Map<?, ?> context = named(root, "contexts", contextName, "context");
        String clusterName = string(context, "cluster", "contexts[" + contextName + "].context.");
        String userName = string(context, "user", "contexts[" + contextName + "].context.");
        if (clusterName == null) {
            throw new IOException("context " + contextName + " names no cluster");
        }
        Map<?, ?> cluster = named(root, "clusters", clusterName, "cluster");
        Map<?, ?> user = userName == null ? Map.of() : named(root, "users", userName, "user");
        String at = "clusters[" + clusterName + "].cluster.";
        String server = string(cluster, "server", at);
        if (server == null) {
            throw new IOException(at + "server is missing");
        }
        URI uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IOException(at + "server " + server + " is not an http(s) URL");
        }
        String userAt = "users[" + userName + "].user.";
        for (String unsupported : List.of("exec", "auth-provider")) {
            if (user.containsKey(unsupported)) {
                throw new IOException(userAt + unsupported + " is not supported; give the agent a token, tokenFile "
                        + "or client certificate");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        List<X509Certificate> ca = null;
        byte[] caPem = bytes(cluster, "certificate-authority", at, dir);
        if (caPem != null) {
            ca = Pem.certificates(caPem, at + "certificate-authority");
        }
        byte[] certPem = bytes(user, "client-certificate", userAt, dir);
        byte[] keyPem = bytes(user, "client-key", userAt, dir);
        if ((certPem == null) != (keyPem == null)) {
            throw new IOException(userAt + (certPem == null ? "client-key without client-certificate"
                    : "client-certificate without client-key"));
        }
        List<X509Certificate> cert = certPem == null ? null : Pem.certificates(certPem, userAt + "client-certificate");
        PrivateKey key = keyPem == null ? null : Pem.privateKey(keyPem, userAt + "client-key");
        SSLContext tls = null;
        if (uri.getScheme().equals("https")) {
            tls = Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"))
                    ? ApiServerAccess.tlsContext(new TrustManager[] {TrustAll.INSTANCE}, cert, key)
                    : ApiServerAccess.tlsContext(ca, cert, key);
        }
        return new ApiServerAccess(uri, tls, credentials(user, userAt, dir),
                "kubeconfig " + file + " (context " + contextName + ")");
    }

    private static ApiServerAccess.Credentials credentials(Map<?, ?> user, String at, Path dir) throws IOException {
        String token = string(user, "token", at);
        if (token != null && !token.isBlank()) {
            String header = "Bearer " + token.strip();
            return () -> header;
        }
        String tokenFile = string(user, "tokenFile", at);
        if (tokenFile != null) {
            Path f = dir.resolve(tokenFile);
            if (!Files.isReadable(f)) {
                throw new IOException(at + "tokenFile " + f + " cannot be read");
            }
            return ApiServerAccess.bearerFromFile(f);
        }
        String username = string(user, "username", at);
        String password = string(user, "password", at);
        if (username != null && password != null) {
            String header = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            return () -> header;
        }
        return ApiServerAccess.Credentials.NONE;
    }

    /** The {@code field} of the entry named {@code name} in the list {@code list} ({@code clusters: [{name, cluster}]}). */
    private static Map<?, ?> named(Map<?, ?> root, String list, String name, String field) throws IOException {
        if (!(root.get(list) instanceof List<?> entries)) {
            throw new IOException("no " + list + " list");
        }
        for (Object e : entries) {
            if (e instanceof Map<?, ?> m && name.equals(String.valueOf(m.get("name")))) {
                if (m.get(field) == null) {
                    return Map.of();
                }
                if (!(m.get(field) instanceof Map<?, ?> value)) {
                    throw new IOException(list + "[" + name + "]." + field + " is not a mapping");
                }
                return value;
            }
        }
        throw new IOException("no " + list + " entry named " + name);
    }

    private static String string(Map<?, ?> map, String key, String at) throws IOException {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new IOException(at + key + " is not a string");
        }
        return String.valueOf(v);
    }

    /** {@code key-data} (base64) or the file {@code key} names; {@code null} when neither is there. */
    private static byte[] bytes(Map<?, ?> map, String key, String at, Path dir) throws IOException {
        String data = string(map, key + "-data", at);
        if (data != null) {
            try {
                return Base64.getMimeDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new IOException(at + key + "-data is not base64", e);
            }
        }
        String name = string(map, key, at);
        if (name == null) {
            return null;
        }
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new IOException(at + key + " " + dir.resolve(name) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code insecure-skip-tls-verify: true}: any server certificate, any host name (as kubectl does then). */
    private static final class TrustAll extends javax.net.ssl.X509ExtendedTrustManager {
        static final TrustAll INSTANCE = new TrustAll();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
