package org.candour.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The one ObjectMapper's rules for what clients send: a key given twice in one object is refused
 * (not silently the last one wins), and so is a string holding U+0000, which PostgreSQL cannot
 * store in text or jsonb. Both are refused before any resource runs, naming the field
 * ({@link ErrorMappers}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("candour-text").addDeserializer(String.class, new TextDeserializer()));
    }

    /** Jackson's own string reading, then a refusal of U+0000. */
    static final class TextDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new NulCharacterException(p);
            }
            return value;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /** A string with U+0000 in it; Jackson adds the field's path as it unwinds. */
    public static final class NulCharacterException extends MismatchedInputException {
        NulCharacterException(JsonParser p) {
            super(p, "U+0000 in a string", p.currentToken() == JsonToken.VALUE_STRING ? String.class : Object.class);
        }
    }
}
