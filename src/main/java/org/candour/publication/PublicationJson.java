package org.candour.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.candour.web.CsvCell;

/**
 * A publication's signed JSON (format {@value #FORMAT}, canonical under RFC 8785) and CSV, and the
 * document read back from the JSON: the public page and the PDF are made from what was signed.
 */
public final class PublicationJson {

    public static final String FORMAT = "candour-publication/1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PublicationJson() {
    }

    /** What the signed JSON carries beyond the document. */
    public record Extras(String organisationSlug, int number, String surveyId, String surveyTitle, int receiptCount, String receiptsSha256, String receiptsPath, String keyId,
            int logSeq, String logPrevious) {
    }

    /** The canonical JSON of a publication. */
    public static byte[] json(PublicationDocument d, Extras x) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.putObject("organisation").put("name", d.organisation()).put("slug", x.organisationSlug());
        root.put("number", x.number());
        root.put("title", d.title());
        root.put("summary", d.summary());
        root.put("commentary", d.commentary());
        root.put("published_on", d.publishedOn());
        root.put("supersedes", d.supersedes());
        root.put("address", d.address());
        PublicationDocument.Methodology m = d.methodology();
        ObjectNode survey = root.putObject("survey");
        survey.put("id", x.surveyId()).put("title", x.surveyTitle()).put("k", m.k()).put("opened_on", m.opened())
                .put("closed_on", m.closed()).put("announced_closing_day", m.announced())
                .put("invited", m.invited()).put("passes_issued", m.passesIssued()).put("responses", m.responses())
                .put("response_rate", m.responseRate());
        ArrayNode changes = survey.putArray("changes_after_opening");
        m.changes().forEach(changes::add);
        root.put("rules", m.rules());
        root.putObject("receipts").put("count", x.receiptCount()).put("sha256", x.receiptsSha256())
                .put("address", x.receiptsPath());
        ArrayNode questions = root.putArray("questions");
        for (PublicationDocument.Question q : d.questions()) {
            ObjectNode qn = questions.addObject().put("text", q.text());
            ArrayNode rows = qn.putArray("rows");
            for (PublicationDocument.Row r : q.rows()) {
                ObjectNode rn = rows.addObject().put("unit", r.unit()).put("depth", r.depth());
                if (r.respondents() == null) {
                    rn.putNull("respondents");
                } else {
                    rn.put("respondents", r.respondents());
                }
                ArrayNode segments = rn.putArray("figures");
                r.segments().forEach(s -> segments.addObject().put("label", s.label()).put("count", s.count()));
            }
        }
        root.putObject("key").put("key_id", x.keyId()).put("fingerprint", d.fingerprint());
        root.putObject("log").put("seq", x.logSeq()).put("previous", x.logPrevious());
        return CanonicalJson.canonicalize(root);
    }

    /** The document a signed JSON holds. */
    public static PublicationDocument document(byte[] json) {
        JsonNode root = read(json);
        JsonNode s = root.get("survey");
        List<String> changes = new ArrayList<>();
        s.get("changes_after_opening").forEach(c -> changes.add(c.asText()));
        PublicationDocument.Methodology m = new PublicationDocument.Methodology(s.get("k").asInt(),
                root.get("rules").asText(), s.get("invited").asInt(), s.get("passes_issued").asInt(),
                s.get("responses").asInt(), s.get("response_rate").asText(), s.get("opened_on").asText(),
                s.get("announced_closing_day").asText(), s.get("closed_on").asText(), List.copyOf(changes));
        List<PublicationDocument.Question> questions = new ArrayList<>();
        for (JsonNode q : root.get("questions")) {
            List<PublicationDocument.Row> rows = new ArrayList<>();
            for (JsonNode r : q.get("rows")) {
                List<PublicationDocument.Segment> segments = new ArrayList<>();
                r.get("figures").forEach(f -> segments.add(new PublicationDocument.Segment(f.get("label").asText(),
                        f.get("count").asInt())));
                rows.add(new PublicationDocument.Row(r.get("unit").asText(), r.get("depth").asInt(),
                        r.get("respondents").isNull() ? null : r.get("respondents").asInt(), List.copyOf(segments)));
            }
            questions.add(new PublicationDocument.Question(q.get("text").asText(), List.copyOf(rows)));
        }
        return new PublicationDocument(root.get("organisation").get("name").asText(), root.get("title").asText(),
                root.get("summary").asText(), root.get("commentary").asText(), root.get("published_on").asText(),
                root.get("supersedes").asText(), root.get("address").asText(), root.get("key").get("fingerprint").asText(),
                m, List.copyOf(questions));
    }

    /** The receipts' address and digest as the JSON carries them, read back. */
    public static JsonNode receipts(byte[] json) {
        return read(json).get("receipts");
    }

    /** A publication's CSV: one line per figure, as the JSON holds them. */
    public static byte[] csv(PublicationDocument d) {
        StringBuilder out = new StringBuilder("question_number,question,unit,depth,category,count\n");
        int n = 0;
        for (PublicationDocument.Question q : d.questions()) {
            n++;
            for (PublicationDocument.Row r : q.rows()) {
                String prefix = n + "," + CsvCell.of(q.text()) + "," + CsvCell.of(r.unit()) + "," + r.depth() + ",";
                out.append(prefix).append("Respondents,").append(r.respondents() == null ? "" : r.respondents())
                        .append('\n');
                for (PublicationDocument.Segment s : r.segments()) {
                    out.append(prefix).append(CsvCell.of(s.label())).append(',').append(s.count()).append('\n');
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored publication is not JSON", e);
        }
    }
}
