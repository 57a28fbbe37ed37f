package org.candour.survey;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.candour.survey.SurveyDefinition.BandGroup;
import org.candour.survey.SurveyDefinition.Option;
import org.candour.survey.SurveyDefinition.Question;
import org.candour.survey.SurveyDefinition.QuestionType;
import org.candour.web.Echo;

/**
 * Strict parser, validator and canonical writer for the survey definition format
 * ({@code docs/survey-format.md}).
 *
 * <p>The JSON is read into a tree and checked by hand, so that every problem is reported with its
 * JSON path and a precise message. All problems are collected before failing. No message echoes
 * more than 64 characters of the input. Pure Java: no CDI, no database.
 */
public final class SurveyDefinitionParser {

    /** Inputs larger than this many bytes (512 KiB) are refused unread. */
    public static final int MAX_INPUT_BYTES = 512 * 1024;
    /** At most this many problems are listed; a final entry counts the rest. */
    public static final int MAX_PROBLEMS = 100;
    /** The pattern of question, option and group ids. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Bounds of a number question's min and max, in magnitude and in decimal places. */
    public static final BigDecimal MAX_NUMBER_MAGNITUDE = new BigDecimal("1000000000");
    public static final int MAX_NUMBER_DECIMALS = 6;

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_QUESTIONS = 200;
    static final int MAX_QUESTION_TEXT = 1000;
    static final int MAX_HELP = 2000;
    static final int MAX_LABEL = 200;
    static final int MIN_OPTIONS = 2;
    static final int MAX_OPTIONS = 50;
    static final int MAX_TEXT_MAX_LENGTH = 10000;

    private static final Set<String> ROOT_FIELDS = Set.of("title", "description", "k", "questions", "breakdown");
    private static final Set<String> COMMON_FIELDS =
            Set.of("id", "type", "text", "help", "required", "demographic", "hierarchy");
    private static final Map<QuestionType, Set<String>> TYPE_FIELDS = Map.of(
            QuestionType.LIKERT5, Set.of("labels"),
            QuestionType.SINGLE, Set.of("options"),
            QuestionType.MULTI, Set.of("options", "maxChoices"),
            QuestionType.TEXT, Set.of("maxLength"),
            QuestionType.NUMBER, Set.of("min", "max", "integer"));
    private static final Set<String> ALL_TYPE_FIELDS = Set.of("labels", "options", "maxChoices", "maxLength",
            "min", "max", "integer");
    private static final Set<String> OPTION_FIELDS = Set.of("id", "label");
    private static final Set<String> GROUP_FIELDS = Set.of("id", "label", "options");
    private static final String TYPE_NAMES = "likert5, single, multi, text, number";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Problems problems = new Problems();

    private SurveyDefinitionParser() {
    }

    /**
     * Parses and validates a definition given as UTF-8 JSON.
     *
     * @throws InvalidSurveyDefinitionException listing every problem found
     */
    public static SurveyDefinition parse(byte[] json) {
        if (json == null) {
            throw new InvalidSurveyDefinitionException(List.of("$: no input"));
        }
        if (json.length > MAX_INPUT_BYTES) {
            throw tooLarge();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSurveyDefinitionException(List.of(malformed(e)));
        } catch (IOException | RuntimeException e) {
            throw new InvalidSurveyDefinitionException(List.of("$: malformed JSON: not valid JSON text"));
        }
        return new SurveyDefinitionParser().definition(root);
    }

    /**
     * Parses and validates a definition given as a JSON string.
     *
     * @throws InvalidSurveyDefinitionException listing every problem found
     */
    public static SurveyDefinition parse(String json) {
        if (json == null) {
            throw new InvalidSurveyDefinitionException(List.of("$: no input"));
        }
        if (json.length() > MAX_INPUT_BYTES) {
            throw tooLarge();
        }
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a definition as canonical compact JSON: fixed field order, absent optional values and
     * default likert labels omitted. For any parsed definition {@code d},
     * {@code parse(toJson(d)).equals(d)}.
     */
    public static String toJson(SurveyDefinition d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("title", d.title());
        if (d.description() != null) {
            root.put("description", d.description());
        }
        root.put("k", d.k());
        ArrayNode questions = root.putArray("questions");
        for (Question q : d.questions()) {
            questions.add(questionJson(q));
        }
        if (d.breakdowns().size() == 1) {
            root.put("breakdown", d.breakdowns().get(0));
        } else if (!d.breakdowns().isEmpty()) {
            ArrayNode chain = root.putArray("breakdown");
            d.breakdowns().forEach(chain::add);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a survey definition", e);
        }
    }

    private static ObjectNode questionJson(Question q) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", q.id());
        o.put("type", q.type().jsonName());
        o.put("text", q.text());
        if (q.help() != null) {
            o.put("help", q.help());
        }
        o.put("required", q.required());
        switch (q.type()) {
            case LIKERT5 -> {
                if (!q.labels().equals(SurveyDefinition.DEFAULT_LIKERT5_LABELS)) {
                    ArrayNode labels = o.putArray("labels");
                    q.labels().forEach(labels::add);
                }
            }
            case SINGLE, MULTI -> {
                ArrayNode options = o.putArray("options");
                for (Option opt : q.options()) {
                    options.addObject().put("id", opt.id()).put("label", opt.label());
                }
                if (q.maxChoices() != null) {
                    o.put("maxChoices", q.maxChoices());
                }
            }
            case TEXT -> o.put("maxLength", q.maxLength());
            case NUMBER -> {
                o.put("min", q.min());
                o.put("max", q.max());
                o.put("integer", q.integer());
            }
        }
        if (q.demographic()) {
            o.put("demographic", true);
        }
        if (!q.hierarchy().isEmpty()) {
            ArrayNode levels = o.putArray("hierarchy");
            for (List<BandGroup> level : q.hierarchy()) {
                ArrayNode groups = levels.addArray();
                for (BandGroup g : level) {
                    ObjectNode go = groups.addObject();
                    go.put("id", g.id());
                    go.put("label", g.label());
                    ArrayNode ids = go.putArray("options");
                    g.options().forEach(ids::add);
                }
            }
        }
        return o;
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    private SurveyDefinition definition(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            problems.add("", "empty input; expected a JSON object");
            throw problems.exception();
        }
        if (!root.isObject()) {
            problems.add("", "must be a JSON object, not " + kind(root));
            throw problems.exception();
        }
        checkFields(root, "", ROOT_FIELDS, Set.of(), null);
        String title = string(root, "", "title", true, 1, MAX_TITLE, false);
        String description = string(root, "", "description", false, 0, MAX_DESCRIPTION, true);
        Integer k = integer(root, "", "k", SurveyDefinition.MIN_K, SurveyDefinition.MAX_K);
        List<Question> questions = questions(root);
        List<String> breakdowns = breakdowns(root, questions);
        problems.throwIfAny();
        return new SurveyDefinition(title, description, k == null ? SurveyDefinition.DEFAULT_K : k, questions,
                breakdowns);
    }

    /**
     * {@code breakdown}: one demographic question's id, or an array of 1 to {@link SurveyDefinition#MAX_BREAKDOWNS}
     * different ones, outermost first.
     */
    private List<String> breakdowns(JsonNode root, List<Question> questions) {
        JsonNode node = root.get("breakdown");
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty() || node.size() > SurveyDefinition.MAX_BREAKDOWNS) {
                problems.add("breakdown", "must name 1 to " + SurveyDefinition.MAX_BREAKDOWNS
                        + " demographic questions, not " + node.size());
                return List.of();
            }
            for (int i = 0; i < node.size(); i++) {
                ids.add(stringValue(node.get(i), "breakdown[" + i + "]", true, 1, Integer.MAX_VALUE, false));
            }
        } else if (node.isTextual()) {
            ids.add(stringValue(node, "breakdown", true, 1, Integer.MAX_VALUE, false));
        } else {
            problems.add("breakdown", "must be a string (a question id) or an array of question ids, not " + kind(node));
            return List.of();
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String p = node.isArray() ? "breakdown[" + i + "]" : "breakdown";
            if (id == null) {
                continue;
            }
            Question q = questions.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (q == null) {
                problems.add(p, "names no question of this survey: " + echo(id));
            } else if (!q.demographic()) {
                problems.add(p, "must name a demographic question (\"demographic\": true); " + echo(id) + " is not one");
            } else if (ids.subList(0, i).contains(id)) {
                problems.add(p, echo(id) + " is named twice");
            }
        }
        return ids.contains(null) ? List.of() : ids;
    }

    private List<Question> questions(JsonNode root) {
        JsonNode node = root.get("questions");
        List<Question> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add("questions", node == null ? "is required" : "must not be null");
            return result;
        }
        if (!node.isArray()) {
            problems.add("questions", "must be an array, not " + kind(node));
            return result;
        }
        if (node.isEmpty()) {
            problems.add("questions", "must contain at least 1 question");
        } else if (node.size() > MAX_QUESTIONS) {
            problems.add("questions", "has " + node.size() + " questions; the limit is " + MAX_QUESTIONS);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            Question q = question(node.get(i), "questions[" + i + "]", seen, i);
            if (q != null) {
                result.add(q);
            }
        }
        return result;
    }

    private Question question(JsonNode node, String path, Map<String, Integer> seenIds, int index) {
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + kind(node));
            return null;
        }
        int before = problems.count();

        String id = id(node, path, seenIds, index, "questions");

        QuestionType type = null;
        String typeName = string(node, path, "type", true, 1, Integer.MAX_VALUE, false);
        if (typeName != null) {
            type = QuestionType.fromJsonName(typeName).orElse(null);
            if (type == null) {
                problems.add(path + ".type", "unknown question type " + echo(typeName) + "; expected one of "
                        + TYPE_NAMES);
            }
        }

        checkFields(node, path, COMMON_FIELDS, ALL_TYPE_FIELDS, type);

        String text = string(node, path, "text", true, 1, MAX_QUESTION_TEXT, true);
        String help = string(node, path, "help", false, 0, MAX_HELP, true);
        Boolean required = bool(node, path, "required");
        Boolean demographic = bool(node, path, "demographic");
        if (Boolean.TRUE.equals(demographic) && type != null && type != QuestionType.SINGLE) {
            problems.add(path + ".demographic", "only \"single\" questions can be demographic, not \""
                    + type.jsonName() + "\"");
        }
        if (Boolean.TRUE.equals(demographic) && Boolean.TRUE.equals(required)) {
            problems.add(path + ".required", "a demographic question must be optional: anyone may decline "
                    + "to say which group they belong to");
        }

        List<String> labels = List.of();
        List<Option> options = List.of();
        boolean optionsValid = false;
        Integer maxChoices = null;
        BigDecimal min = null;
        BigDecimal max = null;
        boolean integer = false;
        Integer maxLength = null;
        if (type != null) {
            switch (type) {
                case LIKERT5 -> labels = likertLabels(node, path);
                case SINGLE, MULTI -> {
                    int optionsBefore = problems.count();
                    options = options(node, path, type);
                    optionsValid = problems.count() == optionsBefore;
                    if (type == QuestionType.MULTI) {
                        JsonNode opts = node.get("options");
                        int upper = opts != null && opts.isArray() && !opts.isEmpty()
                                ? Math.min(opts.size(), MAX_OPTIONS) : MAX_OPTIONS;
                        maxChoices = integer(node, path, "maxChoices", 1, upper);
                    }
                }
                case TEXT -> {
                    maxLength = integer(node, path, "maxLength", 1, MAX_TEXT_MAX_LENGTH);
                    if (maxLength == null) {
                        maxLength = SurveyDefinition.DEFAULT_TEXT_MAX_LENGTH;
                    }
                }
                case NUMBER -> {
                    Boolean integerFlag = bool(node, path, "integer");
                    integer = integerFlag == null || integerFlag;
                    min = decimal(node, path, "min", integer);
                    max = decimal(node, path, "max", integer);
                    if (min != null && max != null && min.compareTo(max) >= 0) {
                        problems.add(path + ".max", "must be greater than min");
                    }
                }
            }
        }

        List<List<BandGroup>> hierarchy = List.of();
        JsonNode hierarchyNode = node.get("hierarchy");
        if (hierarchyNode != null && !hierarchyNode.isNull()) {
            if (!Boolean.TRUE.equals(demographic)) {
                problems.add(path + ".hierarchy", "allowed only on demographic questions (\"demographic\": true)");
            } else if (type == QuestionType.SINGLE) {
                hierarchy = hierarchy(hierarchyNode, path + ".hierarchy", options, optionsValid);
            }
        }

        if (problems.count() != before) {
            return null;
        }
        return new Question(id, type, text, help, Boolean.TRUE.equals(required), options, maxChoices, min, max,
                integer, maxLength, labels, Boolean.TRUE.equals(demographic), hierarchy);
    }

    private List<String> likertLabels(JsonNode q, String path) {
        JsonNode node = q.get("labels");
        if (node == null || node.isNull()) {
            return SurveyDefinition.DEFAULT_LIKERT5_LABELS;
        }
        String p = path + ".labels";
        if (!node.isArray()) {
            problems.add(p, "must be an array of 5 strings, not " + kind(node));
            return List.of();
        }
        if (node.size() != 5) {
            problems.add(p, "must have exactly 5 labels, not " + node.size());
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String label = stringValue(node.get(i), p + "[" + i + "]", true, 1, MAX_LABEL, false);
            if (label != null) {
                labels.add(label);
            }
        }
        return labels;
    }

    private List<Option> options(JsonNode q, String path, QuestionType type) {
        JsonNode node = q.get("options");
        String p = path + ".options";
        List<Option> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add(p, (node == null ? "is required" : "must not be null") + " for a \"" + type.jsonName()
                    + "\" question");
            return result;
        }
        if (!node.isArray()) {
            problems.add(p, "must be an array, not " + kind(node));
            return result;
        }
        if (node.size() < MIN_OPTIONS || node.size() > MAX_OPTIONS) {
            problems.add(p, "has " + node.size() + " options; a question needs " + MIN_OPTIONS + " to "
                    + MAX_OPTIONS);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String op = p + "[" + i + "]";
            JsonNode o = node.get(i);
            if (!o.isObject()) {
                problems.add(op, "must be an object, not " + kind(o));
                continue;
            }
            checkFields(o, op, OPTION_FIELDS, Set.of(), null);
            String id = id(o, op, seen, i, "options");
            String label = string(o, op, "label", true, 1, MAX_LABEL, false);
            if (id != null && label != null) {
                result.add(new Option(id, label));
            }
        }
        return result;
    }

    /** Reads and checks an "id" field against the pattern and the ids already seen in its scope. */
    private String id(JsonNode o, String path, Map<String, Integer> seen, int index, String scope) {
        String id = string(o, path, "id", true, 1, Integer.MAX_VALUE, false);
        if (id == null) {
            return null;
        }
        if (!ID_PATTERN.matcher(id).matches()) {
            problems.add(path + ".id", echo(id) + " must match " + ID_PATTERN.pattern());
            return null;
        }
        Integer previous = seen.putIfAbsent(id, index);
        if (previous != null) {
            problems.add(path + ".id", "duplicate id " + echo(id) + "; already used by " + scope + "[" + previous
                    + "]");
            return null;
        }
        return id;
    }

    private List<List<BandGroup>> hierarchy(JsonNode node, String path, List<Option> options, boolean optionsValid) {
        List<List<BandGroup>> result = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(path, "must be an array of levels, not " + kind(node));
            return result;
        }
        if (node.isEmpty()) {
            problems.add(path, "must have at least 1 level; omit it for no hierarchy");
            return result;
        }
        Map<String, Integer> optionIndex = new HashMap<>();
        for (int i = 0; i < options.size(); i++) {
            optionIndex.put(options.get(i).id(), i);
        }
        int n = options.size();
        // The options themselves are the implicit finest level: each option its own group.
        int[] previous = new int[n];
        for (int i = 0; i < n; i++) {
            previous[i] = i;
        }
        int previousGroups = n;
        Map<String, String> groupIds = new HashMap<>();
        for (int li = 0; li < node.size(); li++) {
            String lp = path + "[" + li + "]";
            int before = problems.count();
            List<BandGroup> level = level(node.get(li), lp, optionsValid ? optionIndex : null, groupIds);
            result.add(level);
            int[] assigned = null;
            if (optionsValid && problems.count() == before) {
                assigned = partition(level, lp, options, optionIndex);
            }
            if (assigned != null && level.size() == 1) {
                problems.add(lp, "a level with one group covering every option is the implicit \"any\" level;"
                        + " omit it");
                assigned = null;
            }
            if (assigned != null && previous != null) {
                String origin = li == 0 ? "the question's options" : "hierarchy[" + (li - 1) + "]";
                String split = splitOption(previous, assigned, options);
                if (split != null) {
                    problems.add(lp, "not coarser than " + origin + ": it splits option " + echo(split)
                            + " from options it was grouped with; each group must be a union of whole groups"
                            + " of the previous level");
                    assigned = null;
                } else if (level.size() >= previousGroups) {
                    problems.add(lp, "not coarser than " + origin + ": it has " + level.size() + " groups, which"
                            + " must be fewer than " + previousGroups);
                    assigned = null;
                }
            }
            previous = assigned;
            previousGroups = level.size();
        }
        return result;
    }

    /** The first option separated by the finer-to-coarser step from an option it shared a group with. */
    private static String splitOption(int[] finer, int[] coarser, List<Option> options) {
        for (int a = 0; a < finer.length; a++) {
            for (int b = a + 1; b < finer.length; b++) {
                if (finer[a] == finer[b] && coarser[a] != coarser[b]) {
                    return options.get(a).id();
                }
            }
        }
        return null;
    }

    private List<BandGroup> level(JsonNode node, String lp, Map<String, Integer> optionIndex,
            Map<String, String> groupIds) {
        List<BandGroup> level = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(lp, "must be an array of groups, not " + kind(node));
            return level;
        }
        if (node.isEmpty()) {
            problems.add(lp, "must contain at least 1 group");
            return level;
        }
        for (int gi = 0; gi < node.size(); gi++) {
            String gp = lp + "[" + gi + "]";
            JsonNode g = node.get(gi);
            if (!g.isObject()) {
                problems.add(gp, "must be an object, not " + kind(g));
                continue;
            }
            checkFields(g, gp, GROUP_FIELDS, Set.of(), null);
            String id = string(g, gp, "id", true, 1, Integer.MAX_VALUE, false);
            if (id != null) {
                if (!ID_PATTERN.matcher(id).matches()) {
                    problems.add(gp + ".id", echo(id) + " must match " + ID_PATTERN.pattern());
                    id = null;
                } else if (optionIndex != null && optionIndex.containsKey(id)) {
                    problems.add(gp + ".id", echo(id) + " is already an option id; group ids must differ from"
                            + " option ids");
                    id = null;
                } else if (groupIds.containsKey(id)) {
                    problems.add(gp + ".id", "duplicate group id " + echo(id) + "; already used by "
                            + groupIds.get(id));
                    id = null;
                } else {
                    groupIds.put(id, gp);
                }
            }
            String label = string(g, gp, "label", true, 1, MAX_LABEL, false);
            List<String> members = groupOptions(g, gp, optionIndex);
            if (id != null && label != null && members != null) {
                level.add(new BandGroup(id, label, members));
            }
        }
        return level;
    }

    private List<String> groupOptions(JsonNode g, String gp, Map<String, Integer> optionIndex) {
        JsonNode node = g.get("options");
        String p = gp + ".options";
        if (node == null || node.isNull()) {
            problems.add(p, node == null ? "is required" : "must not be null");
            return null;
        }
        if (!node.isArray()) {
            problems.add(p, "must be an array of option ids, not " + kind(node));
            return null;
        }
        if (node.isEmpty()) {
            problems.add(p, "must contain at least 1 option id");
            return null;
        }
        List<String> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String ip = p + "[" + i + "]";
            String id = stringValue(node.get(i), ip, true, 1, Integer.MAX_VALUE, false);
            if (id == null) {
                ok = false;
            } else if (optionIndex != null && !optionIndex.containsKey(id)) {
                problems.add(ip, "unknown option " + echo(id) + "; not an option id of this question");
                ok = false;
            } else if (!seen.add(id)) {
                problems.add(ip, "option " + echo(id) + " is listed twice in this group");
                ok = false;
            } else {
                members.add(id);
            }
        }
        return ok ? members : null;
    }

    /**
     * Checks that a structurally valid level partitions all the options into contiguous runs.
     * Returns each option's group index, or null after reporting problems.
     */
    private int[] partition(List<BandGroup> level, String lp, List<Option> options, Map<String, Integer> optionIndex) {
        int n = options.size();
        int[] assigned = new int[n];
        Arrays.fill(assigned, -1);
        boolean ok = true;
        for (int gi = 0; gi < level.size(); gi++) {
            BandGroup g = level.get(gi);
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (String id : g.options()) {
                int idx = optionIndex.get(id);
                lo = Math.min(lo, idx);
                hi = Math.max(hi, idx);
                if (assigned[idx] != -1) {
                    problems.add(lp + "[" + gi + "].options", "option " + echo(id) + " is already in "
                            + lp.substring(lp.lastIndexOf('.') + 1) + "[" + assigned[idx] + "]; each option must be"
                            + " in exactly one group of a level");
                    ok = false;
                } else {
                    assigned[idx] = gi;
                }
            }
            if (hi - lo + 1 != g.options().size()) {
                problems.add(lp + "[" + gi + "].options", "not contiguous; a group must be a run of neighbouring"
                        + " options in the question's order, as the options are ordered bands");
                ok = false;
            }
        }
        for (int i = 0; i < n; i++) {
            if (assigned[i] == -1) {
                problems.add(lp, "option " + echo(options.get(i).id()) + " is in no group; each level must"
                        + " include every option");
                ok = false;
            }
        }
        return ok ? assigned : null;
    }

    // ---------------------------------------------------------------------------------------
    // Field helpers

    /** Reports fields that are unknown or, given a known question type, that belong to another type. */
    private void checkFields(JsonNode obj, String path, Set<String> common, Set<String> typed, QuestionType type) {
        Iterator<String> names = obj.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (common.contains(name)) {
                continue;
            }
            if (!typed.contains(name)) {
                problems.add(path, "unknown field " + echo(name));
            } else if (type != null && !TYPE_FIELDS.get(type).contains(name)) {
                problems.add(join(path, name), "does not belong to a \"" + type.jsonName() + "\" question");
            }
        }
    }

    private String string(JsonNode obj, String path, String field, boolean required, int min, int max,
            boolean multiline) {
        JsonNode node = obj.get(field);
        String p = join(path, field);
        if (node == null) {
            if (required) {
                problems.add(p, "is required");
            }
            return null;
        }
        if (node.isNull() && !required) {
            return null;
        }
        return stringValue(node, p, required, min, max, multiline);
    }

    private String stringValue(JsonNode node, String p, boolean required, int min, int max, boolean multiline) {
        if (node.isNull()) {
            problems.add(p, "must not be null");
            return null;
        }
        if (!node.isTextual()) {
            problems.add(p, "must be a string, not " + kind(node));
            return null;
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (min > 0 && value.isBlank()) {
            problems.add(p, "must not be blank");
            return null;
        }
        if (length > max) {
            problems.add(p, "is " + length + " characters long; the limit is " + max);
            return null;
        }
        String bad = badCharacter(value, multiline);
        if (bad != null) {
            problems.add(p, "contains " + bad);
            return null;
        }
        return value;
    }

    private static String badCharacter(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired surrogate character";
            } else if ((c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
                    && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return String.format("a control character (U+%04X)", (int) c);
            }
        }
        return null;
    }

    private Boolean bool(JsonNode obj, String path, String field) {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problems.add(join(path, field), "must be true or false, not " + kind(node));
            return null;
        }
        return node.booleanValue();
    }

    private Integer integer(JsonNode obj, String path, String field, int min, int max) {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String p = join(path, field);
        if (!node.isNumber()) {
            problems.add(p, "must be an integer, not " + kind(node));
            return null;
        }
        if (!node.isIntegralNumber()) {
            problems.add(p, "must be an integer, without a decimal point or exponent");
            return null;
        }
        if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            problems.add(p, "must be between " + min + " and " + max
                    + (node.canConvertToInt() ? " (got " + node.intValue() + ")" : ""));
            return null;
        }
        return node.intValue();
    }

    private BigDecimal decimal(JsonNode obj, String path, String field, boolean integer) {
        JsonNode node = obj.get(field);
        String p = join(path, field);
        if (node == null || node.isNull()) {
            problems.add(p, (node == null ? "is required" : "must not be null") + " for a \"number\" question");
            return null;
        }
        if (!node.isNumber()) {
            problems.add(p, "must be a number, not " + kind(node));
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.abs().compareTo(MAX_NUMBER_MAGNITUDE) > 0) {
            problems.add(p, "must be between -" + MAX_NUMBER_MAGNITUDE + " and " + MAX_NUMBER_MAGNITUDE);
            return null;
        }
        int scale = value.stripTrailingZeros().scale();
        if (scale > MAX_NUMBER_DECIMALS) {
            problems.add(p, "must have at most " + MAX_NUMBER_DECIMALS + " decimal places");
            return null;
        }
        if (integer && scale > 0) {
            problems.add(p, "must be a whole number, as \"integer\" is true");
            return null;
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------
    // Messages

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** Quotes at most 64 characters of user input on one line (see {@link Echo#quoted}). */
    static String echo(String value) {
        return Echo.quoted(value);
    }

    private static String malformed(JsonProcessingException e) {
        String reason;
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
            reason = "unexpected end of input";
        } else if (e instanceof StreamConstraintsException) {
            reason = "a nesting, number or string length limit was exceeded";
        } else if (original.startsWith("Duplicate field")) {
            reason = "duplicate field name";
        } else if (original.startsWith("Trailing token")) {
            reason = "unexpected content after the end of the JSON value";
        } else if (original.contains("UTF-8") || original.contains("Invalid UTF")) {
            reason = "invalid UTF-8";
        } else {
            reason = "not valid JSON";
        }
        JsonLocation loc = e.getLocation();
        String where = loc != null && loc.getLineNr() > 0
                ? " at line " + loc.getLineNr() + ", column " + Math.max(loc.getColumnNr(), 1) : "";
        return "$: malformed JSON" + where + ": " + reason;
    }

    private static InvalidSurveyDefinitionException tooLarge() {
        return new InvalidSurveyDefinitionException(List.of("$: the definition is larger than the limit of "
                + MAX_INPUT_BYTES + " bytes (512 KiB)"));
    }

    /** Collects problems, keeping the first {@link #MAX_PROBLEMS} and counting the rest. */
    private static final class Problems {
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String path, String message) {
            count++;
            if (list.size() < MAX_PROBLEMS) {
                list.add((path.isEmpty() ? "$" : path) + ": " + message);
            }
        }

        int count() {
            return count;
        }

        void throwIfAny() {
            if (count > 0) {
                throw exception();
            }
        }

        InvalidSurveyDefinitionException exception() {
            List<String> all = new ArrayList<>(list);
            if (count > list.size()) {
                all.add("$: " + (count - list.size()) + " more problem(s) not listed");
            }
            return new InvalidSurveyDefinitionException(all);
        }
    }
}
