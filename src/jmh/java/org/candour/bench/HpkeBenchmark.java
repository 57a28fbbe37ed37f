package org.candour.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.candour.crypto.CommentPadding;
import org.candour.crypto.HpkeBox;
import org.candour.crypto.HpkeKeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-core throughput of comment encryption with {@link HpkeBox} (RFC 9180 base mode, X25519 /
 * HKDF-SHA256 / AES-128-GCM): sealing a 2048-byte comment padded by {@link CommentPadding} (to the
 * 4096-byte bucket), and opening one, both through the per-key {@link HpkeBox.Opener} that a bulk
 * decryption of a survey uses and through {@link HpkeBox#open}, which parses the private key on every
 * call. How to run it: docs/performance.md (with {@code -Dbench.args=HpkeBenchmark} to run only this).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class HpkeBenchmark {

    private static final byte[] INFO = "candour/comment/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "survey=42;question=7".getBytes(StandardCharsets.UTF_8);

    /** A survey key, a 2 KB comment, and that comment padded and sealed. */
    @State(Scope.Benchmark)
    public static class Comment {
        final HpkeBox box = new HpkeBox();
        HpkeKeyPair keys;
        HpkeBox.Opener opener;
        byte[] comment;
        byte[] sealed;

        @Setup(Level.Trial)
        public void setUp() {
            keys = HpkeBox.generateKeyPair();
            opener = box.opener(keys.privateKey());
            comment = new byte[2048];
            Arrays.fill(comment, (byte) 'x');
            sealed = box.seal(keys.publicKey(), INFO, AAD, CommentPadding.pad(comment));
            if (sealed.length != 4096 + HpkeBox.OVERHEAD
                    || !Arrays.equals(comment, CommentPadding.unpad(opener.open(INFO, AAD, sealed)))) {
                throw new IllegalStateException("the benchmark comment does not round-trip");
            }
        }
    }

    /** (a) Pad and seal one 2 KB comment: the per-response cost at submission. */
    @Benchmark
    public byte[] seal(Comment s) {
        return s.box.seal(s.keys.publicKey(), INFO, AAD, CommentPadding.pad(s.comment));
    }

    /** (b) Open and unpad one comment with a per-key opener: the per-comment cost of a bulk decryption. */
    @Benchmark
    public byte[] openWithOpener(Comment s) {
        return CommentPadding.unpad(s.opener.open(INFO, AAD, s.sealed));
    }

    /** (c) The same through {@link HpkeBox#open}, which derives the recipient's public key every time. */
    @Benchmark
    public byte[] openWithPrivateKey(Comment s) {
        return CommentPadding.unpad(s.box.open(s.keys.privateKey(), INFO, AAD, s.sealed));
    }
}
