package org.candour.org;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.org.OrganisationService.ImportResult;
import org.candour.survey.Survey;
import org.candour.web.Flash;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Admin pages: the organisations list, an organisation's unit tree, import and unit editing. */
@Path("/admin")
@RolesAllowed("ADMIN")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class OrganisationPages {

    private static final long MAX_UPLOAD = 2L * 1024 * 1024;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentStaff staff;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Organisation> organisations, String notice);

        static native TemplateInstance organisation(Organisation organisation, List<UnitView> units,
                List<Survey> surveys, String notice);
    }

    @GET
    public TemplateInstance index(@RestQuery String notice) {
        return Templates.index(organisations.list(staff.get()), Flash.message(notice));
    }

    @POST
    @Path("organisations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm("_csrf") String csrf, @RestForm String slug, @RestForm String name) {
        Organisation o = organisations.create(staff.get(), slug, name);
        return Response.seeOther(URI.create("/admin/orgs/" + o.slug + "?notice=created")).build();
    }

    @GET
    @Path("orgs/{slug}")
    public TemplateInstance organisation(@PathParam("slug") String slug, @RestQuery String notice) {
        Organisation o = organisations.get(staff.get(), slug);
        List<UnitView> flat = OrganisationService.flatten(organisations.tree(o));
        return Templates.organisation(o, flat, Survey.ofOrganisation(o.id), Flash.message(notice));
    }

    @POST
    @Path("orgs/{slug}/units/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importUnits(@PathParam("slug") String slug, @RestForm("_csrf") String csrf,
            @RestForm("file") FileUpload file) throws IOException {
        Organisation o = organisations.get(staff.get(), slug);
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badRequest("Choose a CSV or JSON file to import.");
        }
        if (file.size() > MAX_UPLOAD) {
            throw new ProblemException(413, "The file is larger than 2 MiB; split it or remove what is not a unit.");
        }
        byte[] bytes = Files.readAllBytes(file.uploadedFile());
        String name = file.fileName() == null ? "" : file.fileName().toLowerCase(java.util.Locale.ROOT);
        boolean json = name.endsWith(".json") || "application/json".equals(file.contentType());
        ImportResult r = json ? organisations.importJson(o, bytes) : organisations.importCsv(o, bytes);
        return Response.seeOther(URI.create("/admin/orgs/" + o.slug + "?notice=imported-" + r.created() + "-"
                + r.updated() + "-" + r.unchanged())).build();
    }

    @POST
    @Path("orgs/{slug}/units")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addUnit(@PathParam("slug") String slug, @RestForm("_csrf") String csrf, @RestForm String id,
            @RestForm String name, @RestForm String parentId) {
        Organisation o = organisations.get(staff.get(), slug);
        organisations.addUnit(o, id, name, parentId);
        return Response.seeOther(URI.create("/admin/orgs/" + o.slug + "?notice=unit-added")).build();
    }

    @POST
    @Path("orgs/{slug}/units/{unitId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateUnit(@PathParam("slug") String slug, @PathParam("unitId") String unitId,
            @RestForm("_csrf") String csrf, @RestForm String name, @RestForm String parentId,
            @RestForm String action) {
        Organisation o = organisations.get(staff.get(), slug);
        if ("delete".equals(action)) {
            organisations.deleteUnit(o, unitId);
            return Response.seeOther(URI.create("/admin/orgs/" + o.slug + "?notice=unit-deleted")).build();
        }
        organisations.updateUnit(o, unitId, name, parentId);
        return Response.seeOther(URI.create("/admin/orgs/" + o.slug + "?notice=unit-updated")).build();
    }
}
