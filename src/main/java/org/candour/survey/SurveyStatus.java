package org.candour.survey;

/** A survey's lifecycle; it only moves forward. */
public enum SurveyStatus {
    /** Being written: questions and k may change. */
    DRAFT,
    /** Accepting responses: questions and k are frozen. */
    OPEN,
    /** No longer accepting responses. */
    CLOSED
}
