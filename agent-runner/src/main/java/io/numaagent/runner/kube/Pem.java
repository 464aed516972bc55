package io.numaagent.runner.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in PEM, as kubeconfigs and service accounts hold them: X.509
 * certificates, and private keys in PKCS#8 ({@code PRIVATE KEY}, RSA or EC), PKCS#1
 * ({@code RSA PRIVATE KEY}, what kubeadm writes) or SEC1 ({@code EC PRIVATE KEY}, what k3s writes).
 * Encrypted keys are not read.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
        0x01};

    private Pem() {
    }

    /** Every certificate in {@code pem}; at least one. */
    static List<X509Certificate> certificates(byte[] pem, String what) throws IOException {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(what + ": no certificate in it");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException(what + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The first private key in {@code pem}. */
    static PrivateKey privateKey(byte[] pem, String what) throws IOException {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ": the " + type + " block is not base64", e);
            }
            try {
                return switch (type) {
                    case "PRIVATE KEY" -> pkcs8(der, what);
                    case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(
                            new PKCS8EncodedKeySpec(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM,
                                    tlv(0x04, der)))));
                    case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(
                            new PKCS8EncodedKeySpec(sequence(concat(new byte[] {0x02, 0x01, 0x00},
                                    sequence(concat(EC_PUBLIC_KEY_OID, sec1Curve(der, what))), tlv(0x04, der)))));
                    case "ENCRYPTED PRIVATE KEY" -> throw new IOException(what + ": an encrypted key cannot be used");
                    default -> null;
                };
            } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
                throw new IOException(what + ": the " + type + " cannot be read: " + e.getMessage(), e);
            }
        }
        throw new IOException(what + ": no private key in it");
    }

    private static PrivateKey pkcs8(byte[] der, String what) throws GeneralSecurityException, IOException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next
            }
        }
        throw new IOException(what + ": a PKCS#8 key of an algorithm other than RSA, EC and Ed25519");
    }

    /**
     * The curve's OID (DER) from a SEC1 key: {@code SEQUENCE {INTEGER 1, OCTET STRING key,
     * [0] OID curve, [1] BIT STRING public key}}.
     */
    private static byte[] sec1Curve(byte[] der, String what) throws IOException {
        int[] seq = header(der, 0);
        int at = seq[0];
        int end = seq[0] + seq[1];
        while (at < end) {
            int tag = der[at] & 0xff;
            int[] h = header(der, at);
            if (tag == 0xa0) { // [0] parameters: the named curve's OID
                int[] oid = header(der, h[0]);
                return java.util.Arrays.copyOfRange(der, h[0], oid[0] + oid[1]);
            }
            at = h[0] + h[1];
        }
        throw new IOException(what + ": the EC PRIVATE KEY does not name its curve");
    }

    /** The position of the value and its length, of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        int pos = at + 2;
        if (len > 0x7f) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[pos++] & 0xff);
            }
        }
        return new int[] {pos, len};
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
