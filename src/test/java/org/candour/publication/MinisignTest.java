package org.candour.publication;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.candour.crypto.Ed25519Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minisign files: their layout, the Java check, and the real {@code minisign -V} and the OpenSSL
 * commands of docs/publication.md run on what {@link Minisign} signs. Plain JUnit, no Quarkus. Fails,
 * never skips, where minisign or openssl is missing: {@code .ci/run} installs minisign.
 */
class MinisignTest {

    private static final Ed25519Key KEY = Ed25519Key.fromSeed(seed(1));
    private static final Ed25519Key OTHER = Ed25519Key.fromSeed(seed(2));
    private static final byte[] FILE = "{\"title\":\"Staff survey 2026\",\"responses\":412}\n".getBytes(UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final String COMMENT = Minisign.trustedComment(DAY, "results.json", KEY.publicKey());
    private static final Path DOC = Path.of("docs/publication.md");

    @TempDir
    Path dir;

    // ---- Definitions and layout

    @Test
    void keyIdAndFingerprintFollowTheirDefinitions() throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(KEY.publicKey());
        String hex = HexFormat.of().withUpperCase().formatHex(h);
        String fingerprint = Minisign.fingerprint(KEY.publicKey());
        assertTrue(fingerprint.matches("[0-9A-F]{4}( [0-9A-F]{4}){15}"), fingerprint);
        assertEquals(hex, fingerprint.replace(" ", ""));
        assertEquals(hex.substring(0, 16), Minisign.keyId(KEY.publicKey()));
        assertNotEquals(Minisign.keyId(KEY.publicKey()), Minisign.keyId(OTHER.publicKey()));
    }

    @Test
    void publicKeyFileHoldsEdTheReversedKeyIdAndTheKey() {
        String text = Minisign.publicKeyFile(KEY.publicKey());
        String[] lines = text.split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals("untrusted comment: minisign public key " + Minisign.keyId(KEY.publicKey()), lines[0]);
        assertEquals("", lines[2]);
        byte[] blob = Base64.getDecoder().decode(lines[1]);
        assertEquals(42, blob.length);
        assertEquals("Ed", new String(blob, 0, 2, UTF_8));
        assertEquals(Minisign.keyId(KEY.publicKey()), reversedHex(Arrays.copyOfRange(blob, 2, 10)));
        assertArrayEquals(KEY.publicKey(), Arrays.copyOfRange(blob, 10, 42));
        assertTrue(Minisign.publicKeyFile(KEY.publicKey(), "Unison branch 42").startsWith(
                "untrusted comment: Unison branch 42\n"));
    }

    @Test
    void signatureFileHoldsBothSignaturesAsDocumented() {
        String text = Minisign.sign(KEY, FILE, COMMENT);
        String[] lines = text.split("\n", -1);
        assertEquals(5, lines.length);
        assertEquals("untrusted comment: signature from Candour publication key " + Minisign.keyId(KEY.publicKey()),
                lines[0]);
        byte[] blob = Base64.getDecoder().decode(lines[1]);
        assertEquals(74, blob.length);
        assertEquals(Minisign.ALGORITHM, new String(blob, 0, 2, UTF_8));
        assertEquals(Minisign.keyId(KEY.publicKey()), reversedHex(Arrays.copyOfRange(blob, 2, 10)));
        byte[] signature = Arrays.copyOfRange(blob, 10, 74);
        assertTrue(Ed25519Key.verify(KEY.publicKey(), FILE, signature), "legacy Ed: the file itself is signed");
        assertEquals("trusted comment: " + COMMENT, lines[2]);
        byte[] signedComment = concat(signature, COMMENT.getBytes(UTF_8));
        assertTrue(Ed25519Key.verify(KEY.publicKey(), signedComment, Base64.getDecoder().decode(lines[3])));
        assertEquals("", lines[4]);
        assertEquals(text, Minisign.sign(KEY, FILE, COMMENT), "deterministic");
    }

    @Test
    void theTrustedCommentHasTheDayTheFileAndTheKeyAndNoTime() {
        assertEquals("day:2026-12-06\tfile:results.json\tkey:" + Minisign.keyId(KEY.publicKey()), COMMENT);
        assertThrows(IllegalArgumentException.class, () -> Minisign.trustedComment(DAY, "a\tb", KEY.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> Minisign.trustedComment(DAY, "a\nb", KEY.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> Minisign.trustedComment(DAY, "", KEY.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> Minisign.trustedComment(null, "a", KEY.publicKey()));
    }

    @Test
    void commentsAreOneLineOfTextThatMinisignCanRead() {
        for (String bad : List.of("two\nlines", "carriage\rreturn", "nul\0", "bell\u0007", "del\u007f", "c1\u0085",
                "lone \ud800 surrogate", "reversed \udc00\ud800")) {
            assertThrows(IllegalArgumentException.class, () -> Minisign.sign(KEY, FILE, bad), bad);
            assertThrows(IllegalArgumentException.class, () -> Minisign.publicKeyFile(KEY.publicKey(), bad), bad);
        }
        String emoji = "tab\tand \ud83d\ude00 and é";
        assertTrue(Minisign.verify(Minisign.publicKeyFile(KEY.publicKey(), emoji), FILE,
                Minisign.sign(KEY, FILE, emoji)));
        String longest = "é".repeat(Minisign.MAX_TRUSTED_BYTES / 2) + "x".repeat(Minisign.MAX_TRUSTED_BYTES % 2);
        Minisign.sign(KEY, FILE, longest);
        assertThrows(IllegalArgumentException.class, () -> Minisign.sign(KEY, FILE, longest + "x"));
        Minisign.publicKeyFile(KEY.publicKey(), "x".repeat(Minisign.MAX_UNTRUSTED_BYTES));
        assertThrows(IllegalArgumentException.class,
                () -> Minisign.publicKeyFile(KEY.publicKey(), "x".repeat(Minisign.MAX_UNTRUSTED_BYTES + 1)));
    }

    @Test
    void thePemIsTheSubjectPublicKeyInfoThatJavaReadsToo() throws Exception {
        String pem = Minisign.publicKeyPem(KEY.publicKey());
        Matcher m = Pattern.compile("-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]+)\n-----END PUBLIC KEY-----\n")
                .matcher(pem);
        assertTrue(m.matches(), pem);
        byte[] der = Base64.getDecoder().decode(m.group(1));
        assertEquals("302a300506032b6570032100", HexFormat.of().formatHex(der, 0, 12));
        assertTrue(m.group(1).startsWith("MCowBQYDK2VwAyEA"), "the prefix the docs name");
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(publicKey);
        jdk.update(FILE);
        assertTrue(jdk.verify(KEY.sign(FILE)), "the JDK's own Ed25519 agrees");
    }

    // ---- The Java check

    @Test
    void verifiesItsOwnSignaturesAndGivesTheTrustedComment() {
        String pub = Minisign.publicKeyFile(KEY.publicKey());
        String sig = Minisign.sign(KEY, FILE, COMMENT);
        assertTrue(Minisign.verify(pub, FILE, sig));
        assertEquals(Optional.of(COMMENT), Minisign.verifiedTrustedComment(pub, FILE, sig));
        assertTrue(Minisign.verify(pub.replace("\n", "\r\n"), FILE, sig.replace("\n", "\r\n")), "CRLF as minisign");
        assertTrue(Minisign.verify(pub, FILE, sig.replace("untrusted comment: signature from",
                "untrusted comment: not signed by")), "the untrusted comment is not signed");
        assertTrue(Minisign.verify(pub, new byte[0], Minisign.sign(KEY, new byte[0], "")));
    }

    @Test
    void refusesAnyChangeOfTheFileTheTrustedCommentOrTheKey() {
        String pub = Minisign.publicKeyFile(KEY.publicKey());
        String sig = Minisign.sign(KEY, FILE, COMMENT);
        for (int i = 0; i < FILE.length; i++) {
            byte[] changed = FILE.clone();
            changed[i] ^= 1;
            assertFalse(Minisign.verify(pub, changed, sig), "file byte " + i);
        }
        assertFalse(Minisign.verify(pub, Arrays.copyOf(FILE, FILE.length + 1), sig));
        for (int i = 0; i < COMMENT.length(); i++) {
            char[] changed = COMMENT.toCharArray();
            changed[i] ^= 1;
            String other = sig.replace(COMMENT, new String(changed));
            assertFalse(Minisign.verify(pub, FILE, other), "comment character " + i);
        }
        assertFalse(Minisign.verify(Minisign.publicKeyFile(OTHER.publicKey()), FILE, sig));
        assertFalse(Minisign.verify(pub, FILE, Minisign.sign(OTHER, FILE, COMMENT)));
        // The other key's public key under this key's id: the key ids match, the signatures do not.
        String sameIdOtherKey = withKeyBytes(pub, OTHER.publicKey());
        assertFalse(Minisign.verify(sameIdOtherKey, FILE, sig));
    }

    @Test
    void refusesMalformedFilesWithFalse() {
        String pub = Minisign.publicKeyFile(KEY.publicKey());
        String sig = Minisign.sign(KEY, FILE, COMMENT);
        String[] lines = sig.split("\n");
        List<String> bad = new ArrayList<>(List.of("", "\n\n\n\n", sig.substring(0, sig.length() - 10),
                sig + "fifth line\n", lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n" + lines[2] + "\n",
                sig.replace("untrusted comment: ", "comment: "), sig.replace("trusted comment: ", "trusted: "),
                sig.replace(lines[1], lines[1].substring(4)), sig.replace(lines[3], lines[3] + "AAAA"),
                sig.replace(lines[1], "*" + lines[1].substring(1)), sig.replace("\n", "\r\r\n")));
        // The prehashed algorithm's name on a signature of the whole file.
        byte[] blob = Base64.getDecoder().decode(lines[1]);
        blob[1] = 'D';
        bad.add(sig.replace(lines[1], Base64.getEncoder().encodeToString(blob)));
        for (String s : bad) {
            assertFalse(Minisign.verify(pub, FILE, s), s);
        }
        assertFalse(Minisign.verify(pub.split("\n")[1], FILE, sig), "the key's line alone is not the key file");
        assertFalse(Minisign.verify(null, FILE, sig));
        assertFalse(Minisign.verify(pub, null, sig));
        assertFalse(Minisign.verify(pub, FILE, null));
    }

    // ---- The real minisign

    @Test
    void minisignAcceptsWhatMinisignJavaSignsWithTheDocumentedCommand() throws Exception {
        write(KEY, FILE, Minisign.sign(KEY, FILE, COMMENT));
        Run run = bash(docBlock("minisign -V"));
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("Signature and comment signature verified\n"), run.output);
        assertTrue(run.output.contains("Trusted comment: " + COMMENT + "\n"), run.output);
        Run quiet = run(tool("minisign"), "-V", "-Q", "-p", "candour.pub", "-m", "results.json");
        assertEquals(new Run(0, COMMENT + "\n"), quiet);
    }

    @Test
    void minisignRefusesAFileChangedByOneByte() throws Exception {
        byte[] changed = FILE.clone();
        changed[10] ^= 1;
        write(KEY, changed, Minisign.sign(KEY, FILE, COMMENT));
        Run run = run(tool("minisign"), "-V", "-p", "candour.pub", "-m", "results.json");
        assertEquals(new Run(1, "Signature verification failed\n"), run);
    }

    @Test
    void minisignRefusesATrustedCommentChangedByOneByte() throws Exception {
        write(KEY, FILE, Minisign.sign(KEY, FILE, COMMENT).replace("day:2026-12-06", "day:2026-12-07"));
        Run run = run(tool("minisign"), "-V", "-p", "candour.pub", "-m", "results.json");
        assertEquals(new Run(1, "Comment signature verification failed\n"), run);
    }

    @Test
    void minisignRefusesAnotherKeyAndPrintsBothKeyIdsAsKeyIdSays() throws Exception {
        write(OTHER, FILE, Minisign.sign(KEY, FILE, COMMENT));
        Run run = run(tool("minisign"), "-V", "-p", "candour.pub", "-m", "results.json");
        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains("Signature key id in results.json.minisig is "
                + Minisign.keyId(KEY.publicKey()) + "\nbut the key id in the public key is "
                + Minisign.keyId(OTHER.publicKey())), run.output);
        // The other key's bytes under this key's id: minisign checks the signature, not just the id.
        Files.writeString(dir.resolve("candour.pub"), withKeyBytes(Minisign.publicKeyFile(KEY.publicKey()),
                OTHER.publicKey()));
        assertEquals(new Run(1, "Signature verification failed\n"),
                run(tool("minisign"), "-V", "-p", "candour.pub", "-m", "results.json"));
    }

    @Test
    void minisignRequiringPrehashedInputRefusesTheLegacyAlgorithm() throws Exception {
        write(KEY, FILE, Minisign.sign(KEY, FILE, COMMENT));
        Run run = run(tool("minisign"), "-V", "-H", "-p", "candour.pub", "-m", "results.json");
        assertEquals(new Run(1, "Legacy (non-prehashed) signature found\n"), run);
    }

    @Test
    void javaVerifiesMinisignsLegacySignaturesAndRefusesItsPrehashedOnes() throws Exception {
        String minisign = tool("minisign");
        Files.write(dir.resolve("results.json"), FILE);
        assertEquals(0, run(minisign, "-G", "-W", "-f", "-p", "tool.pub", "-s", "tool.key").exit);
        assertEquals(0, run(minisign, "-S", "-l", "-s", "tool.key", "-m", "results.json", "-t", COMMENT).exit);
        String pub = Files.readString(dir.resolve("tool.pub"));
        String legacy = Files.readString(dir.resolve("results.json.minisig"));
        assertEquals(Optional.of(COMMENT), Minisign.verifiedTrustedComment(pub, FILE, legacy));
        assertEquals(0, run(minisign, "-S", "-s", "tool.key", "-m", "results.json", "-t", COMMENT).exit);
        String prehashed = Files.readString(dir.resolve("results.json.minisig"));
        assertEquals(0, run(minisign, "-V", "-p", "tool.pub", "-m", "results.json").exit, "minisign takes both");
        assertFalse(Minisign.verify(pub, FILE, prehashed), "only Ed is accepted");
    }

    // ---- The OpenSSL route of docs/publication.md

    @Test
    void theDocumentedOpensslCommandsAcceptAndMatchTheJavaPemAndFingerprint() throws Exception {
        tool("openssl");
        write(KEY, FILE, Minisign.sign(KEY, FILE, COMMENT));
        Run run = bash(docBlock("openssl pkeyutl"));
        assertEquals(new Run(0, "Signature Verified Successfully\nSignature Verified Successfully\n"
                + "trusted comment: " + COMMENT + "\n"), run);
        assertEquals(Minisign.publicKeyPem(KEY.publicKey()), Files.readString(dir.resolve("candour.pem")));
        Run fingerprint = bash(docBlock("sha256sum"));
        assertEquals(0, fingerprint.exit, fingerprint.output);
        assertEquals(Minisign.fingerprint(KEY.publicKey()).replace(" ", "").toLowerCase(),
                fingerprint.output.split(" ")[0]);
    }

    @Test
    void theDocumentedOpensslCommandsRefuseAFileChangedByOneByte() throws Exception {
        tool("openssl");
        byte[] changed = FILE.clone();
        changed[FILE.length - 2] ^= 1;
        write(KEY, changed, Minisign.sign(KEY, FILE, COMMENT));
        Run run = bash(docBlock("openssl pkeyutl"));
        assertNotEquals(0, run.exit);
        assertTrue(run.output.startsWith("Signature Verification Failure\n"), run.output);
    }

    @Test
    void theDocumentedOpensslCommandsRefuseATrustedCommentChangedByOneByte() throws Exception {
        tool("openssl");
        write(KEY, FILE, Minisign.sign(KEY, FILE, COMMENT).replace("file:results.json", "file:results.jsoN"));
        Run run = bash(docBlock("openssl pkeyutl"));
        assertNotEquals(0, run.exit);
        assertTrue(run.output.startsWith("Signature Verified Successfully\nSignature Verification Failure\n"),
                "the file holds, its comment does not: " + run.output);
    }

    @Test
    void theDocumentedOpensslCommandsRefuseAnotherKey() throws Exception {
        tool("openssl");
        write(OTHER, FILE, Minisign.sign(KEY, FILE, COMMENT));
        Run run = bash(docBlock("openssl pkeyutl"));
        assertNotEquals(0, run.exit);
        assertTrue(run.output.startsWith("Signature Verification Failure\n"), run.output);
    }

    // ---- Helpers

    private record Run(int exit, String output) {
    }

    /** candour.pub of {@code key}, results.json and its .minisig in the temporary folder. */
    private void write(Ed25519Key key, byte[] file, String signature) throws IOException {
        Files.writeString(dir.resolve("candour.pub"), Minisign.publicKeyFile(key.publicKey()));
        Files.write(dir.resolve("results.json"), file);
        Files.writeString(dir.resolve("results.json.minisig"), signature);
    }

    private Run bash(String script) throws IOException, InterruptedException {
        tool("minisign");
        return run("bash", "-euo", "pipefail", "-c", script);
    }

    private Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Run(p.exitValue(), output);
    }

    /** The one {@code ```sh} block of docs/publication.md that contains {@code marker}. */
    private static String docBlock(String marker) throws IOException {
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                found.add(m.group(1));
            }
        }
        assertEquals(1, found.size(), "one sh block in " + DOC + " with " + marker);
        return found.get(0);
    }

    /** The path of a command on PATH; fails, never skips, when it is missing. */
    static String tool(String name) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(folder, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(name + " is not installed. .ci/run installs it (apt-get install " + name
                + "); on another machine install the " + name + " package first.");
    }

    /** A public key file with this file's key id and the bytes of {@code otherKey}. */
    private static String withKeyBytes(String publicKeyFile, byte[] otherKey) {
        String[] lines = publicKeyFile.split("\n");
        byte[] blob = Base64.getDecoder().decode(lines[1]);
        System.arraycopy(otherKey, 0, blob, 10, 32);
        return lines[0] + "\n" + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    private static String reversedHex(byte[] bytes) {
        byte[] r = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            r[i] = bytes[bytes.length - 1 - i];
        }
        return HexFormat.of().withUpperCase().formatHex(r);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] seed(int first) {
        byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (first + i);
        }
        return s;
    }
}
