package org.candour.publication;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.candour.org.Organisation;
import org.candour.results.ResultsView;
import org.candour.web.ProblemException;

/**
 * The public side of publications: no sign-in, no cookie, nothing from another site. Per organisation
 * an index, each publication's page (made from its signed JSON), its signed downloads and PDF, the
 * publication key and the publication log (docs/publication.md).
 */
@Path("/published")
@Transactional(TxType.SUPPORTS)
public class PublicPages {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String MINISIG = "text/plain; charset=utf-8";

    @Inject
    PublicationKeys keys;

    @Inject
    PublicationLog log;

    /** One publication in an index: superseded when a later one names it. */
    public record Listed(int number, String title, String publishedOn, Integer supersededBy, Integer supersedes) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance organisations(List<Organisation> organisations);

        static native TemplateInstance index(Organisation organisation, List<Listed> publications);

        static native TemplateInstance publication(Organisation organisation, Listed listed, PublicationDocument doc,
                List<ResultsView.Chart> charts, String commentary, String files);

        static native TemplateInstance key(Organisation organisation, List<PublicationKeys.PublicKey> keys);

        static native TemplateInstance log(Organisation organisation, List<PublicationLog.Entry> entries);
    }

    /** A publication's public address. */
    public static String address(String slug, int number) {
        return "/published/" + slug + "/" + number;
    }

    /** The base name of a publication's downloads. */
    public static String fileName(String slug, int number) {
        return "candour-" + slug + "-" + number;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance organisations() {
        return Templates.organisations(Organisation.list(
                "id in (select p.organisationId from Publication p where p.status = ?1) order by name", Publication.PUBLISHED));
    }

    @GET
    @Path("{slug}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index(@PathParam("slug") String slug) {
        Organisation o = organisation(slug);
        return Templates.index(o, Publication.publishedOf(o.id).stream().map(PublicPages::listed).toList());
    }

    @GET
    @Path("{slug}/{n: [0-9]{1,9}}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance publication(@PathParam("slug") String slug, @PathParam("n") int n) {
        Organisation o = organisation(slug);
        Publication p = published(o, n);
        PublicationDocument d = PublicationJson.document(p.json);
        return Templates.publication(o, listed(p), d, PublicationView.charts(d), Markup.toHtml(d.commentary()),
                fileName(slug, n));
    }

    /** A publication's JSON or CSV, or either's minisign signature ({@code 3.json}, {@code 3.json.minisig}, …). */
    @GET
    @Path("{slug}/{n: [0-9]{1,9}}.{kind: json|csv|json\\.minisig|csv\\.minisig}")
    public Response file(@PathParam("slug") String slug, @PathParam("n") int n, @PathParam("kind") String kind) {
        Publication p = published(organisation(slug), n);
        byte[] body = switch (kind) {
            case "json" -> p.json;
            case "csv" -> p.csv;
            case "json.minisig" -> p.jsonSignature.getBytes(StandardCharsets.UTF_8);
            default -> p.csvSignature.getBytes(StandardCharsets.UTF_8);
        };
        String type = switch (kind) {
            case "json" -> "application/json";
            case "csv" -> "text/csv; charset=utf-8";
            default -> MINISIG;
        };
        return download(body, fileName(slug, n) + "." + kind, type);
    }

    /** A publication as a print-ready A4 PDF, made from its signed JSON. */
    @GET
    @Path("{slug}/{n: [0-9]{1,9}}.pdf")
    public Response pdf(@PathParam("slug") String slug, @PathParam("n") int n) {
        Publication p = published(organisation(slug), n);
        return download(PublicationPdf.render(PublicationJson.document(p.json)), fileName(slug, n) + ".pdf",
                "application/pdf");
    }

    /** The organisation's publication keys: current first, each with its fingerprint, for printing. */
    @GET
    @Path("{slug}/key")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance key(@PathParam("slug") String slug) {
        Organisation o = organisation(slug);
        return Templates.key(o, keys.all(o.id));
    }

    /** The current public key in minisign's format, for {@code minisign -V -p}. */
    @GET
    @Path("{slug}/key.pub")
    public Response publicKey(@PathParam("slug") String slug) {
        Organisation o = organisation(slug);
        PublicationKeys.PublicKey k = keys.all(o.id).stream().filter(PublicationKeys.PublicKey::current).findFirst()
                .orElseThrow(() -> ProblemException.notFound("This organisation has not published anything yet."));
        return download(k.publicKeyFile().getBytes(StandardCharsets.UTF_8), "candour-" + slug + ".pub", MINISIG);
    }

    /** The publication log, readable. */
    @GET
    @Path("{slug}/log")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance logPage(@PathParam("slug") String slug) {
        Organisation o = organisation(slug);
        return Templates.log(o, log.entries(o.id));
    }

    /**
     * The publication log as JSON lines: per entry {@code {"entry": <its canonical JSON>, "hash": …,
     * "signature": <minisign signature of the entry's bytes>}}, oldest first.
     */
    @GET
    @Path("{slug}/log.jsonl")
    public Response logLines(@PathParam("slug") String slug) {
        Organisation o = organisation(slug);
        StringBuilder out = new StringBuilder();
        for (PublicationLog.Entry e : log.entries(o.id)) {
            out.append("{\"entry\":").append(e.text()).append(",\"hash\":\"").append(e.hash())
                    .append("\",\"signature\":").append(jsonString(e.signature())).append("}\n");
        }
        return download(out.toString().getBytes(StandardCharsets.UTF_8), "candour-" + slug + "-log.jsonl",
                "application/jsonl; charset=utf-8");
    }

    static Listed listed(Publication p) {
        Publication by = Publication.supersedingOf(p.id);
        Publication old = p.supersedes == null ? null : Publication.findById(p.supersedes);
        return new Listed(p.number, p.title, p.publishedOn.toString(), by == null ? null : by.number,
                old == null ? null : old.number);
    }

    private static Organisation organisation(String slug) {
        Organisation o = slug == null || slug.length() > 63 ? null : Organisation.findBySlug(slug);
        if (o == null) {
            throw ProblemException.notFound("No organisation publishes at this address.");
        }
        return o;
    }

    private static Publication published(Organisation o, int n) {
        Publication p = Publication.byNumber(o.id, n);
        if (p == null) {
            throw ProblemException.notFound(o.name + " has no publication number " + n + ".");
        }
        return p;
    }

    private static String jsonString(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response download(byte[] body, String name, String type) {
        return Response.ok(body, type).header("Content-Disposition", "inline; filename=\"" + name + "\"").build();
    }
}
