// RFC 9474 RSA blind signatures, client side, variant RSABSSA-SHA384-PSS-Randomized (RFC 9474 §5):
// SHA-384, MGF1 with SHA-384, a 48-byte salt, and a 32-byte random prefix on the message.
//
// The respondent's browser prepares and blinds its pass here, so the server that signs the
// blinded message never sees the message it signed (RFC 9474 §4). Only WebCrypto and BigInt are
// used: no library, no build step. BigInt arithmetic is not constant-time; the values it handles
// (r and inv) stay on the respondent's own device.
//
// Flow: prepare(msg) -> blind(spki, prepared) -> [server signs blindedMessage] ->
//       finalizeAndVerify(spki, prepared, blindSig, inv) -> sig. Keep prepared and sig: they
//       are the pass. Keep inv secret and discard it once finalized.

const HASH = 'SHA-384';
const HASH_LEN = 48;
const SALT_LEN = 48;
const PREFIX_LEN = 32;
const MIN_MODULUS_BITS = 2048;
const MAX_MODULUS_BITS = 8192;

// 1.2.840.113549.1.1.1 rsaEncryption, DER contents of the OBJECT IDENTIFIER.
const RSA_ENCRYPTION_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);

// --- Bytes and integers --------------------------------------------------------------------

/** Lower-case hex of the bytes. */
export function hex(bytes) {
  let out = '';
  for (const b of toBytes(bytes)) {
    out += b.toString(16).padStart(2, '0');
  }
  return out;
}

/** Bytes from hex (upper or lower case, even length, nothing else). */
export function fromHex(text) {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new Error('not an even-length hex string');
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(text.substr(i * 2, 2), 16);
  }
  return out;
}

/** Base64url without padding (RFC 4648 §5). */
export function b64urlEncode(bytes) {
  let binary = '';
  for (const b of toBytes(bytes)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes from base64url, with or without padding; anything else is an Error. */
export function b64urlDecode(text) {
  if (typeof text !== 'string') {
    throw new Error('not a base64url string');
  }
  const bare = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(bare) || bare.length % 4 === 1 || text.length - bare.length > 2) {
    throw new Error('not a base64url string');
  }
  const b64 = bare.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((bare.length + 3) % 4);
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}

/** OS2IP (RFC 8017 §4.2): big-endian bytes to a non-negative BigInt. */
export function os2ip(bytes) {
  const h = hex(bytes);
  return h.length === 0 ? 0n : BigInt('0x' + h);
}

/** I2OSP (RFC 8017 §4.1): a non-negative BigInt as exactly {@code length} big-endian bytes. */
export function i2osp(x, length) {
  if (typeof x !== 'bigint' || x < 0n) {
    throw new Error('I2OSP needs a non-negative BigInt');
  }
  let h = x.toString(16);
  if (h.length > length * 2) {
    throw new Error('integer too large');
  }
  h = h.padStart(length * 2, '0');
  return fromHex(h);
}

/** base^exp mod m for BigInts (exp >= 0, m > 0), right-to-left square and multiply. */
export function modPow(base, exp, m) {
  if (m <= 0n || exp < 0n) {
    throw new Error('modPow needs m > 0 and exp >= 0');
  }
  if (m === 1n) {
    return 0n;
  }
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) {
      result = (result * b) % m;
    }
    e >>= 1n;
    if (e > 0n) {
      b = (b * b) % m;
    }
  }
  return result;
}

/** a^-1 mod m by the extended Euclidean algorithm; an Error when gcd(a, m) != 1. */
export function modInverse(a, m) {
  if (m <= 1n) {
    throw new Error('modInverse needs m > 1');
  }
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) {
    throw new Error('not invertible');
  }
  return mod(oldS, m);
}

function mod(a, m) {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function gcd(a, b) {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a;
}

function bitLength(x) {
  return x === 0n ? 0 : x.toString(2).length;
}

function toBytes(value) {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return new Uint8Array(value);
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  throw new Error('expected bytes (Uint8Array, ArrayBuffer or a typed array view)');
}

function concat(...parts) {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function randomBytes(length) {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out);
  return out;
}

async function sha384(bytes) {
  return new Uint8Array(await crypto.subtle.digest(HASH, bytes));
}

// --- SubjectPublicKeyInfo -----------------------------------------------------------------

/**
 * Parses a DER RSA SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 8017 Appendix A.1.1, algorithm
 * rsaEncryption with NULL parameters, as WebCrypto exports and imports it) and returns
 * {n, e, modulusBytes}. Anything else (another algorithm, BER, trailing bytes, a modulus outside
 * 2048..8192 bits) is an Error.
 */
export function parseSpki(spkiBytes) {
  const der = toBytes(spkiBytes);
  const outer = readTlv(der, 0, 0x30, 'SubjectPublicKeyInfo');
  if (outer.end !== der.length) {
    throw new Error('SubjectPublicKeyInfo: trailing bytes');
  }
  const algorithm = readTlv(der, outer.start, 0x30, 'AlgorithmIdentifier');
  const oid = readTlv(der, algorithm.start, 0x06, 'algorithm OID');
  if (!equalBytes(der.subarray(oid.start, oid.end), RSA_ENCRYPTION_OID)) {
    throw new Error('SubjectPublicKeyInfo: not an rsaEncryption key');
  }
  const params = readTlv(der, oid.end, 0x05, 'algorithm parameters (NULL)');
  if (params.start !== params.end || params.end !== algorithm.end) {
    throw new Error('SubjectPublicKeyInfo: rsaEncryption parameters must be NULL');
  }
  const bits = readTlv(der, algorithm.end, 0x03, 'subjectPublicKey');
  if (bits.end !== outer.end) {
    throw new Error('SubjectPublicKeyInfo: unexpected content after the key');
  }
  if (bits.end - bits.start < 1 || der[bits.start] !== 0) {
    throw new Error('SubjectPublicKeyInfo: subjectPublicKey has unused bits');
  }
  const rsaKey = readTlv(der, bits.start + 1, 0x30, 'RSAPublicKey');
  if (rsaKey.end !== bits.end) {
    throw new Error('RSAPublicKey: trailing bytes');
  }
  const nTlv = readTlv(der, rsaKey.start, 0x02, 'modulus');
  const eTlv = readTlv(der, nTlv.end, 0x02, 'publicExponent');
  if (eTlv.end !== rsaKey.end) {
    throw new Error('RSAPublicKey: unexpected content after the exponent');
  }
  const n = readPositiveInteger(der, nTlv, 'modulus');
  const e = readPositiveInteger(der, eTlv, 'publicExponent');
  const modBits = bitLength(n);
  if (modBits < MIN_MODULUS_BITS || modBits > MAX_MODULUS_BITS) {
    throw new Error('RSAPublicKey: modulus of ' + modBits + ' bits is outside ' + MIN_MODULUS_BITS + '..'
      + MAX_MODULUS_BITS);
  }
  if ((n & 1n) === 0n) {
    throw new Error('RSAPublicKey: even modulus');
  }
  if (e < 3n || (e & 1n) === 0n || e >= n) {
    throw new Error('RSAPublicKey: unusable public exponent');
  }
  return { n, e, modulusBytes: Math.ceil(modBits / 8) };
}

/** Reads one DER TLV at {@code at} with the expected tag; returns {start, end} of its contents. */
function readTlv(der, at, tag, what) {
  if (at + 2 > der.length) {
    throw new Error(what + ': truncated');
  }
  if (der[at] !== tag) {
    throw new Error(what + ': unexpected DER tag 0x' + der[at].toString(16));
  }
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) {
      throw new Error(what + ': unsupported DER length');
    }
    if (start + count > der.length) {
      throw new Error(what + ': truncated');
    }
    length = 0;
    for (let i = 0; i < count; i++) {
      length = length * 256 + der[start + i];
    }
    start += count;
    if (length < 0x80 || der[at + 2] === 0) {
      throw new Error(what + ': non-minimal DER length');
    }
  }
  const end = start + length;
  if (end > der.length) {
    throw new Error(what + ': truncated');
  }
  return { start, end };
}

function readPositiveInteger(der, tlv, what) {
  const body = der.subarray(tlv.start, tlv.end);
  if (body.length === 0) {
    throw new Error(what + ': empty INTEGER');
  }
  if (body[0] & 0x80) {
    throw new Error(what + ': negative INTEGER');
  }
  if (body.length > 1 && body[0] === 0 && (body[1] & 0x80) === 0) {
    throw new Error(what + ': non-minimal INTEGER');
  }
  const value = os2ip(body);
  if (value === 0n) {
    throw new Error(what + ': zero');
  }
  return value;
}

function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a[i] ^ b[i];
  }
  return diff === 0;
}

// --- RFC 9474 -----------------------------------------------------------------------------

/**
 * RFC 9474 §4.1 Prepare for the Randomized variants: 32 random bytes || msg. {@code prefix} is
 * for known-answer tests only; production code never passes it.
 */
export function prepare(msgBytes, prefix) {
  const msg = toBytes(msgBytes);
  const p = prefix === undefined ? randomBytes(PREFIX_LEN) : toBytes(prefix);
  if (p.length !== PREFIX_LEN) {
    throw new Error('the message prefix must be ' + PREFIX_LEN + ' bytes');
  }
  return concat(p, msg);
}

/** MGF1 (RFC 8017 §B.2.1) with SHA-384. */
async function mgf1(seed, maskLen) {
  const blocks = [];
  let have = 0;
  for (let counter = 0; have < maskLen; counter++) {
    const c = Uint8Array.of(counter >>> 24 & 0xff, counter >>> 16 & 0xff, counter >>> 8 & 0xff, counter & 0xff);
    const block = await sha384(concat(seed, c));
    blocks.push(block);
    have += block.length;
  }
  return concat(...blocks).subarray(0, maskLen);
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-384, MGF1-SHA-384 and the given salt; returns EM of
 * ceil(emBits / 8) bytes. Exported for known-answer tests.
 */
export async function emsaPssEncode(msgBytes, emBits, salt) {
  const m = toBytes(msgBytes);
  const s = toBytes(salt);
  const emLen = Math.ceil(emBits / 8);
  // 1.-2. mHash = Hash(M) (WebCrypto has no practical input limit to check).
  const mHash = await sha384(m);
  // 3.
  if (emLen < HASH_LEN + s.length + 2) {
    throw new Error('encoding error');
  }
  // 5.-6. M' = 0x00 x 8 || mHash || salt; H = Hash(M').
  const h = await sha384(concat(new Uint8Array(8), mHash, s));
  // 7.-8. DB = PS || 0x01 || salt.
  const db = new Uint8Array(emLen - HASH_LEN - 1);
  db[db.length - s.length - 1] = 0x01;
  db.set(s, db.length - s.length);
  // 9.-10. maskedDB = DB xor MGF(H, emLen - hLen - 1).
  const dbMask = await mgf1(h, db.length);
  for (let i = 0; i < db.length; i++) {
    db[i] ^= dbMask[i];
  }
  // 11. Clear the leftmost 8 * emLen - emBits bits.
  db[0] &= 0xff >>> (8 * emLen - emBits);
  // 12. EM = maskedDB || H || 0xbc.
  return concat(db, h, Uint8Array.of(0xbc));
}

/** A uniformly random integer in [1, n), by rejection sampling. */
function randomBelow(n) {
  const bits = bitLength(n);
  const len = Math.ceil(bits / 8);
  const topMask = 0xff >>> (8 * len - bits);
  for (;;) {
    const bytes = randomBytes(len);
    bytes[0] &= topMask;
    const r = os2ip(bytes);
    if (r >= 1n && r < n) {
      return r;
    }
  }
}

/**
 * RFC 9474 §4.2 Blind. Returns {blindedMessage (modulusBytes bytes), inv}. {@code salt} (48 bytes)
 * and {@code r} (a BigInt in [1, n) coprime to n) are for known-answer tests only.
 *
 * The message is encoded with emBits = modBits - 1, as RSASSA-PSS-SIGN and -VERIFY (RFC 8017
 * §8.1) do, so that the finalized signature verifies as an ordinary RSA-PSS signature.
 */
export async function blind(spkiBytes, preparedMsg, options = {}) {
  const { n, e, modulusBytes } = parseSpki(spkiBytes);
  const salt = options.salt === undefined ? randomBytes(SALT_LEN) : toBytes(options.salt);
  if (salt.length !== SALT_LEN) {
    throw new Error('the salt must be ' + SALT_LEN + ' bytes');
  }
  // 1.-2.
  const encoded = await emsaPssEncode(preparedMsg, bitLength(n) - 1, salt);
  // 3.-5.
  const m = os2ip(encoded);
  if (m >= n || gcd(m, n) !== 1n) {
    throw new Error('invalid input');
  }
  // 6.-8.
  let r;
  let inv;
  if (options.r === undefined) {
    for (;;) {
      r = randomBelow(n);
      try {
        inv = modInverse(r, n);
        break;
      } catch (err) {
        // r shares a factor with n: vanishingly unlikely; draw again.
      }
    }
  } else {
    r = options.r;
    if (typeof r !== 'bigint' || r < 1n || r >= n) {
      throw new Error('r must be a BigInt in [1, n)');
    }
    try {
      inv = modInverse(r, n);
    } catch (err) {
      throw new Error('blinding error');
    }
  }
  // 9.-11. x = RSAVP1(pk, r) = r^e mod n; z = m * x mod n.
  const x = modPow(r, e, n);
  const z = (m * x) % n;
  return { blindedMessage: i2osp(z, modulusBytes), inv };
}

/**
 * RFC 9474 §4.3 Finalize, steps 1-4: s = z * inv mod n as modulusBytes big-endian bytes, where
 * modulusBytes = ceil(bitlen(n) / 8). Use {@link finalizeAndVerify}, which also verifies.
 */
export function finalize(blindSig, inv, n) {
  const z = toBytes(blindSig);
  const modulusBytes = Math.ceil(bitLength(n) / 8);
  if (z.length !== modulusBytes) {
    throw new Error('unexpected input size');
  }
  const zi = os2ip(z);
  if (zi >= n) {
    throw new Error('blind signature out of range');
  }
  return i2osp((zi * inv) % n, modulusBytes);
}

/** RSASSA-PSS-VERIFY with SHA-384, MGF1-SHA-384 and a 48-byte salt, by WebCrypto. */
export async function verify(spkiBytes, preparedMsg, sig) {
  const key = await crypto.subtle.importKey('spki', toBytes(spkiBytes), { name: 'RSA-PSS', hash: HASH }, false,
    ['verify']);
  return crypto.subtle.verify({ name: 'RSA-PSS', saltLength: SALT_LEN }, key, toBytes(sig), toBytes(preparedMsg));
}

/** RFC 9474 §4.3 Finalize: unblinds, verifies, and returns the signature; throws if it does not verify. */
export async function finalizeAndVerify(spkiBytes, preparedMsg, blindSig, inv) {
  const { n } = parseSpki(spkiBytes);
  const sig = finalize(blindSig, inv, n);
  if (!(await verify(spkiBytes, preparedMsg, sig))) {
    throw new Error('invalid signature');
  }
  return sig;
}
