package org.candour.survey;

/**
 * Closing a survey against spends in flight, with a transaction-scoped PostgreSQL advisory lock per
 * survey: every spend holds it shared until it commits, and closing takes it exclusively, so spends in
 * flight finish first and are flushed by the close, and later ones wait for the close and then read
 * CLOSED. Unlike a row lock on the survey row, a shared advisory lock writes nothing: concurrent spends
 * do not turn it into a multixact, mark the row or add WAL.
 *
 * <p>A spend must read the survey's status in a later statement than the one that takes the lock: under
 * READ COMMITTED each statement reads the data as of its own start, and the lock may have been waited for.
 */
public final class SurveyGate {

    /** Taken by a spend (plain JDBC), with the survey's id as its one parameter. */
    public static final String SPEND = "select 1 from (select pg_advisory_xact_lock_shared(hashtextextended("
            + "'candour-survey:' || cast(? as text), 0))) x";

    /** Taken by the closing transaction (a JPA native query), with the survey's id as parameter 1. */
    public static final String CLOSE = "select 1 from (select pg_advisory_xact_lock(hashtextextended("
            + "'candour-survey:' || cast(?1 as text), 0))) x";

    private SurveyGate() {
    }
}
