package org.candour.publication;

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
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.candour.account.StaffPrincipal;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.results.ResultsService;
import org.candour.results.ResultsView;
import org.candour.survey.Survey;
import org.candour.web.Flash;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The publisher's workspace: closed surveys to publish from, drafts, a preview that is exactly the
 * public page's content, publishing (or sending for a second approval) and approving.
 */
@Path("/publisher")
@RolesAllowed({"PUBLISHER", "ADMIN"})
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class PublisherPages {

    @Inject
    PublicationService publications;

    @Inject
    ResultsService results;

    @Inject
    CurrentStaff staff;

    /** A publication as the workspace lists it. */
    public record Item(Publication publication, String surveyTitle, boolean awaitingOthersApproval) {
    }

    /** A question the publisher can tick. */
    public record Choice(String id, String text, boolean chosen) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<Item> publications, List<Survey> surveys, String notice);

        static native TemplateInstance edit(Publication publication, Organisation organisation, Survey survey,
                List<Choice> questions, List<Publication> supersedable, PublicationDocument doc,
                List<ResultsView.Chart> charts, String commentary, boolean secondApproval, boolean mayApprove,
                String notice);
    }

    @GET
    public TemplateInstance home(@RestQuery String notice) {
        StaffPrincipal me = staff.get();
        List<Item> items = publications.list(me).stream().map(p -> new Item(p,
                Survey.<Survey>findByIdOptional(p.surveyId).map(s -> s.title).orElse(""),
                Publication.AWAITING_APPROVAL.equals(p.status) && !p.preparedBy.equals(me.accountId()))).toList();
        return Templates.home(items, publications.closedSurveys(me), Flash.message(notice));
    }

    @POST
    @Path("publications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm("_csrf") String csrf, @RestForm String surveyId) {
        UUID id;
        try {
            id = UUID.fromString(surveyId == null ? "" : surveyId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("surveyId: choose a closed survey.");
        }
        Publication p = publications.create(staff.get(), id);
        return Response.seeOther(URI.create("/publisher/publications/" + p.id + "?notice=created")).build();
    }

    @GET
    @Path("publications/{id}")
    public TemplateInstance edit(@PathParam("id") UUID id, @RestQuery String notice) {
        StaffPrincipal me = staff.get();
        Publication p = publications.get(me, id);
        Survey s = Survey.findById(p.surveyId);
        Organisation o = Organisation.findById(p.organisationId);
        PublicationDocument doc = publications.preview(me, id);
        List<Choice> choices = p.published() ? List.of() : PublicationFigures.publishable(results.results(me, s.id))
                .stream().map(q -> new Choice(q.questionId(), q.text(), p.questionIds().contains(q.questionId())))
                .toList();
        List<Publication> supersedable = Publication.publishedOf(o.id).stream()
                .filter(x -> Publication.supersedingOf(x.id) == null).toList();
        boolean mayApprove = Publication.AWAITING_APPROVAL.equals(p.status) && !p.preparedBy.equals(me.accountId());
        return Templates.edit(p, o, s, choices, supersedable, doc, PublicationView.charts(doc),
                Markup.toHtml(doc.commentary()), o.publicationSecondApproval, mayApprove, Flash.message(notice));
    }

    @POST
    @Path("publications/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("id") UUID id, @RestForm("_csrf") String csrf, @RestForm String title,
            @RestForm String summary, @RestForm String commentary, @RestForm("question") List<String> questions,
            @RestForm String supersedes) {
        UUID old = supersedes == null || supersedes.isBlank() ? null : parse(supersedes);
        publications.update(staff.get(), id, new PublicationService.Edit(title, summary, commentary, questions, old));
        return Response.seeOther(URI.create("/publisher/publications/" + id + "?notice=saved#preview")).build();
    }

    @POST
    @Path("publications/{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response publish(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        Publication p = publications.submit(staff.get(), id);
        return Response.seeOther(URI.create("/publisher/publications/" + id + "?notice="
                + (p.published() ? "published" : "sent-for-approval"))).build();
    }

    @POST
    @Path("publications/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        publications.approve(staff.get(), id);
        return Response.seeOther(URI.create("/publisher/publications/" + id + "?notice=published")).build();
    }

    @POST
    @Path("publications/{id}/discard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response discard(@PathParam("id") UUID id, @RestForm("_csrf") String csrf) {
        publications.discard(staff.get(), id);
        return Response.seeOther(URI.create("/publisher?notice=deleted")).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("supersedes: choose a published publication.");
        }
    }
}
