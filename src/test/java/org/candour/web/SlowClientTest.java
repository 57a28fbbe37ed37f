package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.candour.db.EmbeddedPostgresTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets that trickle a request a byte at a time are closed: headers by the idle timeout (8 s in
 * %test), bodies by the body deadline (4 s in %test); over-long headers are refused.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class SlowClientTest {

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "quarkus.http.idle-timeout")
    Duration idleTimeout;

    @ConfigProperty(name = "candour.http.body-deadline")
    Duration bodyDeadline;

    @Test
    void aConnectionTricklingItsHeadersIsClosed() throws Exception {
        Duration open = trickleUntilClosed("GET /login HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");
        assertTrue(open.compareTo(idleTimeout.plusSeconds(3)) < 0, "closed only after " + open);
    }

    @Test
    void aConnectionTricklingItsBodyIsClosedAtTheBodyDeadline() throws Exception {
        Duration open = trickleUntilClosed("POST /login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=");
        assertTrue(open.compareTo(bodyDeadline.minusMillis(500)) > 0, "closed already after " + open);
        assertTrue(open.compareTo(bodyDeadline.plusSeconds(3)) < 0, "closed only after " + open);
    }

    @Test
    void overLongHeadersAreRefused() throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /login HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(9000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 431", status);
        }
    }

    /**
     * Sends {@code head}, then one more byte every quarter of a second (so the connection is never idle
     * for long), until the server closes the connection; returns how long it stayed open.
     */
    private Duration trickleUntilClosed(String head) throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(250);
            for (int i = 0; i < 160; i++) {
                try {
                    int first = s.getInputStream().read();
                    assertEquals(-1, first, "the server answered a request that never ended");
                    return Duration.ofNanos(System.nanoTime() - start);
                } catch (SocketTimeoutException stillOpen) {
                    // nothing from the server yet: send the next byte
                } catch (SocketException reset) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                try {
                    out.write('a');
                    out.flush();
                } catch (SocketException closed) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            throw new AssertionError("still open after " + Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
