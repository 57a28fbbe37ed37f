package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.CrossSite;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class CrossSiteRequestTest {

    @Test
    void aCrossSiteRequestWithCachedBasicCredentialsIsRefused() {
        String slug = Unique.name("xsite");
        CrossSite.forgedPostsAreRefused(slug);
        // The same request from the same origin, or from a client that is not a browser, works.
        Staff.admin().header("Sec-Fetch-Site", "same-origin").contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Real")).post("/api/admin/organisations").then().statusCode(201);
    }

    @Test
    void decidesFromFetchMetadataThenOrigin() {
        assertTrue(CrossSiteRequestFilter.crossSite("cross-site", null, "candour.example"));
        assertTrue(CrossSiteRequestFilter.crossSite("same-site", null, "candour.example"));
        assertFalse(CrossSiteRequestFilter.crossSite("same-origin", "https://evil.example", "candour.example"));
        assertFalse(CrossSiteRequestFilter.crossSite("none", null, "candour.example"));
        assertTrue(CrossSiteRequestFilter.crossSite(null, "https://evil.example", "candour.example"));
        assertTrue(CrossSiteRequestFilter.crossSite(null, "null", "candour.example"));
        assertFalse(CrossSiteRequestFilter.crossSite(null, "https://candour.example", "candour.example"));
        assertFalse(CrossSiteRequestFilter.crossSite(null, "http://localhost:8081", "localhost:8081"));
        assertTrue(CrossSiteRequestFilter.crossSite(null, "http://localhost:9999", "localhost:8081"));
        assertFalse(CrossSiteRequestFilter.crossSite(null, null, "candour.example"));
    }
}
