package org.candour.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Lets a resource method take an {@link InMemoryMultipart} as its body: read whole (bounded by
 * {@link BodyLimitHandler}) and parsed in memory, never through Quarkus REST's form handling, which
 * writes file parts to disk.
 */
@Provider
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class InMemoryMultipartReader implements MessageBodyReader<InMemoryMultipart> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == InMemoryMultipart.class;
    }

    @Override
    public InMemoryMultipart readFrom(Class<InMemoryMultipart> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return InMemoryMultipart.parse(headers.getFirst("Content-Type"), body.readAllBytes());
    }
}
