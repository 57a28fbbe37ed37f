package org.candour.results;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.candour.account.StaffPrincipal;
import org.candour.org.ReportingUnit;
import org.candour.response.MixBatch;
import org.candour.survey.Survey;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyService;
import org.candour.survey.SurveyStatus;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;

/**
 * A closed survey's results under the release rules ({@link LaminarRelease}, docs/privacy-thresholds.md).
 * Every question is released over all respondents, with "no answer" as one of its categories, so
 * that every question picks out the same units and skipping a question is protected like an answer.
 * The dashboard, its JSON and its CSV are all made from this one object, computed once per closed
 * survey (a closed survey's responses cannot change) and then kept.
 */
@ApplicationScoped
public class ResultsService {

    public static final String NO_ANSWER = "no-answer";
    public static final String CHOSEN = "chosen";
    public static final String NOT_CHOSEN = "not-chosen";

    @Inject
    SurveyService surveys;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReleaseLedger ledger;

    private final Map<UUID, Results> cache = new ConcurrentHashMap<>();

    /** An answer category as shown. */
    public record Category(String id, String label) {
    }

    /**
     * One question's release, or why it has none. A multi-choice question has no release of its own:
     * each option is released as a part, a question of its own over the same respondents with two
     * categories ("chose it"; "did not choose it, or did not answer"), with {@code questionId}
     * "question/option". Who answered at all is not released: with it, an option's "answered but did
     * not choose it" would follow from another option's figures (docs/privacy-thresholds.md).
     */
    public record QuestionResult(String questionId, String text, String type, List<Category> categories,
            LaminarRelease.Result release, String note, List<QuestionResult> parts) {

        public QuestionResult {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }
    }

    /** The categories of each option of a multi-choice question. */
    public static final List<Category> OPTION_CATEGORIES = List.of(new Category(CHOSEN, "Chose it"),
            new Category(NOT_CHOSEN, "Did not choose it, or did not answer"));

    /** A unit's participation: respondents (when released), invitations and the rate. */
    public record Participation(String unitId, String name, String parentId, int depth, boolean released,
            int respondents, int invitations, Integer ratePercent) {
    }

    /**
     * Everything released about a closed survey. {@code breakdowns} are the breakdown demographics
     * (outermost first) when the survey names any: each question's release is then within the bands of
     * every breakdown demographic before it in that chain (all of them for a question not in it), and
     * each released unit has rows per band of each ({@link LaminarRelease.UnitFigures#bands()}, whose
     * {@code level} is the place in this list).
     */
    public record Results(String surveyId, String title, int k, List<Participation> participation,
            List<QuestionResult> questions, List<QuestionResult> breakdowns, Map<String, String> unitCodes) {

        public Results {
            breakdowns = breakdowns == null ? List.of() : List.copyOf(breakdowns);
            unitCodes = unitCodes == null ? Map.of() : Map.copyOf(unitCodes);
        }

        public Results(String surveyId, String title, int k, List<Participation> participation,
                List<QuestionResult> questions, List<QuestionResult> breakdowns) {
            this(surveyId, title, k, participation, questions, breakdowns, null);
        }

        /** The unit's id as the organisation imported it ("" for the organisation), or the internal id. */
        public String unitCode(String unitId) {
            return unitId.isEmpty() ? "" : unitCodes.getOrDefault(unitId, unitId);
        }

        /** The label of a band id of the breakdown demographic at this level, or the id itself. */
        public String bandLabel(int level, String band) {
            if (level < 0 || level >= breakdowns.size()) {
                return band;
            }
            return breakdowns.get(level).categories().stream().filter(c -> c.id().equals(band)).map(Category::label)
                    .findFirst().orElse(band);
        }

        /** Whether this question is one of the breakdown demographics. */
        public boolean isBreakdown(String questionId) {
            return breakdowns.stream().anyMatch(b -> b.questionId().equals(questionId));
        }
    }

    /**
     * What is shown while a survey is open: the responses of the whole survey that the mix has moved,
     * as "fewer than k" or a band of k ("80 to 89"), and how many were invited (public in the issuing
     * plan). Nothing per unit: per-unit bands, together with the figures released after close, can pin
     * a small unit's count (docs/privacy-thresholds.md, "While a survey is open").
     */
    public record OpenCount(String band, long invited) {
    }

    /** The survey's issuer keys numbered 1, 2, … in key_id order (as {@code k.key_id}, {@code k.n}). */
    private static final String KEYS = "(select key_id, row_number() over (order by key_id) as n from issuer_key"
            + " where survey_id = ?) k";

    @Transactional(TxType.SUPPORTS)
    public Results results(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        if (s.status != SurveyStatus.CLOSED) {
            throw ProblemException.conflict("Results are computed once the survey has closed. While it is open, only "
                    + "the survey's response count is shown, in a band of k.");
        }
        return cache.computeIfAbsent(s.id, id -> {
            Results r = compute(s);
            // Recorded before anything of it is shown; refused if it differs from what was shown before.
            ledger.results(s.id, ReleasedFigures.of(r));
            return r;
        });
    }

    /** What has been released about the survey, where and when. */
    @Transactional(TxType.SUPPORTS)
    public List<ReleaseLedger.Entry> ledger(StaffPrincipal actor, UUID surveyId) {
        return ledger.entries(surveys.get(actor, surveyId).id);
    }

    @Transactional(TxType.SUPPORTS)
    public OpenCount openCount(StaffPrincipal actor, UUID surveyId) {
        Survey s = surveys.get(actor, surveyId);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select (select count(*) from response where survey_id = ?),"
                        + " (select count(*) from invitation where survey_id = ?)")) {
            st.setObject(1, s.id);
            st.setObject(2, s.id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OpenCount shown = new OpenCount(band(rs.getLong(1), s.k), rs.getLong(2));
                ledger.openView(s.id, shown.band());
                return shown;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading response counts failed", LogSafe.redact(e));
        }
    }

    /** {@code n} as "fewer than k" or the band of k holding it ("10 to 19"). */
    static String band(long n, int k) {
        long low = n / k * k;
        return n < k ? "fewer than " + k : low + " to " + (low + k - 1);
    }

    Results compute(Survey s) {
        List<LaminarRelease.Unit> tree = new ArrayList<>();
        Map<String, String> codes = new HashMap<>();
        for (ReportingUnit u : ReportingUnit.<ReportingUnit>list("organisationId", s.organisationId)) {
            tree.add(new LaminarRelease.Unit(u.id.toString(), u.parentId == null ? null : u.parentId.toString(), u.name));
            codes.put(u.id.toString(), u.externalId);
        }
        try (Connection c = dataSource.getConnection()) {
            Results r = compute(c, s.id, s.title, s.parsed(), tree, s.k);
            return new Results(r.surveyId(), r.title(), r.k(), r.participation(), r.questions(), r.breakdowns(), codes);
        } catch (SQLException e) {
            throw new IllegalStateException("reading responses failed", LogSafe.redact(e));
        }
    }

    /**
     * The whole computation on one connection: counts made by PostgreSQL, then one release per
     * question and one for participation. Plain JDBC, so the benchmark times exactly this.
     */
    public static Results compute(Connection c, UUID surveyId, String title, SurveyDefinition d,
            List<LaminarRelease.Unit> tree, int k) throws SQLException {
        Map<String, Question> released = new LinkedHashMap<>();
        Map<String, List<Category>> categoriesOf = new HashMap<>();
        Map<String, List<String>> categoryIds = new HashMap<>();
        Map<String, NumberBins> bins = new HashMap<>();
        for (Question q : d.questions()) {
            List<Category> cats = categories(q);
            if (cats != null) {
                released.put(q.id(), q);
                categoriesOf.put(q.id(), cats);
                categoryIds.put(q.id(), cats.stream().map(Category::id).toList());
                if (q.type() == SurveyDefinition.QuestionType.NUMBER) {
                    bins.put(q.id(), NumberBins.of(q.min(), q.max(), q.integer()));
                }
            }
        }
        // The breakdown demographics' categories (options, then no answer), outermost first; the counts
        // are kept per combination of them ("band"), one band "all" without any.
        List<Question> chain = d.breakdownQuestions();
        List<List<String>> levels = chain.stream().map(q -> categoryIds.get(q.id())).toList();
        int nBands = 1;
        for (List<String> level : levels) {
            nBands *= level.size();
        }
        final int bandCount = nBands;
        // The few distinct stored bands, each parsed once.
        Map<String, Integer> bandIndex = new HashMap<>();
        List<String> unitOfKey = new ArrayList<>();
        Map<String, Integer> invitations = new HashMap<>();
        // unit id -> respondents per band
        Map<String, int[]> respondents = new HashMap<>();
        // question id -> unit id -> counts per band and category (no-answer filled in below)
        Map<String, Map<String, int[][]>> counts = new HashMap<>();
        {
            // Keys are numbered in key_id order, so the counts below carry a small number, not a 64-character id.
            try (PreparedStatement st = c.prepareStatement(
                    "select key_id, unit_id from issuer_key where survey_id = ? order by key_id")) {
                st.setObject(1, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        unitOfKey.add(rs.getObject(2).toString());
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "select unit_id, count(*) from invitation where survey_id = ? group by unit_id")) {
                st.setObject(1, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        invitations.put(rs.getObject(1).toString(), rs.getInt(2));
                    }
                }
            }
            // Counts kept by the mix (answer_count); if they do not add up to the responses stored (a
            // database from before they existed), count from the responses themselves instead.
            boolean kept = kept(c, surveyId);
            try (PreparedStatement st = c.prepareStatement(kept
                    ? "select k.n, a.band, a.n from answer_count a join " + KEYS + " on k.key_id = a.key_id"
                    + " where a.survey_id = ? and a.question_id = ''"
                    : "select k.n, " + MixBatch.band("r") + ", count(*) from response r join " + KEYS + " on k.key_id = r.key_id"
                    + " where r.survey_id = ? group by 1, 2")) {
                st.setObject(1, surveyId);
                st.setObject(2, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        respondents.computeIfAbsent(unitOfKey.get(rs.getInt(1) - 1), u -> new int[bandCount])
                                [bandIndex.computeIfAbsent(rs.getString(2), b -> band(levels, b))] += rs.getInt(3);
                    }
                }
            }
            // Answers per issuing key, band, question and value; Java never holds a response.
            // The category index of each (question, stored value), worked out once.
            Map<String, Map<String, Integer>> categoryOf = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement(kept
                    ? "select k.n, a.band, a.question_id, a.value, a.n from answer_count a join " + KEYS
                    + " on k.key_id = a.key_id where a.survey_id = ? and a.question_id <> ''"
                    : "select k.n, " + MixBatch.band("r") + ", a ->> 'questionId', v, count(*)"
                    + " from response r join " + KEYS + " on k.key_id = r.key_id"
                    + " cross join lateral jsonb_array_elements(r.answers) a"
                    + " cross join lateral " + MixBatch.COUNTED_VALUES + " where r.survey_id = ? group by 1, 2, 3, 4")) {
                st.setObject(1, surveyId);
                st.setObject(2, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Question q = released.get(rs.getString(3));
                        if (q == null) {
                            continue;
                        }
                        String unit = unitOfKey.get(rs.getInt(1) - 1);
                        int band = bandIndex.computeIfAbsent(rs.getString(2), b -> band(levels, b));
                        int j = categoryOf.computeIfAbsent(q.id(), x -> new HashMap<>()).computeIfAbsent(rs.getString(4),
                                v -> q.type() == SurveyDefinition.QuestionType.MULTI ? optionIndex(q, v)
                                        : categoryIds.get(q.id()).indexOf(category(q, bins.get(q.id()), v)));
                        int width = q.type() == SurveyDefinition.QuestionType.MULTI ? q.options().size()
                                : categoryIds.get(q.id()).size();
                        if (j >= 0) {
                            counts.computeIfAbsent(q.id(), x -> new HashMap<>())
                                    .computeIfAbsent(unit, x -> new int[bandCount][width])[band][j] += rs.getInt(5);
                        }
                    }
                }
            }
        }

        Map<String, int[]> responded = new HashMap<>();
        respondents.forEach((unit, v) -> responded.put(unit, new int[] {java.util.Arrays.stream(v).sum()}));
        LaminarRelease.Result participation = LaminarRelease.releaseCounts(tree, List.of("responded"), responded, k);
        Map<String, String> parents = new HashMap<>();
        for (LaminarRelease.UnitFigures u : participation.units()) {
            parents.put(u.unitId(), u.parentId());
        }
        Map<String, Integer> invitedBelow = new HashMap<>();
        for (Map.Entry<String, Integer> e : invitations.entrySet()) {
            for (String at = e.getKey(); at != null; at = parents.get(at)) {
                invitedBelow.merge(at, e.getValue(), Integer::sum);
            }
        }
        List<Participation> rows = new ArrayList<>();
        for (LaminarRelease.UnitFigures u : participation.units()) {
            int invited = invitedBelow.getOrDefault(u.unitId(), 0);
            rows.add(new Participation(u.unitId(), u.name(), u.parentId(), u.depth(), u.released(), u.respondents(),
                    invited, u.released() && invited > 0 ? Math.round(100f * u.respondents() / invited) : null));
        }

        List<QuestionResult> questions = new ArrayList<>();
        for (Question q : d.questions()) {
            List<Category> cats = categoriesOf.get(q.id());
            Map<String, int[][]> counted = counts.getOrDefault(q.id(), Map.of());
            // A breakdown demographic is released within the bands of those before it, any other question
            // within all of them.
            int depth = chain.contains(q) ? chain.indexOf(q) : chain.size();
            List<List<String>> within = levels.subList(0, depth);
            if (cats != null && q.type() == SurveyDefinition.QuestionType.MULTI) {
                List<QuestionResult> parts = new ArrayList<>();
                int n = q.options().size();
                for (int i = 0; i < n; i++) {
                    Map<String, int[][]> byUnit = new HashMap<>();
                    for (Map.Entry<String, int[]> e : respondents.entrySet()) {
                        int[][] chosen = counted.getOrDefault(e.getKey(), new int[bandCount][n]);
                        int[][] v = new int[bandCount][];
                        for (int band = 0; band < bandCount; band++) {
                            v[band] = new int[] {chosen[band][i], e.getValue()[band] - chosen[band][i]};
                        }
                        byUnit.put(e.getKey(), v);
                    }
                    SurveyDefinition.Option o = q.options().get(i);
                    parts.add(new QuestionResult(q.id() + "/" + o.id(), o.label(), "option", OPTION_CATEGORIES,
                            release(tree, levels, depth, categoryIds.get(q.id()), byUnit, k), null, null));
                }
                questions.add(new QuestionResult(q.id(), q.text(), q.type().jsonName(), OPTION_CATEGORIES, null,
                        null, parts));
                continue;
            }
            if (cats == null) {
                questions.add(new QuestionResult(q.id(), q.text(), q.type().jsonName(), List.of(), null,
                        switch (q.type()) {
                            case TEXT -> "Comments appear here, redacted, once enough trustees have unlocked them.";
                            case MULTI -> "Not released: this question " + (q.required() ? "must be answered" : "limits "
                                    + "how many options one person may choose") + ", so one option's count depends on "
                                    + "the others' and a small group could be worked out from them.";
                            default -> "Not released: a number question is shown in ranges between its min and max, "
                                    + "and this one does not state both.";
                        }, null));
                continue;
            }
            int noAnswer = cats.size() - 1;
            Map<String, int[][]> byUnit = new HashMap<>();
            for (Map.Entry<String, int[]> e : respondents.entrySet()) {
                int[][] v = new int[bandCount][];
                int[][] given = counted.get(e.getKey());
                for (int band = 0; band < bandCount; band++) {
                    v[band] = given == null ? new int[cats.size()] : given[band].clone();
                    v[band][noAnswer] = e.getValue()[band] - java.util.Arrays.stream(v[band]).sum();
                }
                byUnit.put(e.getKey(), v);
            }
            questions.add(new QuestionResult(q.id(), q.text(), q.type().jsonName(), cats,
                    release(tree, levels, depth, categoryIds.get(q.id()), byUnit, k), null, null));
        }
        List<QuestionResult> shown = chain.stream().map(b -> questions.stream()
                .filter(q -> q.questionId().equals(b.id())).findFirst().orElseThrow()).toList();
        return new Results(surveyId.toString(), title, k, rows, questions, shown);
    }

    /**
     * A question's release within the bands of the first {@code depth} breakdown demographics (counts
     * per band of all of them are summed over the others), or plain when {@code depth} is 0.
     */
    private static LaminarRelease.Result release(List<LaminarRelease.Unit> tree, List<List<String>> levels, int depth,
            List<String> categories, Map<String, int[][]> byUnit, int k) {
        // Bands list the last level fastest, so the band of the first depth levels is band / (inner product).
        int inner = 1;
        for (List<String> level : levels.subList(depth, levels.size())) {
            inner *= level.size();
        }
        int outer = 1;
        for (List<String> level : levels.subList(0, depth)) {
            outer *= level.size();
        }
        Map<String, int[][]> summed = new HashMap<>();
        for (Map.Entry<String, int[][]> e : byUnit.entrySet()) {
            int[][] sum = new int[outer][categories.size()];
            int[][] v = e.getValue();
            for (int band = 0; band < v.length; band++) {
                for (int j = 0; j < categories.size(); j++) {
                    sum[band / inner][j] += v[band][j];
                }
            }
            summed.put(e.getKey(), sum);
        }
        if (depth == 0) {
            Map<String, int[]> plain = new HashMap<>();
            summed.forEach((unit, v) -> plain.put(unit, v[0]));
            // Without a breakdown, headline figures first (docs/privacy-thresholds.md, "Headline figures"); the
            // first demographic of a chain keeps the laminar release, since the other questions are split by its blocks.
            return levels.isEmpty() ? HeadlineRelease.release(tree, categories, plain, k)
                    : LaminarRelease.releaseCounts(tree, categories, plain, k);
        }
        return LaminarRelease.releaseNested(tree, levels.subList(0, depth), categories, summed, k);
    }

    /**
     * The index of a stored band (the breakdown answers joined by "/") among every combination of the
     * levels, the last varying fastest: '' or an unknown value at a level is its "no answer".
     */
    private static int band(List<List<String>> levels, String stored) {
        String[] values = stored == null ? new String[0] : stored.split("/", -1);
        int index = 0;
        for (int l = 0; l < levels.size(); l++) {
            List<String> level = levels.get(l);
            int i = l < values.length && !values[l].isEmpty() ? level.indexOf(values[l]) : -1;
            index = index * level.size() + (i >= 0 ? i : level.size() - 1);
        }
        return index;
    }

    /** Whether answer_count holds every stored response of the survey. */
    private static boolean kept(Connection c, UUID surveyId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select (select coalesce(sum(n), 0) from answer_count"
                + " where survey_id = ? and question_id = ''), (select count(*) from response where survey_id = ?)")) {
            st.setObject(1, surveyId);
            st.setObject(2, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) == rs.getLong(2);
            }
        }
    }

    /**
     * The categories a question is released in, or null when it is not released (free text, a number
     * without both bounds, a multi-choice question that is required or limits the number of choices).
     * A multi-choice question's are those of each of its options.
     */
    static List<Category> categories(Question q) {
        List<Category> out = new ArrayList<>();
        switch (q.type()) {
            case LIKERT5 -> {
                out.add(new Category("positive", "Positive (" + label(q, 3) + ", " + label(q, 4) + ")"));
                out.add(new Category("neutral", "Neutral (" + label(q, 2) + ")"));
                out.add(new Category("negative", "Negative (" + label(q, 0) + ", " + label(q, 1) + ")"));
            }
            case SINGLE -> q.options().forEach(o -> out.add(new Category(o.id(), o.label())));
            case MULTI -> {
                // Released only when every set of options is a possible answer (docs/privacy-thresholds.md).
                return q.releasable() ? OPTION_CATEGORIES : null;
            }
            case NUMBER -> {
                if (q.min() == null || q.max() == null) {
                    return null;
                }
                NumberBins.of(q.min(), q.max(), q.integer()).bins().forEach(b -> out.add(new Category(b.id(), b.label())));
            }
            default -> {
                return null;
            }
        }
        out.add(new Category(NO_ANSWER, "No answer"));
        return out;
    }

    private static int optionIndex(Question q, String optionId) {
        for (int i = 0; i < q.options().size(); i++) {
            if (q.options().get(i).id().equals(optionId)) {
                return i;
            }
        }
        return -1;
    }

    private static String label(Question q, int i) {
        return q.labels().size() == 5 ? q.labels().get(i) : Integer.toString(i + 1);
    }

    /**
     * The category of a stored value (as text): likert 1-5 into three, an option id as itself, a number
     * into its range.
     */
    static String category(Question q, NumberBins bins, String value) {
        if (value == null) {
            return NO_ANSWER;
        }
        if (q.type() == SurveyDefinition.QuestionType.NUMBER) {
            try {
                String bin = bins.binOf(new java.math.BigDecimal(value));
                return bin == null ? NO_ANSWER : bin;
            } catch (NumberFormatException e) {
                return NO_ANSWER;
            }
        }
        if (q.type() == SurveyDefinition.QuestionType.LIKERT5) {
            return switch (value) {
                case "4", "5" -> "positive";
                case "3" -> "neutral";
                case "1", "2" -> "negative";
                default -> NO_ANSWER;
            };
        }
        return value;
    }
}
