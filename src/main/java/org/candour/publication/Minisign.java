package org.candour.publication;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.candour.crypto.Ed25519Key;
import org.candour.crypto.KeyedHash;

/**
 * Signatures of published files in the format of the {@code minisign} tool, so that anyone can check a
 * download offline with {@code minisign -V -p candour.pub -m results.json} (which reads
 * {@code results.json.minisig}), or with OpenSSL 3 and no minisign at all (docs/publication.md).
 *
 * <p><b>Algorithm.</b> Signatures use minisign's legacy algorithm {@code Ed}: pure Ed25519 over the
 * file's bytes. minisign 0.11 accepts it without flags (only {@code minisign -V -H}, "require input to
 * be prehashed", refuses it), and it lets OpenSSL check the file itself, with no BLAKE2b-512 digest to
 * compute first as the prehashed algorithm {@code ED} would need. The cost: Ed25519 reads the whole
 * file in one piece, which suits publications (a JSON file, a PDF) but not files of gigabytes.
 * {@link #verify} accepts {@code Ed} only.
 *
 * <p><b>Key id and fingerprint.</b> With {@code h = SHA-256(public key)}, the fingerprint is {@code h}
 * in upper-case hex in 16 groups of 4 digits separated by spaces, to read aloud or print. The key id
 * is {@code h[0..8]}; minisign prints a key id as a little-endian 64-bit number (in the comment of a
 * key it generates, and when a signature's key id differs from the key's), so the files hold those 8
 * bytes in reverse order, {@code h[7], h[6], …, h[0]}, and minisign prints the key id as the first 16
 * hex digits of the fingerprint, which is what {@link #keyId} returns.
 *
 * <p><b>Files.</b> Each line ends with {@code \n}; base64 is standard and padded.
 * <ul>
 * <li>Public key: {@code untrusted comment: <text>}, then base64({@code "Ed"} ‖ 8-byte key id ‖ 32-byte
 *     public key).</li>
 * <li>Signature ({@code <file>.minisig}): {@code untrusted comment: <text>}; base64({@code "Ed"} ‖ key id
 *     ‖ 64-byte Ed25519 signature of the file); {@code trusted comment: <text>}; base64(the global
 *     signature: Ed25519 of the 64 signature bytes ‖ the trusted comment's UTF-8 bytes).</li>
 * </ul>
 * The global signature binds the trusted comment to the file's signature; nothing covers the untrusted
 * comments. Comments are one line: no control character but tab, at most {@value #MAX_UNTRUSTED_BYTES}
 * (untrusted) or {@value #MAX_TRUSTED_BYTES} (trusted) UTF-8 bytes, which is what minisign reads.
 */
public final class Minisign {

    /** minisign's name for pure Ed25519 over the whole file. */
    public static final String ALGORITHM = "Ed";
    /** The longest untrusted comment minisign reads: a 1,024-byte buffer holds the line and its end. */
    public static final int MAX_UNTRUSTED_BYTES = 1023 - 19 - 1;
    /** The longest trusted comment minisign reads: an 8,192-byte buffer holds the line and its end. */
    public static final int MAX_TRUSTED_BYTES = 8191 - 17 - 1;

    private static final String UNTRUSTED = "untrusted comment: ";
    private static final String TRUSTED = "trusted comment: ";
    private static final int KEY_ID_BYTES = 8;
    private static final int HEADER_BYTES = 2 + KEY_ID_BYTES;
    /** DER of SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Minisign() {
    }

    /** The key id as minisign prints it: the first 16 upper-case hex digits of the fingerprint. */
    public static String keyId(byte[] publicKey32) {
        return HEX.formatHex(Arrays.copyOf(KeyedHash.sha256(requireKey(publicKey32)), KEY_ID_BYTES));
    }

    /** SHA-256 of the 32-byte public key in upper-case hex, 16 groups of 4 digits separated by spaces. */
    public static String fingerprint(byte[] publicKey32) {
        String hex = HEX.formatHex(KeyedHash.sha256(requireKey(publicKey32)));
        StringBuilder out = new StringBuilder(79);
        for (int i = 0; i < hex.length(); i += 4) {
            out.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        }
        return out.toString();
    }

    /** The public key file with minisign's own comment, {@code minisign public key <key id>}. */
    public static String publicKeyFile(byte[] publicKey32) {
        return publicKeyFile(publicKey32, "minisign public key " + keyId(publicKey32));
    }

    /** The public key file with the given untrusted comment (one line, see the class comment). */
    public static String publicKeyFile(byte[] publicKey32, String untrustedComment) {
        byte[] pk = requireKey(publicKey32);
        return UNTRUSTED + checkComment(untrustedComment, MAX_UNTRUSTED_BYTES) + "\n"
                + B64.encodeToString(concat(header(pk), pk)) + "\n";
    }

    /**
     * The trusted comment of a publication: {@code day:<ISO date>\tfile:<name>\tkey:<key id>}, for example
     * {@code day:2026-12-06\tfile:results.json\tkey:3DD278C16D66C641}. A day and no time of day, since
     * Candour keeps days only. The name must be non-empty, without tab or other control characters.
     */
    public static String trustedComment(LocalDate day, String fileName, byte[] publicKey32) {
        if (day == null || fileName == null || fileName.isEmpty() || fileName.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("a trusted comment needs a day and a file name without tabs");
        }
        return checkComment("day:" + day + "\tfile:" + fileName + "\tkey:" + keyId(publicKey32), MAX_TRUSTED_BYTES);
    }

    /**
     * The {@code .minisig} file of {@code file} under {@code key}, with {@code trustedComment} (for
     * example from {@link #trustedComment}) and the untrusted comment
     * {@code signature from Candour publication key <key id>}. Deterministic.
     */
    public static String sign(Ed25519Key key, byte[] file, String trustedComment) {
        if (key == null || file == null) {
            throw new IllegalArgumentException("nothing to sign with, or nothing to sign");
        }
        byte[] pk = key.publicKey();
        byte[] trusted = checkComment(trustedComment, MAX_TRUSTED_BYTES).getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(file);
        byte[] global = key.sign(concat(signature, trusted));
        return UNTRUSTED + "signature from Candour publication key " + keyId(pk) + "\n"
                + B64.encodeToString(concat(header(pk), signature)) + "\n"
                + TRUSTED + trustedComment + "\n"
                + B64.encodeToString(global) + "\n";
    }

    /**
     * Whether {@code signatureFile} is a valid {@code Ed} signature of {@code file} by the key in
     * {@code publicKeyFile}, its trusted comment included: the checks of {@code minisign -V}. False, never
     * an exception, for anything malformed.
     */
    public static boolean verify(String publicKeyFile, byte[] file, String signatureFile) {
        return verifiedTrustedComment(publicKeyFile, file, signatureFile).isPresent();
    }

    /** As {@link #verify}, giving the trusted comment once everything verifies, else empty. */
    public static Optional<String> verifiedTrustedComment(String publicKeyFile, byte[] file, String signatureFile) {
        if (publicKeyFile == null || file == null || signatureFile == null) {
            return Optional.empty();
        }
        String[] pkLines = lines(publicKeyFile, 2);
        String[] sigLines = lines(signatureFile, 4);
        if (pkLines == null || sigLines == null || !sigLines[0].startsWith(UNTRUSTED)
                || !sigLines[2].startsWith(TRUSTED)) {
            return Optional.empty();
        }
        byte[] pkBlob = decode(pkLines[1], HEADER_BYTES + Ed25519Key.KEY_BYTES);
        byte[] sigBlob = decode(sigLines[1], HEADER_BYTES + Ed25519Key.SIGNATURE_BYTES);
        byte[] global = decode(sigLines[3], Ed25519Key.SIGNATURE_BYTES);
        if (pkBlob == null || sigBlob == null || global == null
                || !Arrays.equals(pkBlob, 0, HEADER_BYTES, sigBlob, 0, HEADER_BYTES)
                || pkBlob[0] != 'E' || pkBlob[1] != 'd') {
            return Optional.empty();
        }
        byte[] pk = Arrays.copyOfRange(pkBlob, HEADER_BYTES, pkBlob.length);
        byte[] signature = Arrays.copyOfRange(sigBlob, HEADER_BYTES, sigBlob.length);
        String trusted = sigLines[2].substring(TRUSTED.length());
        boolean ok = Ed25519Key.verify(pk, file, signature)
                && Ed25519Key.verify(pk, concat(signature, trusted.getBytes(StandardCharsets.UTF_8)), global);
        return ok ? Optional.of(trusted) : Optional.empty();
    }

    /**
     * The public key as PEM (SubjectPublicKeyInfo, RFC 8410: the 12 bytes {@code 302a300506032b6570032100}
     * then the 32 key bytes), for {@code openssl pkeyutl -verify -pubin -inkey}.
     */
    public static String publicKeyPem(byte[] publicKey32) {
        return "-----BEGIN PUBLIC KEY-----\n" + B64.encodeToString(concat(SPKI_PREFIX, requireKey(publicKey32)))
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** {@code "Ed"} ‖ the key id bytes as the files hold them (see the class comment). */
    private static byte[] header(byte[] publicKey32) {
        byte[] h = KeyedHash.sha256(publicKey32);
        byte[] out = new byte[HEADER_BYTES];
        out[0] = 'E';
        out[1] = 'd';
        for (int i = 0; i < KEY_ID_BYTES; i++) {
            out[2 + i] = h[KEY_ID_BYTES - 1 - i];
        }
        return out;
    }

    /** The first {@code n} lines of {@code text}, each ended by \n or \r\n (the last may lack it), or null. */
    private static String[] lines(String text, int n) {
        String[] all = text.split("\n", -1);
        if (all.length < n || all.length > n + 1 || (all.length == n + 1 && !all[n].isEmpty())) {
            return null;
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            String line = all[i].endsWith("\r") ? all[i].substring(0, all[i].length() - 1) : all[i];
            if (line.indexOf('\r') >= 0) {
                return null;
            }
            out[i] = line;
        }
        return out;
    }

    private static byte[] decode(String base64, int length) {
        try {
            byte[] out = B64D.decode(base64);
            return out.length == length ? out : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String checkComment(String comment, int maxBytes) {
        if (comment == null) {
            throw new IllegalArgumentException("a comment is required");
        }
        // A lone UTF-16 surrogate has no UTF-8 form.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(comment)
                || comment.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new IllegalArgumentException("a comment is one line of text: no newline or control character");
        }
        if (comment.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new IllegalArgumentException("a comment is at most " + maxBytes + " bytes in UTF-8");
        }
        return comment;
    }

    private static byte[] requireKey(byte[] publicKey32) {
        if (publicKey32 == null || publicKey32.length != Ed25519Key.KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        return publicKey32;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
