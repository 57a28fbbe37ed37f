package org.candour.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.candour.crypto.BlindClient;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.ResponseApiTest;
import org.candour.support.Fixtures;
import org.candour.support.Invitations;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/**
 * The operator's timing attack of issue 18, replayed on the real PostgreSQL. 200 respondents in 4
 * issuing units of 50 (k = 10) claim passes over a simulated period, 40% answering straight after
 * their pass is ready and the rest after a random delay. The operator knows who got which code and
 * reads, as it happens, every invitation and held response row with its {@code xmin}, and afterwards
 * the commit time of every transaction from the WAL ({@code pg_walinspect}). It pairs each response,
 * in commit order, with the most recently signable unmatched invitation of the response's key (most
 * recent round first, then most recent claim). Without rounds (everyone accepting a round of one, as
 * issuing worked before) that links most respondents; with issuance rounds it does no better than
 * 1/k plus a small margin.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class TimingLinkageAttackTest {

    private static final int UNITS = 4;
    private static final int PER_UNIT = 50;
    private static final int K = 10;
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    DataSource dataSource;

    @Test
    void withIssuanceRoundsTheOperatorLinksNoBetterThanOneInK() throws Exception {
        Outcome o = simulate(true, 18);
        System.out.printf("timing attack with rounds: %d of %d responses linked (%.3f), %d of %d straight-after%n",
                o.correct(), o.responses(), o.precision(), o.correctStraight(), o.straight());
        assertEquals(UNITS * PER_UNIT, o.responses());
        assertTrue(o.precision() <= 1.0 / K + 0.07, "the attack linked " + o.precision() + " of responses");
        assertTrue(o.smallestRound() >= K, "a round released fewer than k: " + o.smallestRound());
    }

    @Test
    void withoutRoundsTheSameAttackLinksMostRespondents() throws Exception {
        Outcome o = simulate(false, 18);
        System.out.printf("timing attack without rounds: %d of %d responses linked (%.3f), %d of %d straight-after%n",
                o.correct(), o.responses(), o.precision(), o.correctStraight(), o.straight());
        assertTrue(o.precision() >= 0.4, "the weaker design should leak, but the attack linked only " + o.precision());
        assertTrue(o.correctStraight() >= 0.9 * o.straight(), "straight-after respondents should all be linked");
    }

    private record Outcome(int responses, int correct, int straight, int correctStraight, int smallestRound) {
        double precision() {
            return (double) correct / responses;
        }
    }

    /** One simulated respondent: their device's state and their behaviour. */
    private static final class Respondent {
        final String code;
        final String keyId;
        final BlindClient client;
        final BlindClient.Blinded blinded;
        final boolean straightAfter;
        final double delay;
        ByteBuffer codeHash;
        byte[] signature;

        Respondent(String code, String keyId, BlindClient client, BlindClient.Blinded blinded, boolean straightAfter,
                double delay) {
            this.code = code;
            this.keyId = keyId;
            this.client = client;
            this.blinded = blinded;
            this.straightAfter = straightAfter;
            this.delay = delay;
        }
    }

    private record Event(double at, int kind, Respondent who) {
        static final int CLAIM = 0;
        static final int FETCH = 1;
        static final int SPEND = 2;
    }

    private Outcome simulate(boolean rounds, long seed) throws Exception {
        Random rnd = new Random(seed);
        String surveyId = openSurvey();
        Map<String, BlindClient> clients = new HashMap<>();
        PriorityQueue<Event> queue = new PriorityQueue<>(Comparator.comparingDouble(Event::at));
        Map<String, List<Respondent>> waiting = new HashMap<>();
        for (int u = 0; u < UNITS; u++) {
            for (String code : codes.get(u)) {
                String keyId = Fixtures.keyOf(code);
                BlindClient client = clients.computeIfAbsent(keyId, id -> BlindClient.forKey(Fixtures.spkiOf(surveyId, id)));
                byte[] nonce = new byte[32];
                rnd.nextBytes(nonce);
                byte[] msg = ("candour:v1:" + surveyId + ":" + keyId + ":" + HexFormat.of().formatHex(nonce))
                        .getBytes(StandardCharsets.UTF_8);
                boolean straight = rnd.nextDouble() < 0.4;
                Respondent r = new Respondent(code, keyId, client, client.blind(msg), straight,
                        straight ? rnd.nextDouble() * 0.05 : rnd.nextDouble() * 30);
                queue.add(new Event(rnd.nextDouble() * 100, Event.CLAIM, r));
            }
        }
        Operator operator = new Operator(surveyId);
        operator.startWal();
        Map<String, Respondent> byReceipt = new HashMap<>();
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            Respondent r = e.who();
            switch (e.kind()) {
                case Event.CLAIM -> {
                    Response claimed = issue(r, rounds ? null : 1);
                    assertEquals(202, claimed.statusCode(), claimed.asString());
                    r.codeHash = operator.watchClaim();
                    if (!rounds) {
                        queue.add(new Event(e.at(), Event.FETCH, r));
                    } else {
                        List<Respondent> w = waiting.computeIfAbsent(r.keyId, id -> new ArrayList<>());
                        w.add(r);
                        if ("released".equals(claimed.path("status"))) {
                            // Every page of the round learns of it at the next tick of the clock.
                            double tick = Math.floor(e.at()) + 1;
                            for (Respondent member : w) {
                                queue.add(new Event(tick, Event.FETCH, member));
                            }
                            w.clear();
                        }
                    }
                }
                case Event.FETCH -> {
                    Response signed = issue(r, null);
                    assertEquals(200, signed.statusCode(), signed.asString());
                    r.signature = r.client.finish(r.blinded, B64D.decode(signed.<String>path("blindSignature")));
                    queue.add(new Event(e.at() + r.delay, Event.SPEND, r));
                }
                case Event.SPEND -> {
                    byReceipt.put(spend(surveyId, r), r);
                    operator.watchResponse();
                }
                default -> throw new IllegalStateException();
            }
        }
        return operator.attack(byReceipt);
    }

    private final List<List<String>> codes = new ArrayList<>();

    private static Response issue(Respondent r, Integer minRound) {
        return given().contentType(ContentType.JSON)
                .body(Fixtures.issueBody(r.code, r.keyId, r.blinded.blindedMessage(), minRound))
                .post("/api/v1/tokens/issue");
    }

    private static String spend(String surveyId, Respondent r) {
        Fixtures.Pass pass = new Fixtures.Pass(r.keyId, B64.encodeToString(r.blinded.preparedMessage()),
                B64.encodeToString(r.signature));
        return Spends.spend(surveyId, pass, ResponseApiTest.answers(2, r.code.hashCode() & 7)).then().statusCode(201)
                .extract().path("receipt");
    }

    /** A survey with four teams of 50 invitations under one region, each team its own issuing unit. */
    private String openSurvey() {
        codes.clear();
        String slug = Unique.name("linkage");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        StringBuilder csv = new StringBuilder("id,name,parent_id\nr,Region,\n");
        for (int u = 0; u < UNITS; u++) {
            csv.append("t").append(u).append(",Team ").append(u).append(",r\n");
        }
        Staff.admin().contentType("text/csv").body(csv.toString())
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        String id = Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing")
                .then().statusCode(201).extract().path("id");
        for (int u = 0; u < UNITS; u++) {
            codes.add(Invitations.generate(id, "t" + u, PER_UNIT));
        }
        Trustees.assign(id);
        Trustees.approve(id);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(200);
        return id;
    }

    /**
     * The operator: reads the survey's invitation and held-response rows after every request that
     * changes them, as someone watching the database would, and the commit time of every transaction
     * from the WAL afterwards.
     */
    private final class Operator {
        final String surveyId;
        final Map<ByteBuffer, Long> claimXid = new HashMap<>();
        final Map<ByteBuffer, Long> releaseXid = new HashMap<>();
        final Map<ByteBuffer, String> keyOf = new HashMap<>();
        final Map<ByteBuffer, Integer> roundOf = new HashMap<>();
        final Map<String, Long> responseXid = new HashMap<>();
        final Map<String, String> responseKey = new HashMap<>();
        String walStart;

        Operator(String surveyId) {
            this.surveyId = surveyId;
        }

        void startWal() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("create extension if not exists pg_walinspect");
                try (ResultSet rs = st.executeQuery("select pg_current_wal_lsn()::text")) {
                    rs.next();
                    walStart = rs.getString(1);
                }
            }
        }

        /** Reads the used invitations; returns the one that was not used before. */
        ByteBuffer watchClaim() throws Exception {
            Set<ByteBuffer> fresh = look();
            assertEquals(1, fresh.size(), "one claim per request");
            return fresh.iterator().next();
        }

        /**
         * Reads every used invitation: the xmin it is first seen with is its claim's, the xmin it is
         * first seen released with is its round's. Returns those first seen now.
         */
        Set<ByteBuffer> look() throws Exception {
            Set<ByteBuffer> fresh = new HashSet<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                    "select code_hash, xmin::text::bigint, round_size, key_id from invitation where survey_id = ?::uuid and used")) {
                st.setString(1, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ByteBuffer h = ByteBuffer.wrap(rs.getBytes(1));
                        long xmin = rs.getLong(2);
                        if (claimXid.putIfAbsent(h, xmin) == null) {
                            fresh.add(h);
                            keyOf.put(h, rs.getString(4));
                        }
                        Object round = rs.getObject(3);
                        if (round != null && !releaseXid.containsKey(h)) {
                            releaseXid.put(h, xmin);
                            roundOf.put(h, (Integer) round);
                        }
                    }
                }
            }
            return fresh;
        }

        /** Reads the held responses, after the invitations (a claim may have been released meanwhile). */
        void watchResponse() throws Exception {
            look();
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                    "select receipt, xmin::text::bigint, key_id from response_holding where survey_id = ?::uuid")) {
                st.setString(1, surveyId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        responseXid.putIfAbsent(rs.getString(1), rs.getLong(2));
                        responseKey.putIfAbsent(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }

        /** Commit times of every transaction since the start, from the WAL's commit records. */
        Map<Long, OffsetDateTime> commitTimes() throws Exception {
            Map<Long, OffsetDateTime> out = new HashMap<>();
            Pattern time = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?[+-]\\d\\d)");
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                    "select xid::text::bigint, description from pg_get_wal_records_info(?::pg_lsn, pg_current_wal_lsn())"
                            + " where resource_manager = 'Transaction' and record_type = 'COMMIT'")) {
                st.setString(1, walStart);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Matcher m = time.matcher(rs.getString(2));
                        if (m.find()) {
                            out.put(rs.getLong(1), OffsetDateTime.parse(m.group(1).replace(' ', 'T') + ":00"));
                        }
                    }
                }
            }
            return out;
        }

        Outcome attack(Map<String, Respondent> byReceipt) throws Exception {
            look();
            Map<Long, OffsetDateTime> committed = commitTimes();
            // The WAL times every claim, release and response; order by commit time, then by xid.
            Comparator<Long> byCommit = Comparator.comparing((Long xid) -> committed.getOrDefault(xid, OffsetDateTime.MIN))
                    .thenComparing(xid -> xid);
            assertTrue(committed.keySet().containsAll(responseXid.values()), "every response's commit is in the WAL");
            assertTrue(committed.keySet().containsAll(releaseXid.values()), "every release's commit is in the WAL");
            List<String> responses = new ArrayList<>(responseXid.keySet());
            responses.sort(Comparator.comparing(responseXid::get, byCommit));
            Set<ByteBuffer> matched = new HashSet<>();
            int correct = 0;
            int straight = 0;
            int correctStraight = 0;
            for (String receipt : responses) {
                long at = responseXid.get(receipt);
                ByteBuffer guess = null;
                for (Map.Entry<ByteBuffer, Long> inv : releaseXid.entrySet()) {
                    ByteBuffer h = inv.getKey();
                    if (matched.contains(h) || !keyOf.get(h).equals(responseKey.get(receipt))
                            || byCommit.compare(inv.getValue(), at) > 0) {
                        continue;
                    }
                    if (guess == null || byCommit.compare(inv.getValue(), releaseXid.get(guess)) > 0
                            || inv.getValue().equals(releaseXid.get(guess))
                                    && byCommit.compare(claimXid.get(h), claimXid.get(guess)) > 0) {
                        guess = h;
                    }
                }
                Respondent truth = byReceipt.get(receipt);
                if (guess != null) {
                    matched.add(guess);
                }
                boolean hit = truth.codeHash.equals(guess);
                correct += hit ? 1 : 0;
                straight += truth.straightAfter ? 1 : 0;
                correctStraight += truth.straightAfter && hit ? 1 : 0;
            }
            int smallest = roundOf.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            return new Outcome(responses.size(), correct, straight, correctStraight, smallest);
        }
    }
}
