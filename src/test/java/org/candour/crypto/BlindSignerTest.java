package org.candour.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Queue;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized): the published known-answer vector, then
 * round trips and refusals with fresh keys. Plain JUnit, no Quarkus.
 */
class BlindSignerTest {

    /*
     * RFC 9474 Appendix A.1, "RSABSSA-SHA384-PSS-Randomized Test Vector" (4096-bit key), copied
     * verbatim from the RFC's source, draft-irtf-cfrg-rsa-blind-signatures.md in
     * github.com/cfrg/draft-irtf-cfrg-blind-signatures (commit 63ec6de); the same values are in
     * cloudflare/circl blindsign/blindrsa/testdata/test_vectors_rfc9474.json. (Earlier drafts have
     * different msg_prefix, blinded_msg, blind_sig and sig for this variant.)
     */
    private static final byte[] P = hex("""
            e1f4d7a34802e27c7392a3cea32a262a34dc3691bd87f3f310dc756734889305
            59c120fd0410194fb8a0da55bd0b81227e843fdca6692ae80e5a5d414116d4803fca
            7d8c30eaaae57e44a1816ebb5c5b0606c536246c7f11985d731684150b63c9a3ad9e
            41b04c0b5b27cb188a692c84696b742a80d3cd00ab891f2457443dadfeba6d6daf10
            8602be26d7071803c67105a5426838e6889d77e8474b29244cefaf418e381b312048
            b457d73419213063c60ee7b0d81820165864fef93523c9635c22210956e53a8d9632
            2493ffc58d845368e2416e078e5bcb5d2fd68ae6acfa54f9627c42e84a9d3f277401
            7e32ebca06308a12ecc290c7cd1156dcccfb2311
            """);
    private static final byte[] Q = hex("""
            c601a9caea66dc3835827b539db9df6f6f5ae77244692780cd334a006ab353c8
            06426b60718c05245650821d39445d3ab591ed10a7339f15d83fe13f6a3dfb20b945
            2c6a9b42eaa62a68c970df3cadb2139f804ad8223d56108dfde30ba7d367e9b0a7a8
            0c4fdba2fd9dde6661fc73fc2947569d2029f2870fc02d8325acf28c9afa19ecf962
            daa7916e21afad09eb62fe9f1cf91b77dc879b7974b490d3ebd2e95426057f35d0a3
            c9f45f79ac727ab81a519a8b9285932d9b2e5ccd347e59f3f32ad9ca359115e7da00
            8ab7406707bd0e8e185a5ed8758b5ba266e8828f8d863ae133846304a2936ad7bc7c
            9803879d2fc4a28e69291d73dbd799f8bc238385
            """);
    private static final byte[] N = hex("""
            aec4d69addc70b990ea66a5e70603b6fee27aafebd08f2d94cbe1250c556e047
            a928d635c3f45ee9b66d1bc628a03bac9b7c3f416fe20dabea8f3d7b4bbf7f963be3
            35d2328d67e6c13ee4a8f955e05a3283720d3e1f139c38e43e0338ad058a9495c533
            77fc35be64d208f89b4aa721bf7f7d3fef837be2a80e0f8adf0bcd1eec5bb040443a
            2b2792fdca522a7472aed74f31a1ebe1eebc1f408660a0543dfe2a850f106a617ec6
            685573702eaaa21a5640a5dcaf9b74e397fa3af18a2f1b7c03ba91a6336158de420d
            63188ee143866ee415735d155b7c2d854d795b7bc236cffd71542df34234221a0413
            e142d8c61355cc44d45bda94204974557ac2704cd8b593f035a5724b1adf442e78c5
            42cd4414fce6f1298182fb6d8e53cef1adfd2e90e1e4deec52999bdc6c29144e8d52
            a125232c8c6d75c706ea3cc06841c7bda33568c63a6c03817f722b50fcf898237d78
            8a4400869e44d90a3020923dc646388abcc914315215fcd1bae11b1c751fd52443aa
            c8f601087d8d42737c18a3fa11ecd4131ecae017ae0a14acfc4ef85b83c19fed33cf
            d1cd629da2c4c09e222b398e18d822f77bb378dea3cb360b605e5aa58b20edc29d00
            0a66bd177c682a17e7eb12a63ef7c2e4183e0d898f3d6bf567ba8ae84f84f1d23bf8
            b8e261c3729e2fa6d07b832e07cddd1d14f55325c6f924267957121902dc19b3b329
            48bdead5
            """);
    private static final byte[] E = hex("010001");
    private static final byte[] D = hex("""
            0d43242aefe1fb2c13fbc66e20b678c4336d20b1808c558b6e62ad16a2870771
            80b177e1f01b12f9c6cd6c52630257ccef26a45135a990928773f3bd2fc01a313f1d
            ac97a51cec71cb1fd7efc7adffdeb05f1fb04812c924ed7f4a8269925dad88bd7dcf
            bc4ef01020ebfc60cb3e04c54f981fdbd273e69a8a58b8ceb7c2d83fbcbd6f784d05
            2201b88a9848186f2a45c0d2826870733e6fd9aa46983e0a6e82e35ca20a439c5ee7
            b502a9062e1066493bdadf8b49eb30d9558ed85abc7afb29b3c9bc644199654a4676
            681af4babcea4e6f71fe4565c9c1b85d9985b84ec1abf1a820a9bbebee0df1398aae
            2c85ab580a9f13e7743afd3108eb32100b870648fa6bc17e8abac4d3c99246b1f0ea
            9f7f93a5dd5458c56d9f3f81ff2216b3c3680a13591673c43194d8e6fc93fc1e37ce
            2986bd628ac48088bc723d8fbe293861ca7a9f4a73e9fa63b1b6d0074f5dea2a624c
            5249ff3ad811b6255b299d6bc5451ba7477f19c5a0db690c3e6476398b1483d10314
            afd38bbaf6e2fbdbcd62c3ca9797a420ca6034ec0a83360a3ee2adf4b9d4ba29731d
            131b099a38d6a23cc463db754603211260e99d19affc902c915d7854554aabf608e3
            ac52c19b8aa26ae042249b17b2d29669b5c859103ee53ef9bdc73ba3c6b537d5c34b
            6d8f034671d7f3a8a6966cc4543df223565343154140fd7391c7e7be03e241f4ecfe
            b877a051
            """);
    private static final byte[] MSG = hex("""
            8f3dc6fb8c4a02f4d6352edf0907822c1210a9b32f9bdda4c45a698c80023a
            a6b59f8cfec5fdbb36331372ebefedae7d
            """);
    private static final byte[] MSG_PREFIX = hex("""
            8417e699b219d583fb6216ae0c53ca0e9723442d02f1d1a34295527
            e7d929e8b
            """);
    private static final byte[] PREPARED_MSG = hex("""
            8417e699b219d583fb6216ae0c53ca0e9723442d02f1d1a342955
            27e7d929e8b8f3dc6fb8c4a02f4d6352edf0907822c1210a9b32f9bdda4c45a698c8
            0023aa6b59f8cfec5fdbb36331372ebefedae7d
            """);
    private static final byte[] SALT = hex("""
            051722b35f458781397c3a671a7d3bd3096503940e4c4f1aaa269d60300ce
            449555cd7340100df9d46944c5356825abf
            """);
    private static final byte[] ENCODED_MSG = hex("""
            2be01c5669eb676cb3f0002eb636427d61568f3f0579da5b998279
            a7eb3ab784e5617319376d04809d83e72bef9f0738e7324af3fd1b4f0a35f4f58058
            ab329495406bdb5ff31a0274be2d137c735ab0d5a591b3129a6cc46fcecc4b41dbc6
            84c965cb30e3eb4864ef18cc8d95b4d6a2002607c821d4d8a7e026ae7bb1f6b4c7c9
            3d1b58e9cd87864d6094b0d8f7e2b5f966473703634fb58c774dd4a24376e0eb262a
            24b58e3a0b4da4f36ef75651627561ff2ecee9dcbfe1d728cc31a7b46030f7a2815a
            e9edf9a2a5c0c6d8dbab1b33b9c3bbda5c083670a3550f7d74c4263aad09f8ed1d43
            5fc6295ca4d51fc02c7de9ae28ffd53372c3fa864521b27560daa11ab9daad8d0d74
            7661718d2f79c59d0661b09c74863fa32bdcb1c408d3bd24569c57aecae6e06c0c9d
            eb7303c5b7b1240960fd2413d61b2e3829af8c09874fdba0fe84ca6aa7e7d533f9b0
            ddfe508f562b132ca2d325f1e73f91a8a6b831a2fd9bc0bd5bfa5ea3a1dee16bd9b2
            64174b9553a4c0c0d62373353355c05b35824e4bae702f49e5a6bf83eaff65af4990
            45bcef1470a0e58ddb21856034af0db96f8636d4a6f1591f34c7224e0c0293e3d3be
            2139f2797c5ed8b65473ac2f83c52b87f8cf8754ac2f55f5e41e105df1d079a647fb
            1aa591526295667f37db1129752d024eb03bfe506a43665072118423351ef9b86633
            76f9fc073141e1e7bc
            """);
    private static final byte[] INV = hex("""
            80682c48982407b489d53d1261b19ec8627d02b8cda5336750b8cee332ae26
            0de57b02d72609c1e0e9f28e2040fc65b6f02d56dbd6aa9af8fde656f70495dfb723
            ba01173d4707a12fddac628ca29f3e32340bd8f7ddb557cf819f6b01e445ad96f874
            ba235584ee71f6581f62d4f43bf03f910f6510deb85e8ef06c7f09d9794a008be7ff
            2529f0ebb69decef646387dc767b74939265fec0223aa6d84d2a8a1cc912d5ca25b4
            e144ab8f6ba054b54910176d5737a2cff011da431bd5f2a0d2d66b9e70b39f4b050e
            45c0d9c16f02deda9ddf2d00f3e4b01037d7029cd49c2d46a8e1fc2c0c17520af1f4
            b5e25ba396afc4cd60c494a4c426448b35b49635b337cfb08e7c22a39b256dd032c0
            0adddafb51a627f99a0e1704170ac1f1912e49d9db10ec04c19c58f420212973e0cb
            329524223a6aa56c7937c5dffdb5d966b6cd4cbc26f3201dd25c80960a1a111b3294
            7bb78973d269fac7f5186530930ed19f68507540eed9e1bab8b00f00d8ca09b3f099
            aae46180e04e3584bd7ca054df18a1504b89d1d1675d0966c4ae1407be325cdf623c
            f13ff13e4a28b594d59e3eadbadf6136eee7a59d6a444c9eb4e2198e8a974f27a39e
            b63af2c9af3870488b8adaad444674f512133ad80b9220e09158521614f1faadfe85
            05ef57b7df6813048603f0dd04f4280177a11380fbfc861dbcbd7418d62155248dad
            5fdec0991f
            """);
    private static final byte[] BLINDED_MSG = hex("""
            aa3ee045138d874669685ffaef962c7694a9450aa9b4fd6465db9b
            3b75a522bb921c4c0fdcdfae9667593255099cff51f5d3fd65e8ffb9d3b3036252a6
            b51b6edfb3f40382b2bbf34c0055e4cbcc422850e586d84f190cd449af11dc65545f
            5fe26fd89796eb87da4bda0c545f397cddfeeb56f06e28135ec74fd477949e7677f6
            f36cfae8fd5c1c5898b03b9c244cf6d1a4fb7ad1cb43aff5e80cb462fac541e72f67
            f0a50f1843d1759edfaae92d1a916d3f0efaf4d650db416c3bf8abdb5414a78cebc9
            7de676723cb119e77aea489f2bbf530c440ebc5a75dccd3ebf5a412a5f346badd61b
            ee588e5917bdcce9dc33c882e39826951b0b8276c6203971947072b726e935816056
            ff5cb11a71ca2946478584126bb877acdf87255f26e6cca4e0878801307485d3b7bb
            89b289551a8b65a7a6b93db010423d1406e149c87731910306e5e410b41d4da32346
            24e74f92845183e323cf7eb244f212a695f8856c675fbc3a021ce649e22c6f0d053a
            9d238841cf3afdc2739f99672a419ae13c17f1f8a3bc302ec2e7b98e8c353898b715
            0ad8877ec841ea6e4b288064c254fefd0d049c3ad196bf7ffa535e74585d0120ce72
            8036ed500942fbd5e6332c298f1ffebe9ff60c1e117b274cf0cb9d70c36ee4891528
            996ec1ed0b178e9f3c0c0e6120885f39e8ccaadbb20f3196378c07b1ff22d10049d3
            039a7a92fe7efdd95d
            """);
    private static final byte[] BLIND_SIG = hex("""
            3f4a79eacd4445fca628a310d41e12fcd813c4d43aa4ef2b81226953
            248d6d00adfee6b79cb88bfa1f99270369fd063c023e5ed546719b0b2d143dd1bca4
            6b0e0e615fe5c63d95c5a6b873b8b50bc52487354e69c3dfbf416e7aca18d5842c89
            b676efdd38087008fa5a810161fcdec26f20ccf2f1e6ab0f9d2bb93e051cb9e86a9b
            28c5bb62fd5f5391379f887c0f706a08bcc3b9e7506aaf02485d688198f5e22eefdf
            837b2dd919320b17482c5cc54271b4ccb41d267629b3f844fd63750b01f5276c79e3
            3718bb561a152acb2eb36d8be75bce05c9d1b94eb609106f38226fb2e0f5cd5c5c39
            c59dda166862de498b8d92f6bcb41af433d65a2ac23da87f39764cb64e79e74a8f4c
            e4dd567480d967cefac46b6e9c06434c3715635834357edd2ce6f105eea854ac126c
            cfa3de2aac5607565a4e5efaac5eed491c335f6fc97e6eb7e9cea3e12de38dfb3152
            20c0a3f84536abb2fdd722813e083feda010391ac3d8fd1cd9212b5d94e634e69ebc
            c800c4d5c4c1091c64afc37acf563c7fc0a6e4c082bc55544f50a7971f3fb97d5853
            d72c3af34ffd5ce123998be5360d1059820c66a81e1ee6d9c1803b5b62af6bc87752
            6df255b6d1d835d8c840bebbcd6cc0ee910f17da37caf8488afbc08397a1941fcc79
            e76a5888a95b3d5405e13f737bea5c78d716a48eb9dc0aec8de39c4b45c6914ad4a8
            185969f70b1adf46
            """);
    private static final byte[] SIG = hex("""
            191e941c57510e22d29afad257de5ca436d2316221fe870c7cb75205a6c071
            c2735aed0bc24c37f3d5bd960ab97a829a508f966bbaed7a82645e65eadaf24ab5e6
            d9421392c5b15b7f9b640d34fec512846a3100b80f75ef51064602118c1a77d28d93
            8f6efc22041d60159a518d3de7c4d840c9c68109672d743d299d8d2577ef60c19ab4
            63c716b3fa75fa56f5735349d414a44df12bf0dd44aa3e10822a651ed4cb0eb6f47c
            9bd0ef14a034a7ac2451e30434d513eb22e68b7587a8de9b4e63a059d05c8b22c7c5
            1e2cfee2d8bef511412e93c859a13726d87c57d1bc4c2e68ab121562f839c3a3d233
            e87ed63c69b7e57525367753fbebcc2a9805a2802659f5888b2c69115bf865559f10
            d906c09d048a0d71bfee4b33857393ec2b69e451433496d02c9a7910abb954317720
            bbde9e69108eafc3e90bad3d5ca4066d7b1e49013fa04e948104a1dd82b12509ecb1
            46e948c54bd8bfb5e6d18127cd1f7a93c3cf9f2d869d5a78878c03fe808a0d799e91
            0be6f26d18db61c485b303631d3568368fc41986d08a95ea6ac0592240c19d7b2241
            6b9c82ae6241e211dd5610d0baaa9823158f9c32b66318f5529491b7eeadcaa71898
            a63bac9d95f4aa548d5e97568d744fc429104e32edd9c87519892a198a30d333d427
            739ffb9607b092e910ae37771abf2adb9f63bc058bf58062ad456cb934679795bbdf
            cdfad5e0f2
            """);

    private static final BlindSigner SIGNER = new BouncyCastleBlindSigner();

    private static IssuerKeyPair key;
    private static IssuerKeyPair otherKey;

    @BeforeAll
    static void generateKeys() {
        key = SIGNER.generate(2048);
        otherKey = SIGNER.generate(2048);
    }

    // ---- RFC 9474 known answers ----

    @Test
    void vectorPreparedMessageIsPrefixThenMessage() {
        assertEquals(32, MSG_PREFIX.length);
        assertEquals(48, SALT.length);
        assertArrayEquals(concat(MSG_PREFIX, MSG), PREPARED_MSG);
    }

    @Test
    void blindSignMatchesTheVector() throws Exception {
        byte[] pkcs8 = vectorPkcs8();
        assertArrayEquals(BLIND_SIG, SIGNER.blindSign(pkcs8, BLINDED_MSG));
        // Deterministic, which idempotent retries rely on.
        assertArrayEquals(BLIND_SIG, SIGNER.blindSign(pkcs8, BLINDED_MSG));
        // The same with the key parsed once, as the issuing service keeps it.
        BlindSigner.SigningKey parsed = SIGNER.signingKey(pkcs8);
        assertEquals(512, parsed.modulusBytes());
        assertArrayEquals(BLIND_SIG, SIGNER.blindSign(parsed, BLINDED_MSG));
        assertArrayEquals(BLIND_SIG, SIGNER.blindSign(parsed, BLINDED_MSG));
    }

    @Test
    void aParsedKeyRefusesWhatThePkcs8PathRefuses() throws Exception {
        BlindSigner.SigningKey parsed = SIGNER.signingKey(key.pkcs8());
        assertEquals(256, parsed.modulusBytes());
        assertEquals("blinded message must be exactly 256 bytes",
                assertThrows(InvalidBlindedMessageException.class, () -> parsed.check(new byte[255])).getMessage());
        assertThrows(InvalidBlindedMessageException.class, () -> SIGNER.blindSign(parsed, new byte[257]));
        assertThrows(InvalidBlindedMessageException.class, () -> parsed.check(null));
        BigInteger n = ((RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(key.spki()))).getModulus();
        assertEquals("blinded message is not less than the modulus", assertThrows(InvalidBlindedMessageException.class,
                () -> SIGNER.blindSign(parsed, fixed(n, 256))).getMessage());
        byte[] below = fixed(n.subtract(BigInteger.ONE), 256);
        parsed.check(below);
        assertArrayEquals(SIGNER.blindSign(key.pkcs8(), below), SIGNER.blindSign(parsed, below));
        assertThrows(IllegalArgumentException.class, () -> SIGNER.signingKey(key.spki()));
    }

    @Test
    void verifyAcceptsTheVectorSignature() throws Exception {
        byte[] spki = vectorSpki();
        assertEquals(512, SIGNER.modulusBytes(spki));
        assertTrue(SIGNER.verify(spki, PREPARED_MSG, SIG));
        assertFalse(SIGNER.verify(spki, MSG, SIG), "the signature covers the prefix too");
        assertFalse(SIGNER.verify(spki, PREPARED_MSG, BLIND_SIG));
    }

    @Test
    void vectorArithmeticHolds() {
        BigInteger n = new BigInteger(1, N);
        BigInteger e = new BigInteger(1, E);
        BigInteger inv = new BigInteger(1, INV);
        BigInteger r = inv.modInverse(n);
        // Blind: blinded_msg = encoded_msg * r^e mod n, with inv = r^-1 mod n.
        assertEquals(new BigInteger(1, BLINDED_MSG), new BigInteger(1, ENCODED_MSG).multiply(r.modPow(e, n)).mod(n));
        // Finalize: sig = blind_sig * inv mod n.
        assertArrayEquals(SIG, fixed(new BigInteger(1, BLIND_SIG).multiply(inv).mod(n), N.length));
        // RSAVP1(sig) is the EMSA-PSS encoding of prepared_msg with the vector's salt.
        assertArrayEquals(ENCODED_MSG, fixed(new BigInteger(1, SIG).modPow(e, n), N.length));
    }

    @Test
    void clientReproducesTheVectorFromItsRandomness() throws Exception {
        // Bouncy Castle's client cannot be handed inv directly, but it draws its randomness in the
        // RFC's order: the 32-byte prefix, then r (bit_len(n) - 1 random bits, big-endian), then
        // the 48-byte PSS salt. Replaying the vector's values (r = inv^-1 mod n) must reproduce it.
        BigInteger n = new BigInteger(1, N);
        byte[] r = fixed(new BigInteger(1, INV).modInverse(n), N.length);
        BlindClient client = BlindClient.forKey(vectorSpki(), new ReplayRandom(MSG_PREFIX, r, SALT));

        BlindClient.Blinded blinded = client.blind(MSG);
        assertArrayEquals(PREPARED_MSG, blinded.preparedMessage());
        assertArrayEquals(BLINDED_MSG, blinded.blindedMessage());
        assertArrayEquals(SIG, client.finish(blinded, BLIND_SIG));
    }

    // ---- fresh keys ----

    @Test
    void generatesStandardKeys() throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.spki()));
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(key.pkcs8()));
        assertEquals(2048, pub.getModulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), pub.getPublicExponent());
        assertEquals(pub.getModulus(), priv.getModulus());
        assertEquals(256, SIGNER.modulusBytes(key.spki()));
        assertNotEquals(BlindSigner.keyId(key.spki()), BlindSigner.keyId(otherKey.spki()));
    }

    @Test
    void generates3072BitKeysAndNothingElse() {
        IssuerKeyPair big = SIGNER.generate(3072);
        assertEquals(384, SIGNER.modulusBytes(big.spki()));
        for (int bits : new int[] {1024, 2047, 4096, 0, -1}) {
            assertThrows(IllegalArgumentException.class, () -> SIGNER.generate(bits));
        }
    }

    @Test
    void roundTripWithFreshKeys() {
        BlindClient client = BlindClient.forKey(key.spki());
        byte[] msg = "survey 42 / pass".getBytes(StandardCharsets.UTF_8);
        BlindClient.Blinded blinded = client.blind(msg);
        assertEquals(32 + msg.length, blinded.preparedMessage().length);
        assertArrayEquals(msg, Arrays.copyOfRange(blinded.preparedMessage(), 32, blinded.preparedMessage().length));
        assertEquals(256, blinded.blindedMessage().length);

        byte[] blindSig = SIGNER.blindSign(key.pkcs8(), blinded.blindedMessage());
        assertEquals(256, blindSig.length);
        assertArrayEquals(blindSig, SIGNER.blindSign(key.pkcs8(), blinded.blindedMessage()));
        byte[] sig = client.finish(blinded, blindSig);
        assertEquals(256, sig.length);
        assertTrue(SIGNER.verify(key.spki(), blinded.preparedMessage(), sig));

        for (int bit = 0; bit < 8 * sig.length; bit += 97) {
            assertFalse(SIGNER.verify(key.spki(), blinded.preparedMessage(), flip(sig, bit)));
        }
        for (int bit = 0; bit < 8 * blinded.preparedMessage().length; bit += 13) {
            assertFalse(SIGNER.verify(key.spki(), flip(blinded.preparedMessage(), bit), sig));
        }
        assertFalse(SIGNER.verify(key.spki(), msg, sig));
        assertFalse(SIGNER.verify(otherKey.spki(), blinded.preparedMessage(), sig));

        // Two blindings of one message look unrelated, and so do the signatures.
        BlindClient.Blinded again = client.blind(msg);
        assertFalse(Arrays.equals(blinded.blindedMessage(), again.blindedMessage()));
        assertFalse(Arrays.equals(blinded.preparedMessage(), again.preparedMessage()));
    }

    @Test
    void signatureFromAnotherKeyIsRefused() {
        BlindClient client = BlindClient.forKey(key.spki());
        // The other key can only sign a blinded value below its own modulus (about half of them):
        // blind afresh until one fits, then check that its signature does not finish for this key.
        BlindClient.Blinded blinded = null;
        byte[] wrong = null;
        for (int attempt = 0; attempt < 64 && wrong == null; attempt++) {
            blinded = client.blind(new byte[] {1, 2, 3});
            try {
                wrong = SIGNER.blindSign(otherKey.pkcs8(), blinded.blindedMessage());
            } catch (InvalidBlindedMessageException notBelowTheOtherModulus) {
                wrong = null;
            }
        }
        BlindClient.Blinded fitting = blinded;
        byte[] wrongSignature = wrong;
        assertTrue(wrongSignature != null, "no blinded value below the other modulus in 64 tries");
        assertThrows(IllegalStateException.class, () -> client.finish(fitting, wrongSignature));
        assertThrows(IllegalStateException.class, () -> client.finish(fitting, new byte[256]));
        assertThrows(IllegalStateException.class, () -> client.finish(fitting, new byte[255]));

        // A proper signature under the other key does not pass for this key.
        BlindClient otherClient = BlindClient.forKey(otherKey.spki());
        BlindClient.Blinded other = otherClient.blind(new byte[] {1, 2, 3});
        byte[] sig = otherClient.finish(other, SIGNER.blindSign(otherKey.pkcs8(), other.blindedMessage()));
        assertTrue(SIGNER.verify(otherKey.spki(), other.preparedMessage(), sig));
        assertFalse(SIGNER.verify(key.spki(), other.preparedMessage(), sig));
    }

    @Test
    void blindSignRefusesWrongLengthsAndValuesNotBelowTheModulus() throws Exception {
        InvalidBlindedMessageException shortOne = assertThrows(InvalidBlindedMessageException.class,
                () -> SIGNER.blindSign(key.pkcs8(), new byte[255]));
        assertEquals("blinded message must be exactly 256 bytes", shortOne.getMessage());
        InvalidBlindedMessageException longOne = assertThrows(InvalidBlindedMessageException.class,
                () -> SIGNER.blindSign(key.pkcs8(), new byte[257]));
        assertEquals("blinded message must be exactly 256 bytes", longOne.getMessage());
        assertEquals(0, longOne.getStackTrace().length);
        assertThrows(InvalidBlindedMessageException.class, () -> SIGNER.blindSign(key.pkcs8(), null));

        BigInteger n = ((RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(key.spki()))).getModulus();
        for (byte[] tooBig : new byte[][] {fixed(n, 256), fixed(n.add(BigInteger.ONE), 256), filled(256, 0xff)}) {
            InvalidBlindedMessageException e = assertThrows(InvalidBlindedMessageException.class,
                    () -> SIGNER.blindSign(key.pkcs8(), tooBig));
            assertEquals("blinded message is not less than the modulus", e.getMessage());
        }
        assertEquals(256, SIGNER.blindSign(key.pkcs8(), fixed(n.subtract(BigInteger.ONE), 256)).length);
        assertThrows(IllegalArgumentException.class, () -> SIGNER.blindSign(key.spki(), new byte[256]));
    }

    @Test
    void verifyNeverThrowsOnGarbage() {
        Random random = new Random(9474);
        byte[] goodPrepared = BlindClient.forKey(key.spki()).blind(new byte[8]).preparedMessage();
        for (int i = 0; i < 300; i++) {
            byte[] spki = i % 3 == 0 ? randomBytes(random, random.nextInt(400)) : key.spki();
            byte[] prepared = i % 2 == 0 ? goodPrepared : randomBytes(random, random.nextInt(100));
            byte[] sig = randomBytes(random, i % 5 == 0 ? random.nextInt(600) : 256);
            if (i % 7 == 0) {
                Arrays.fill(sig, (byte) 0xff);
            }
            assertFalse(assertDoesNotThrow(() -> SIGNER.verify(spki, prepared, sig)));
        }
        assertFalse(SIGNER.verify(null, goodPrepared, new byte[256]));
        assertFalse(SIGNER.verify(key.spki(), null, new byte[256]));
        assertFalse(SIGNER.verify(key.spki(), goodPrepared, null));
        assertFalse(SIGNER.verify(key.pkcs8(), goodPrepared, new byte[256]));
        assertFalse(SIGNER.verify(new byte[0], new byte[0], new byte[0]));
    }

    @Test
    void keyIdIsSha256OfTheDer() throws Exception {
        String id = BlindSigner.keyId(key.spki());
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.spki())), id);
    }

    @Test
    void secretsStayOutOfToString() {
        String keyText = key.toString();
        assertTrue(keyText.contains(BlindSigner.keyId(key.spki())));
        assertTrue(keyText.contains("REDACTED"));
        assertFalse(keyText.contains(HexFormat.of().formatHex(key.pkcs8(), 0, 16)));
        assertFalse(keyText.contains(Base64.getEncoder().encodeToString(key.pkcs8()).substring(0, 16)));

        BlindClient.Blinded blinded = BlindClient.forKey(key.spki()).blind(new byte[] {7});
        String blindedText = blinded.toString();
        assertTrue(blindedText.contains("REDACTED"));
        assertFalse(blindedText.contains(HexFormat.of().formatHex(blinded.preparedMessage(), 0, 8)));
    }

    // ---- helpers ----

    private static byte[] vectorPkcs8() throws Exception {
        BigInteger p = new BigInteger(1, P);
        BigInteger q = new BigInteger(1, Q);
        BigInteger d = new BigInteger(1, D);
        RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(new BigInteger(1, N), new BigInteger(1, E), d, p, q,
                d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
        return KeyFactory.getInstance("RSA").generatePrivate(spec).getEncoded();
    }

    private static byte[] vectorSpki() throws Exception {
        return KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(new BigInteger(1, N), new BigInteger(1, E))).getEncoded();
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] flip(byte[] in, int bit) {
        byte[] out = in.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Hands out the given chunks in order, each to a request of exactly its length. */
    private static final class ReplayRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;
        private final transient Queue<byte[]> chunks = new ArrayDeque<>();

        ReplayRandom(byte[]... chunks) {
            this.chunks.addAll(Arrays.asList(chunks));
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = chunks.poll();
            if (next == null || next.length != bytes.length) {
                throw new AssertionError("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }
    }
}
