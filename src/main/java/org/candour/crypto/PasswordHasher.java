package org.candour.crypto;

/** Hashes staff passwords for storage and checks them; implementations live in this package. */
public interface PasswordHasher {

    /** A self-describing encoded hash (PHC string format) of the password with a fresh salt. */
    String hash(char[] password);

    /** True when {@code password} matches {@code encoded}; false for a wrong password or a malformed hash. */
    boolean verify(char[] password, String encoded);

    /** True when {@code encoded} was made with weaker parameters than the current ones. */
    boolean needsRehash(String encoded);
}
