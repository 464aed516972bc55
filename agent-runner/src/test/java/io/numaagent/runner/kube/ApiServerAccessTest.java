package io.numaagent.runner.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.runner.config.TaskSourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the agent reaches the API server: in a pod (service account token and CA over HTTPS, against
 * {@link MockApiServer} with a certificate made by the JDK's keytool), from a kubeconfig (each kind
 * of credential; keys in the formats kubeadm, k3s and openssl write, made by openssl), and the
 * errors that name what cannot be used.
 */
class ApiServerAccessTest {

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A self-signed server certificate for 127.0.0.1 (keytool), its PKCS#12 store and its PEM. */
    private SSLContext serverTls(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(dir, keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", name + ".p12",
                "-storetype", "PKCS12", "-storepass", "changeit");
        run(dir, keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit",
                "-file", name + ".crt");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    private static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }

    private PodWatch watch(ApiServerAccess access) {
        PodWatch watch = new PodWatch(access, "node-a", new PodWatch.Backoff(Duration.ofMillis(50),
                Duration.ofMillis(400)));
        toClose.add(watch);
        return watch;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void inClusterUsesTheServiceAccountsTokenAndCaOverHttps() throws Exception {
        Path certs = tmp.resolve("certs");
        MockApiServer api = new MockApiServer(serverTls(certs, "apiserver"));
        toClose.add(api);
        api.create(TestPod.named("shop", "web").node("node-a").json());
        api.requireToken("sa-token");
        Path sa = Files.createDirectories(tmp.resolve("serviceaccount"));
        Files.copy(certs.resolve("apiserver.crt"), sa.resolve("ca.crt"));
        Files.writeString(sa.resolve("token"), "sa-token");

        ApiServerAccess access = ApiServerAccess.inCluster(env(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                "KUBERNETES_SERVICE_PORT", Integer.toString(api.port()))), sa);
        PodWatch watch = watch(access);
        await(watch::watching);

        assertThat(access.server().toString()).isEqualTo("https://127.0.0.1:" + api.port());
        assertThat(watch.pods()).extracting(PodInfo::name).containsExactly("web");
        assertThat(api.authorizations()).first().isEqualTo("Bearer sa-token");
    }

    @Test
    void inClusterRefusesAServerTheCaDidNotSign() throws Exception {
        MockApiServer api = new MockApiServer(serverTls(tmp.resolve("real"), "apiserver"));
        toClose.add(api);
        serverTls(tmp.resolve("other"), "impostor");
        Path sa = Files.createDirectories(tmp.resolve("serviceaccount"));
        Files.copy(tmp.resolve("other/impostor.crt"), sa.resolve("ca.crt"));
        Files.writeString(sa.resolve("token"), "sa-token");

        PodWatch watch = watch(ApiServerAccess.inCluster(env(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                "KUBERNETES_SERVICE_PORT", Integer.toString(api.port()))), sa));
        await(() -> watch.lastFailure() != null);

        assertThat(watch.synced()).isFalse();
        assertThat(watch.lastFailure()).containsIgnoringCase("certificat");
        assertThat(api.authorizations()).as("no token is sent to a server not trusted").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "notInAPod          | ''        | true  | not in a pod (KUBERNETES_SERVICE_HOST is not set)",
        "noToken            | 10.96.0.1 | false | the service account token",
    })
    void inClusterWithoutWhatItNeedsSaysWhat(String name, String host, boolean token, String expected)
            throws IOException {
        Path sa = Files.createDirectories(tmp.resolve("serviceaccount"));
        if (token) {
            Files.writeString(sa.resolve("token"), "t");
        }
        assertThatThrownBy(() -> ApiServerAccess.inCluster(env(host.isEmpty() ? Map.of()
                : Map.of("KUBERNETES_SERVICE_HOST", host)), sa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void kubeconfigNamedElseKubeconfigVariableElseHomeElseInCluster() throws IOException {
        String kubeconfig = """
                clusters: [{name: c, cluster: {server: "https://%s:6443"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """;
        Path named = Files.writeString(tmp.resolve("named"), kubeconfig.formatted("named"));
        Path fromVariable = Files.writeString(tmp.resolve("from-variable"), kubeconfig.formatted("variable"));
        Files.createDirectories(tmp.resolve("home/.kube"));
        Files.writeString(tmp.resolve("home/.kube/config"), kubeconfig.formatted("home"));
        TaskSourceConfig.Kubernetes withFile = new TaskSourceConfig.Kubernetes("n", named.toString(),
                TaskSourceConfig.CgroupDriver.AUTO, Duration.ZERO);
        TaskSourceConfig.Kubernetes without = new TaskSourceConfig.Kubernetes("n", null,
                TaskSourceConfig.CgroupDriver.AUTO, Duration.ZERO);
        Map<String, String> all = Map.of("KUBECONFIG", fromVariable + ":/elsewhere", "HOME", tmp.resolve("home")
                .toString());

        assertThat(ApiServerAccess.of(withFile, env(all)).server().getHost()).isEqualTo("named");
        assertThat(ApiServerAccess.of(without, env(all)).server().getHost()).isEqualTo("variable");
        assertThat(ApiServerAccess.of(without, env(Map.of("HOME", tmp.resolve("home").toString()))).server()
                .getHost()).isEqualTo("home");
        assertThatThrownBy(() -> ApiServerAccess.of(without, env(Map.of("HOME", tmp.resolve("nowhere").toString()))))
                .hasMessageContaining("not in a pod");
    }

    @Test
    void kubeconfigVariableNamingNoFileSaysSo() {
        TaskSourceConfig.Kubernetes without = new TaskSourceConfig.Kubernetes("n", null,
                TaskSourceConfig.CgroupDriver.AUTO, Duration.ZERO);
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> ApiServerAccess.of(without, env(Map.of("KUBECONFIG", missing.toString()))))
                .hasMessage("kubernetes task source: kubeconfig " + missing + ": no such file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "token         | {token: abc}                              | Bearer abc",
        "basic         | {username: admin, password: secret}       | Basic YWRtaW46c2VjcmV0",
        "none          | {}                                        | ''",
    })
    void kubeconfigUserGivesTheAuthorizationHeader(String name, String user, String header) throws IOException {
        Path file = Files.writeString(tmp.resolve("kubeconfig"), """
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
                users: [{name: u, user: %s}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(user));

        String authorization = Kubeconfig.read(file).authorization();

        assertThat(authorization == null ? "" : authorization).isEqualTo(header);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rsaPkcs1  | openssl genrsa -traditional -out key.pem 2048",
        "rsaPkcs8  | openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem",
        "ecSec1    | openssl ecparam -name prime256v1 -genkey -noout -out key.pem",
        "ecPkcs8   | openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out key.pem",
    })
    void kubeconfigClientKeyInEachFormatIsTheKeyOpensslSees(String name, String generate) throws Exception {
        run(tmp, generate.split(" "));
        run(tmp, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-outform", "DER", "-out", "key.der");
        run(tmp, "openssl", "req", "-x509", "-new", "-key", "key.pem", "-subj", "/CN=agent", "-days", "1", "-out",
                "cert.pem");
        byte[] keyPem = Files.readAllBytes(tmp.resolve("key.pem"));
        Path file = Files.writeString(tmp.resolve("kubeconfig"), """
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority: cert.pem}}]
                users: [{name: u, user: {client-certificate: cert.pem, client-key-data: %s}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(Base64.getEncoder().encodeToString(keyPem)));

        java.security.PrivateKey key = Pem.privateKey(keyPem, "key.pem");
        java.security.PrivateKey opensslKey = java.security.KeyFactory.getInstance(key.getAlgorithm())
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Files.readAllBytes(tmp.resolve("key.der"))));
        if (key instanceof java.security.interfaces.ECPrivateKey ec) { // encodings differ (public key kept or not)
            var expected = (java.security.interfaces.ECPrivateKey) opensslKey;
            assertThat(ec.getS()).isEqualTo(expected.getS());
            assertThat(ec.getParams().getOrder()).isEqualTo(expected.getParams().getOrder());
            assertThat(ec.getParams().getGenerator()).isEqualTo(expected.getParams().getGenerator());
        } else {
            assertThat(key).isEqualTo(opensslKey);
        }
        assertThat(Kubeconfig.read(file).tls()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "notYaml          | 'clusters: [unclosed'                                                     | not YAML",
        "noCurrentContext | 'clusters: []'                                                           | no current-context",
        "unknownContext   | 'current-context: x\\ncontexts: []'                                         | no contexts entry named x",
        "noServer         | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c}}]\\nclusters: [{name: c, cluster: {}}]' | clusters[c].cluster.server is missing",
        "notHttp          | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c}}]\\nclusters: [{name: c, cluster: {server: ftp://h}}]' | is not an http(s) URL",
        "exec             | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c, user: u}}]\\nclusters: [{name: c, cluster: {server: https://h}}]\\nusers: [{name: u, user: {exec: {command: aws}}}]' | users[u].user.exec is not supported",
        "caNotACert       | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c}}]\\nclusters: [{name: c, cluster: {server: https://h, certificate-authority-data: aGVsbG8=}}]' | certificate-authority",
        "keyWithoutCert   | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c, user: u}}]\\nclusters: [{name: c, cluster: {server: https://h}}]\\nusers: [{name: u, user: {client-key-data: aGVsbG8=}}]' | client-key without client-certificate",
        "tokenFileMissing | 'current-context: x\\ncontexts: [{name: x, context: {cluster: c, user: u}}]\\nclusters: [{name: c, cluster: {server: https://h}}]\\nusers: [{name: u, user: {tokenFile: gone}}]' | tokenFile",
    })
    void kubeconfigThatCannotBeUsedNamesTheFileAndTheKey(String name, String text, String expected)
            throws IOException {
        Path file = Files.writeString(tmp.resolve("kubeconfig"), text.replace("\\n", "\n"));

        assertThatThrownBy(() -> Kubeconfig.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kubernetes task source: kubeconfig " + file + ": ")
                .hasMessageContaining(expected);
    }
}
