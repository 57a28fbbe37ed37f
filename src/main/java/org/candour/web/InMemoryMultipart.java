package org.candour.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body parsed entirely in memory with Netty's decoder (its memory-only
 * factory), for forms that carry files which must never touch a disk: Quarkus REST's own form handling
 * writes every file part to a temporary file. The caller passes the raw body (bounded by the route's body
 * limit, {@link BodyLimitHandler}); a malformed body is a 400, never a 500. Holds no file after parsing
 * besides its own arrays.
 */
public final class InMemoryMultipart {

    /** At most this many parts (fields and files together). */
    public static final int MAX_PARTS = 64;

    /** A file part: the name the browser gave and the bytes as sent. */
    public record FilePart(String field, String fileName, byte[] bytes) {
    }

    private final Map<String, List<String>> fields;
    private final List<FilePart> files;

    private InMemoryMultipart(Map<String, List<String>> fields, List<FilePart> files) {
        this.fields = fields;
        this.files = files;
    }

    /** Parses {@code body} sent with {@code contentType} (which must name a boundary). */
    public static InMemoryMultipart parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !contentType.contains("boundary=")) {
            throw ProblemException.badRequest("Send this form as multipart/form-data, as a browser does.");
        }
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        // Memory only: no part is ever written to a file, whatever its size (the body limit bounds it).
        DefaultHttpDataFactory factory = new DefaultHttpDataFactory(false, StandardCharsets.UTF_8);
        HttpPostMultipartRequestDecoder decoder = null;
        try {
            decoder = new HttpPostMultipartRequestDecoder(factory, request, StandardCharsets.UTF_8, MAX_PARTS, 16 * 1024);
            decoder.offer(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body)));
            Map<String, List<String>> fields = new LinkedHashMap<>();
            List<FilePart> files = new ArrayList<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload f) {
                    if (f.length() > 0) { // an empty file input sends an empty part
                        files.add(new FilePart(f.getName(), f.getFilename(), f.get()));
                    }
                } else if (data instanceof Attribute a) {
                    fields.computeIfAbsent(a.getName(), k -> new ArrayList<>()).add(a.getValue());
                }
            }
            TextParamFilter.check(fields, "form"); // as for every other form: PostgreSQL cannot store U+0000
            return new InMemoryMultipart(fields, files);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.TooManyFormFieldsException
                | HttpPostRequestDecoder.TooLongFormFieldException | IllegalArgumentException | IOException e) {
            throw ProblemException.badRequest("The form could not be read: send it as a browser does (multipart, at most "
                    + MAX_PARTS + " fields).");
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
        }
    }

    /** The first value of a field, or null. */
    public String first(String field) {
        List<String> v = fields.get(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a field, in order (empty when absent). */
    public List<String> all(String field) {
        return List.copyOf(fields.getOrDefault(field, List.of()));
    }

    /** The non-empty files sent under {@code field}, in order. An empty file input sends nothing here. */
    public List<FilePart> files(String field) {
        return files.stream().filter(f -> f.field().equals(field)).toList();
    }
}
