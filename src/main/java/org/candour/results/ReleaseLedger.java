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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.db.NetworkTimeout;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;

/**
 * The store of {@code release_ledger} (V16): every figure shown about a survey, where and on which day,
 * append-only. Before a figure is shown for the first time it is recorded here; a figure already
 * recorded with another value is never shown (the release of a closed survey cannot change, so that
 * would mean something is wrong), and neither is anything that the ledger's earlier figures and the
 * new ones together would make unsafe (docs/privacy-thresholds.md, "The release ledger").
 *
 * <p>Its writes commit on their own, outside any caller's transaction (which is suspended): a figure is
 * recorded before it is shown, whatever happens to the caller's work afterwards.
 */
@ApplicationScoped
@Transactional(TxType.NOT_SUPPORTED)
public class ReleaseLedger {

    public static final String OPEN_VIEW = "open view";
    public static final String RESULTS = "results";
    /** The survey-wide figures a publication adds that count no respondents: invited and passes issued. */
    public static final String PUBLICATION = "publication";
    /** The one figure the open view shows. */
    public static final String RESPONSES_SO_FAR = "responses so far (survey-wide, moved by the mix)";

    /** One recorded figure. */
    public record Entry(LocalDate releasedOn, String place, String figure, String value) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** The open view's band, recorded before it is shown. */
    public void openView(UUID surveyId, String band) {
        record(surveyId, OPEN_VIEW, Map.of(RESPONSES_SO_FAR, band));
    }

    /**
     * The release of a closed survey, recorded before any of it is shown. Refuses (409) when a figure
     * was recorded before with another value, or when the ledger holds a kind of figure whose
     * combination with this release has not been shown safe.
     */
    public void results(UUID surveyId, List<ReleasedFigures> figures) {
        Map<String, String> values = values(figures);
        for (Entry e : entries(surveyId)) {
            boolean safeBefore = e.place().equals(OPEN_VIEW) && e.figure().equals(RESPONSES_SO_FAR)
                    || e.place().equals(PUBLICATION);
            boolean same = e.place().equals(RESULTS) && e.value().equals(values.get(e.figure()));
            if (!safeBefore && !same) {
                throw ProblemException.conflict("This survey's results are withheld: the release ledger holds a figure ("
                        + e.place() + ", " + e.figure() + ") that this release does not repeat. Nothing more is shown"
                        + " until it is explained.");
            }
        }
        record(surveyId, RESULTS, values);
    }

    /**
     * A publication's survey-wide figures that count no respondents (invited, passes issued), recorded
     * before it is published; the figures of its questions must already be in the ledger.
     */
    public void publication(UUID surveyId, Map<String, String> figures) {
        record(surveyId, PUBLICATION, figures);
    }

    /** The figures as the ledger keys them: place in the release to the value shown. */
    public static Map<String, String> values(List<ReleasedFigures> figures) {
        Map<String, String> values = new HashMap<>();
        for (ReleasedFigures f : figures) {
            values.put(f.key(), f.shown());
        }
        return values;
    }

    private void record(UUID surveyId, String place, Map<String, String> figures) {
        try (Connection c = dataSource.getConnection()) {
            record(c, surveyId, place, figures);
        } catch (SQLException e) {
            throw new IllegalStateException("recording released figures failed", LogSafe.redact(e));
        }
    }

    /** Records the figures in one bounded transaction on {@code c}; plain JDBC, so the benchmark times exactly this. */
    public static void record(Connection c, UUID surveyId, String place, Map<String, String> figures) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into release_ledger (survey_id, place, figure, value) values (?, ?, ?, ?) on conflict do nothing")) {
            NetworkTimeout.boundedTransaction(c, () -> {
                for (Map.Entry<String, String> f : figures.entrySet()) {
                    st.setObject(1, surveyId);
                    st.setString(2, place);
                    st.setString(3, f.getKey());
                    st.setString(4, f.getValue());
                    st.addBatch();
                }
                return st.executeBatch();
            });
        }
    }

    /** Everything recorded for the survey, by day, place and figure. */
    public List<Entry> entries(UUID surveyId) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select released_on, place, figure, value from release_ledger where survey_id = ?"
                        + " order by released_on, place, figure, value")) {
            st.setObject(1, surveyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the release ledger failed", LogSafe.redact(e));
        }
        return out;
    }
}
