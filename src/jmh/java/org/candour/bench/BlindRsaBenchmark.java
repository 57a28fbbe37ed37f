package org.candour.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import org.candour.crypto.BlindClient;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.BouncyCastleBlindSigner;
import org.candour.crypto.IssuerKeyPair;
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
 * One-core throughput of the issuer's RFC 9474 operations, through the {@link BlindSigner} interface
 * (private key as PKCS#8 DER parsed on every call, and parsed once as the issuing service keeps it), with the
 * JDK's own RSASSA-PSS signing on the same RSA-2048 key as a baseline. Results and how to run them:
 * docs/performance.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class BlindRsaBenchmark {

    private static final byte[] MESSAGE = "candour benchmark token".getBytes(StandardCharsets.UTF_8);

    /** An issuer key, one blinded message for it, and one finished signature that verifies. */
    public abstract static class Issuer {
        final BlindSigner signer = new BouncyCastleBlindSigner();
        IssuerKeyPair keys;
        byte[] blindedMessage;
        byte[] preparedMessage;
        byte[] signature;
        BlindSigner.SigningKey parsed;

        void setUp(int bits) {
            keys = signer.generate(bits);
            parsed = signer.signingKey(keys.pkcs8());
            BlindClient client = BlindClient.forKey(keys.spki());
            BlindClient.Blinded blinded = client.blind(MESSAGE);
            blindedMessage = blinded.blindedMessage();
            preparedMessage = blinded.preparedMessage();
            signature = client.finish(blinded, signer.blindSign(keys.pkcs8(), blindedMessage));
            if (!signer.verify(keys.spki(), preparedMessage, signature)) {
                throw new IllegalStateException("the benchmark signature does not verify");
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Rsa2048 extends Issuer {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(2048);
        }
    }

    @State(Scope.Benchmark)
    public static class Rsa3072 extends Issuer {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(3072);
        }
    }

    /** The JDK's RSASSA-PSS with the RFC 9474 parameters, on the same RSA-2048 key. */
    @State(Scope.Thread)
    public static class JdkPss2048 {
        Signature signature;
        byte[] preparedMessage;

        @Setup(Level.Trial)
        public void setUp(Rsa2048 issuer) throws GeneralSecurityException {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(issuer.keys.pkcs8()));
            signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
            signature.initSign(key);
            preparedMessage = issuer.preparedMessage;
        }
    }

    /** (a) BlindSign, RSA-2048: the per-token cost of issuance. */
    @Benchmark
    public byte[] blindSign2048(Rsa2048 s) {
        return s.signer.blindSign(s.keys.pkcs8(), s.blindedMessage);
    }

    /**
     * (a') BlindSign, RSA-2048, with the key parsed once: Bouncy Castle's RSABlindSignatureServer alone,
     * as the issuing service now calls it (it keeps each open survey's parsed keys). The crypto ceiling.
     */
    @Benchmark
    public byte[] blindSignParsed2048(Rsa2048 s) {
        return s.signer.blindSign(s.parsed, s.blindedMessage);
    }

    /** (b) Baseline: JDK RSASSA-PSS (SHA-384, MGF1-SHA-384, salt 48) signing, RSA-2048. */
    @Benchmark
    public byte[] jdkPssSign2048(JdkPss2048 s) throws GeneralSecurityException {
        s.signature.update(s.preparedMessage);
        return s.signature.sign();
    }

    /** (c) BlindSign, RSA-3072. */
    @Benchmark
    public byte[] blindSign3072(Rsa3072 s) {
        return s.signer.blindSign(s.keys.pkcs8(), s.blindedMessage);
    }

    /** (d) Verify of a finished token signature, RSA-2048: the per-response cost at redemption. */
    @Benchmark
    public boolean verify2048(Rsa2048 s) {
        return s.signer.verify(s.keys.spki(), s.preparedMessage, s.signature);
    }
}
