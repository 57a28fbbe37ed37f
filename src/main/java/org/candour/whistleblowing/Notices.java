package org.candour.whistleblowing;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.account.StaffPrincipal;
import org.candour.db.ClusterLock;
import org.candour.web.LogSafe;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Content-free notices to handlers: when a case of theirs needs attention (a new report, a reporter's
 * answer, an escalation), the case marks each of its handlers' contact as pending in the same
 * transaction; a scheduled job on one replica at a time (a {@link ClusterLock}) sends one e-mail per
 * pending handler, saying only that a case needs attention: every minute for handlers who asked for
 * notices at once, and once a day (after 07:00) for those who chose a daily digest, so its timing says
 * little. Retention runs in the same job: concluded cases past their day are deleted, leaving a count.
 */
@ApplicationScoped
public class Notices {

    private static final Logger LOG = Logger.getLogger(Notices.class);
    static final String SUBJECT = "Candour: a case needs your attention";
    static final String TEXT = "A case in one of your reporting channels needs your attention.\n\nSign in to Candour"
            + " to see it. This message says nothing about the case, by design.\n";

    @Inject
    EntityManager em;

    @Inject
    Mailer mailer;

    @Inject
    AgroalDataSource dataSource;

    /** A handler's notice settings. */
    public record Contact(String email, boolean daily) {
    }

    @Transactional(TxType.SUPPORTS)
    public Contact contact(StaffPrincipal actor) {
        List<?> rows = em.createNativeQuery("select email, daily from wb_handler_contact where account_id = ?1")
                .setParameter(1, actor.accountId()).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        return new Contact((String) r[0], (Boolean) r[1]);
    }

    @Transactional
    public void setContact(StaffPrincipal actor, String email, boolean daily) {
        String e = email == null ? "" : email.strip();
        if (e.isEmpty()) {
            em.createNativeQuery("delete from wb_handler_contact where account_id = ?1").setParameter(1, actor.accountId())
                    .executeUpdate();
            return;
        }
        if (!e.matches("[^@\\s]{1,64}@[^@\\s]{1,190}")) {
            throw ProblemException.badRequest("email: an address such as name@example.org, or empty for no notices.");
        }
        em.createNativeQuery("insert into wb_handler_contact (account_id, email, daily) values (?1, ?2, ?3)"
                + " on conflict (account_id) do update set email = excluded.email, daily = excluded.daily")
                .setParameter(1, actor.accountId()).setParameter(2, e).setParameter(3, daily).executeUpdate();
    }

    /** Marks every handler who may open the case as having a notice due; in the caller's transaction. */
    @Transactional(TxType.MANDATORY)
    public void caseNeedsAttention(UUID reportId) {
        em.createNativeQuery("update wb_handler_contact set pending = true where account_id in"
                + " (select account_id from wb_report_key where report_id = ?1)").setParameter(1, reportId).executeUpdate();
    }

    @Scheduled(identity = "candour-wb-notices", every = "${candour.whistleblowing.notice-every:PT1M}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run(LocalDate.now(Cases.ZONE), LocalTime.now(Cases.ZONE));
        } catch (RuntimeException | SQLException e) {
            LOG.warn("Sending handlers' notices or deleting expired cases failed; retried at the next run",
                    LogSafe.redact(e));
        }
    }

    /**
     * One run: notices due (a daily handler's digest once a day after 07:00, the day kept with the
     * handler in the database, so any replica may send it) and retention. Returns notices sent.
     */
    public int run(LocalDate today, LocalTime now) throws SQLException {
        boolean digestTime = now.getHour() >= 7;
        try (Connection c = dataSource.getConnection()) {
            return ClusterLock.run(c, "candour-wb-notices", false, 0, conn -> {
                int sent = send(conn, today, digestTime);
                Retention.deleteExpired(conn, today);
                return sent;
            });
        }
    }

    private int send(Connection c, LocalDate today, boolean digestTime) throws SQLException {
        List<String[]> due = new ArrayList<>();
        c.setAutoCommit(true);
        try (PreparedStatement st = c.prepareStatement("update wb_handler_contact set pending = false,"
                + " digest_on = case when daily then ? else digest_on end"
                + " where pending and (not daily or (? and (digest_on is null or digest_on < ?)))"
                + " returning account_id, email")) {
            st.setObject(1, today);
            st.setBoolean(2, digestTime);
            st.setObject(3, today);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    due.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] d : due) {
            mailer.send(Mail.withText(d[1], SUBJECT, TEXT));
        }
        return due.size();
    }
}
