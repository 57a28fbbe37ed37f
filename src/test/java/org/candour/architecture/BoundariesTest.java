package org.candour.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.candour.auth.CsrfInterceptor;
import org.candour.auth.CsrfProtected;
import org.junit.jupiter.api.Test;

/** Rules of the code base that a reviewer would otherwise have to remember. */
class BoundariesTest {

    private static final Path MAIN = Path.of("src/main/java/org/candour");

    @Test
    void bouncyCastleIsOnlyImportedInCrypto() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                boolean inCrypto = f.startsWith(MAIN.resolve("crypto"));
                if (!inCrypto && Files.readString(f).contains("import org.bouncycastle")) {
                    offenders.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "Bouncy Castle must stay behind the interfaces in crypto/");
    }

    @Test
    void noPrintingOutsideTheLogger() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String s = Files.readString(f);
                if (s.contains("System.out.print") || s.contains("System.err.print") || s.contains("printStackTrace(")) {
                    offenders.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void everyPageClassIsCsrfProtectedAndEveryFormMethodTakesTheToken() throws Exception {
        List<String> pageClasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Pages.java")).toList()) {
                String rel = MAIN.getParent().getParent().relativize(f).toString();
                pageClasses.add(rel.substring(0, rel.length() - 5).replace('/', '.'));
            }
        }
        assertTrue(pageClasses.size() >= 5, "expected the admin page classes, found " + pageClasses);
        List<String> problems = new ArrayList<>();
        for (String name : pageClasses) {
            Class<?> c = Class.forName(name);
            boolean protectedClass = c.isAnnotationPresent(CsrfProtected.class);
            for (Method m : c.getDeclaredMethods()) {
                boolean changes = m.isAnnotationPresent(POST.class) || m.isAnnotationPresent(PUT.class)
                        || m.isAnnotationPresent(DELETE.class) || m.isAnnotationPresent(PATCH.class);
                if (changes && !protectedClass) {
                    problems.add(name + " has form methods but no @CsrfProtected");
                }
                if (changes && CsrfInterceptor.tokenParameter(m) < 0) {
                    problems.add(name + "#" + m.getName() + " does not take the _csrf form field");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
