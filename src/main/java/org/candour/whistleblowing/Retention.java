package org.candour.whistleblowing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import org.candour.db.Wal;

/**
 * Deletes concluded cases whose day has come (their channel's retention after conclusion, or later if
 * a handler postponed it), leaving only a count per channel and year received, and per channel, year
 * and category recorded at conclusion (V23; '' for none); then vacuums the tables and switches the
 * WAL, so that the sealed rows do not linger in the data files. Drafts never sent go too.
 */
final class Retention {

    private Retention() {
    }

    /** Drafts (reports and answers never sent after their files were checked) go the day after the next. */
    private static void deleteOldDrafts(Connection c, LocalDate today) throws SQLException {
        try (PreparedStatement drafts = c.prepareStatement("delete from wb_draft where created_on < ?")) {
            drafts.setObject(1, today.minusDays(1));
            if (drafts.executeUpdate() > 0) {
                Wal.vacuumAndForget(c, "wb_draft");
            }
        }
    }

    /** Deletes what is due on {@code today}; returns how many cases went. */
    static int deleteExpired(Connection c, LocalDate today) throws SQLException {
        c.setAutoCommit(false);
        int deleted;
        try (PreparedStatement count = c.prepareStatement("insert into wb_deleted (channel_id, year, count)"
                + " select rc.channel_id, extract(year from r.received_on)::int, count(*) from wb_report r"
                + " join wb_report_channel rc on rc.report_id = r.id where r.status = 'concluded' and r.keep_until < ?"
                + " group by 1, 2 on conflict (channel_id, year) do update set count = wb_deleted.count + excluded.count");
                PreparedStatement byCategory = c.prepareStatement("insert into wb_deleted_category"
                        + " (channel_id, year, category, count) select rc.channel_id,"
                        + " extract(year from r.received_on)::int, coalesce(r.category, ''), count(*) from wb_report r"
                        + " join wb_report_channel rc on rc.report_id = r.id where r.status = 'concluded'"
                        + " and r.keep_until < ? group by 1, 2, 3 on conflict (channel_id, year, category)"
                        + " do update set count = wb_deleted_category.count + excluded.count");
                PreparedStatement delete = c.prepareStatement(
                        "delete from wb_report where status = 'concluded' and keep_until < ?")) {
            count.setObject(1, today);
            count.executeUpdate();
            byCategory.setObject(1, today);
            byCategory.executeUpdate();
            delete.setObject(1, today);
            deleted = delete.executeUpdate();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        if (deleted > 0) {
            Wal.vacuumAndForget(c, "wb_report, wb_message, wb_attachment, wb_report_key, wb_report_channel");
        }
        deleteOldDrafts(c, today);
        return deleted;
    }
}
