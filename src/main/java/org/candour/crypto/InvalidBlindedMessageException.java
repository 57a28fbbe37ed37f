package org.candour.crypto;

/**
 * A blinded message that cannot be signed: wrong length, or not less than the modulus. An expected
 * client error, so it carries a short reason and no stack trace.
 */
public final class InvalidBlindedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidBlindedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
