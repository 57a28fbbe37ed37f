package org.candour.support;

import io.restassured.http.ContentType;
import java.util.Map;

/** Forged cross-site requests against the admin API, as a browser holding an admin's credentials would send them. */
public final class CrossSite {

    private CrossSite() {
    }

    /**
     * A POST creating organisation {@code slug}, marked cross-site by {@code Sec-Fetch-Site} and by a
     * foreign {@code Origin}: both are refused with 403, and no organisation is created.
     */
    public static void forgedPostsAreRefused(String slug) {
        Staff.admin().header("Sec-Fetch-Site", "cross-site").contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Forged")).post("/api/admin/organisations")
                .then().statusCode(403);
        Staff.admin().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Forged")).post("/api/admin/organisations")
                .then().statusCode(403);
        Staff.admin().get("/api/admin/organisations/" + slug).then().statusCode(404);
    }
}
